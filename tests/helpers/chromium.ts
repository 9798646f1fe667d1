/**
 * A real browser for the browser tests: Debian's Chromium driven by playwright-core, pointed at
 * the harness's HTTPS instances by host-resolver rules (alpha.test → its loopback port), with
 * axe-core for accessibility. Where no Chromium can be had, the tests say so and skip.
 */
import { existsSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import en from "../../web/i18n/en.json" with { type: "json" };
import type { HarnessInstance } from "./federation-harness.ts";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Where Chromium is, or undefined (and why the browser tests skip). */
export const CHROMIUM = CANDIDATES.find((path): path is string => path != null && existsSync(path));
if (CHROMIUM == null)
  console.warn(
    "Browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium) nor CHROMIUM_PATH.",
  );

/** As root, in a container: no sandbox, no GPU, nothing fetched from Google's services. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium reaching each instance's public name at its loopback port, trusting its test CA. */
export async function launchFor(instances: HarnessInstance[]): Promise<Browser> {
  const rules = instances.map((i) => `MAP ${i.host} 127.0.0.1:${i.deps.config.PORT}`).join(",");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...FLAGS, `--host-resolver-rules=${rules}`, "--ignore-certificate-errors"],
    timeout: 120_000,
  });
}

/** A fresh browser profile (cookies of its own), in a language and at a width. */
export async function newVisitor(
  browser: Browser,
  options: { locale?: string; width?: number } = {},
): Promise<BrowserContext> {
  const width = options.width ?? 1280;
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: options.locale ?? "en-US",
    viewport: { width, height: 900 },
  });
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/** An English message of the catalog, as the page shows it (plain messages only). */
export const words = (key: keyof typeof en) => en[key];

/** Signs in through the login form. */
export async function signIn(page: Page, origin: string, login: string, password: string) {
  await page.goto(`${origin}/login`);
  // By the fields' ids, so it works whatever the interface language.
  await page.locator("#login").fill(login);
  await page.locator("#password").fill(password);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Serious and critical accessibility problems axe-core finds on the page, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** The elements that stick out of the window sideways (none when nothing scrolls sideways). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
      })
      .slice(0, 8)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().width)}px)`,
      );
  });
}

/** Checks a page as every page must be: one h1, no serious axe violation, no sideways scroll. */
export async function expectSoundPage(page: Page, what: string) {
  expect(await page.locator("h1").count(), `${what}: one h1`).toBe(1);
  expect(await seriousViolations(page), what).toEqual([]);
  expect(await overflowing(page), `${what}: sideways scroll`).toEqual([]);
}

/**
 * Presses Tab until the focused element matches `selector` (keyboard-only flows), failing
 * after `max` presses.
 */
export async function tabTo(page: Page, selector: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
