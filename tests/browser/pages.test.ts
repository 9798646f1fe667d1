/**
 * Every page, as a visitor and as the space's owner, in English and in Arabic (right to left),
 * on a desktop and at 360 px: one h1, no serious or critical axe-core violation, no sideways
 * scroll; and every page works with scripts off (the CSP forbids them anyway).
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, expectSoundPage, launchFor, newVisitor, signIn } from "../helpers/chromium.ts";
import { type HarnessInstance, startInstances, stopAll } from "../helpers/federation-harness.ts";
import { PASSWORD, seed } from "./seed.ts";

let alpha: HarnessInstance;
let browser: Browser;
let paths: Record<string, string>;

beforeAll(async () => {
  if (CHROMIUM == null) return;
  [alpha] = await startInstances(["alpha"]);
  const posts = await seed(alpha);
  paths = Object.fromEntries(
    Object.entries(posts).map(([name, post]) => [name, new URL(post.iri).pathname]),
  );
  browser = await launchFor([alpha]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stopAll();
});

const ANONYMOUS = [
  "/",
  "/@wmke",
  "/@ana",
  "/@wmke/followers",
  "/lessons",
  "/resources",
  "/events",
  "/proposals",
  "/articles",
  "/login",
  "/tags/wikimedia",
  "/directory",
  "/map",
  "/@eahub",
  "/@eahub/members",
  "/@eahub/engagement",
  "/@wmke/archive",
  "/no-such-page",
];
const SIGNED_IN = [
  "/home",
  "/notifications",
  "/settings",
  "/settings/profile",
  "/settings/password",
  "/settings/preferences",
  "/settings/tokens",
  "/admin",
  "/spaces/new",
  "/@wmke/settings",
  "/@wmke/people",
  "/@wmke/followers/requests",
  "/@eahub/settings",
  "/@eahub/people",
  "/compose?kind=article&as=wmke",
  "/compose?kind=offer&as=wmke",
  "/compose?kind=lesson&as=wmke",
  "/compose?kind=event&as=wmke",
  "/compose?kind=proposal&as=wmke",
];

async function checkAll(context: BrowserContext, list: string[], language: string) {
  const page = await context.newPage();
  for (const path of list) {
    await page.goto(`${alpha.origin}${path}`);
    expect(await page.getAttribute("html", "lang"), path).toBe(language);
    await expectSoundPage(page, `${language} ${path} at ${page.viewportSize()?.width}px`);
  }
  await page.close();
}

/** Chooses the interface language in the header menu, as a reader would. */
async function chooseLanguage(context: BrowserContext, lang: string) {
  const page = await context.newPage();
  await page.goto(`${alpha.origin}/`);
  await page.locator("#language-menu").selectOption(lang);
  await page.locator("form.language-menu button").click();
  await page.waitForLoadState();
  await page.close();
}

describe.skipIf(CHROMIUM == null)("every page, in English and Arabic, wide and narrow", () => {
  for (const [language, width] of [
    ["en", 1280],
    ["ar", 1280],
    ["en", 360],
    ["ar", 360],
  ] as const) {
    it(`reads well in ${language} at ${width}px, signed out and signed in`, async () => {
      const context = await newVisitor(browser, { width });
      if (language !== "en") await chooseLanguage(context, language);
      const posts = Object.values(paths);
      await checkAll(context, [...ANONYMOUS, ...posts], language);
      const page = await context.newPage();
      await signIn(page, alpha.origin, "ana", PASSWORD);
      await page.close();
      await checkAll(
        context,
        [...SIGNED_IN, ...posts, ...posts.map((p) => `${p}/edit`), `${paths.lesson}/delete`],
        language,
      );
      await context.close();
    }, 600_000);
  }
});
