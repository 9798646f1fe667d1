/**
 * Screenshots of the main pages, in English and Arabic, on a desktop and at 390 px, into
 * docs/screenshots/. Refreshed by `npm run screenshots`; skipped in the ordinary test run.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGE_COOKIE } from "../../web/i18n/choice.ts";
import { CHROMIUM, launchFor, newVisitor, signIn } from "../helpers/chromium.ts";
import { type HarnessInstance, startInstances, stopAll } from "../helpers/federation-harness.ts";
import { ROOT } from "../helpers/spawn.ts";
import { PASSWORD, seed } from "./seed.ts";

const WANTED = process.env.SCREENSHOTS === "1" && CHROMIUM != null;
const FOLDER = join(ROOT, "docs/screenshots");

let alpha: HarnessInstance;
let browser: Browser;
let pages: [string, string, boolean][];

beforeAll(async () => {
  if (!WANTED) return;
  [alpha] = await startInstances(["alpha"]);
  const posts = await seed(alpha);
  const path = (iri: string) => new URL(iri).pathname;
  // [file name, address, signed in]
  pages = [
    ["home", "/", false],
    ["space", "/@wmke", false],
    ["lesson", path(posts.lesson.iri), false],
    ["event", path(posts.event.iri), true],
    ["proposal", path(posts.proposal.iri), true],
    ["lessons", "/lessons", false],
    ["compose-lesson", "/compose?kind=lesson&as=wmke", true],
    ["members", "/@wmke/people", true],
    ["admin", "/admin", true],
  ];
  browser = await launchFor([alpha]);
  await mkdir(FOLDER, { recursive: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stopAll();
});

describe.skipIf(!WANTED)("screenshots of the main pages", () => {
  for (const lang of ["en", "ar"] as const)
    for (const [device, width] of [
      ["desktop", 1280],
      ["mobile", 390],
    ] as const)
      it(`${lang} ${device}`, async () => {
        const context = await newVisitor(browser, { width, locale: lang });
        // As if chosen in the language menu, which outranks the account's own language.
        await context.addCookies([{ name: LANGUAGE_COOKIE, value: lang, url: alpha.origin }]);
        const page = await context.newPage();
        for (const [name, address, signedIn] of pages) {
          if (signedIn && !(await context.cookies()).some((c) => c.name.includes("session")))
            await signIn(page, alpha.origin, "ana", PASSWORD);
          await page.goto(`${alpha.origin}${address}`);
          expect(await page.getAttribute("html", "lang")).toBe(lang);
          await page.screenshot({
            path: join(FOLDER, `${name}-${lang}-${device}.png`),
            fullPage: true,
          });
        }
        await context.close();
      }, 300_000);
});
