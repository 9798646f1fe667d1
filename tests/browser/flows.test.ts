/**
 * The main flows, done in Chromium as people would, on real HTTPS instances: an operator sets up
 * alpha from the setup link and invites an editor; the editor publishes a lesson in two languages
 * and an event; the interface goes to Arabic and back; the owner answers the event and the editor
 * votes; someone on beta follows alpha's space, reads its posts and finds both in search; and the main steps once more
 * by keyboard only. Each page on the way is checked by axe-core.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSetupToken } from "../../server/setup/setup.ts";
import {
  CHROMIUM,
  expectSoundPage,
  launchFor,
  newVisitor,
  signIn,
  tabTo,
  words,
} from "../helpers/chromium.ts";
import { setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let browser: Browser;
let ana: Page;
let kofi: Page;

beforeAll(async () => {
  if (CHROMIUM == null) return;
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(beta, "beta_hub", "bea");
  browser = await launchFor([alpha, beta]);
  ana = await (await newVisitor(browser)).newPage();
  kofi = await (await newVisitor(browser)).newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stopAll();
});

const PASSWORD = "correct horse battery";
const flash = (page: Page) => page.locator("main > .notice[role=status]");

describe.skipIf(CHROMIUM == null)("the main flows in a browser", () => {
  let lessonPath: string;
  let eventPath: string;

  it("an operator sets the instance up from the setup link", async () => {
    const token = await issueSetupToken(alpha.deps.db);
    await ana.goto(`${alpha.origin}/setup?token=${token}`);
    await expectSoundPage(ana, "setup");
    await ana.locator("#spaceName").fill("Wikimedia Kenya");
    await ana.locator("#displayName").fill("Ana");
    await ana.locator("#handle").fill("ana");
    await ana.locator("#email").fill("ana@example.org");
    await ana.locator("#password").fill(PASSWORD);
    await ana.getByRole("button", { name: words("setup.submit") }).click();
    await ana.waitForURL(`${alpha.origin}/@wikimedia_kenya`);
    await expect(ana.locator("h1").textContent()).resolves.toBe("Wikimedia Kenya");
    await expectSoundPage(ana, "new space");
  }, 180_000);

  it("invites an editor, who signs up by the link", async () => {
    await ana.goto(`${alpha.origin}/@wikimedia_kenya/people`);
    await ana.locator("#invite-role").selectOption("editor");
    await ana.getByRole("button", { name: words("members.make-link") }).click();
    const link = await ana.locator("#invitation-link").inputValue();
    expect(link).toMatch(/^https:\/\/alpha\.test\/invite\//);
    await expectSoundPage(ana, "members with a link");

    await kofi.goto(link);
    await expectSoundPage(kofi, "invitation");
    await kofi.locator("#displayName").fill("Kofi");
    await kofi.locator("#handle").fill("kofi");
    await kofi.locator("#email").fill("kofi@example.org");
    await kofi.locator("#password").fill(PASSWORD);
    await kofi.getByRole("button", { name: words("signup.submit") }).click();
    await kofi.waitForURL(`${alpha.origin}/@wikimedia_kenya`);
    await expect(flash(kofi).textContent()).resolves.toContain(words("flash.welcome"));
  }, 180_000);

  it("the editor publishes a lesson in two languages, read in each", async () => {
    await kofi.goto(`${alpha.origin}/compose?kind=lesson&as=wikimedia_kenya`);
    await kofi.locator("#newLanguage").fill("fr");
    await kofi.getByRole("button", { name: words("translations.add"), exact: true }).click();
    await kofi.locator('[name="title@fr"]').waitFor();
    await expectSoundPage(kofi, "lesson form with a translation");
    await kofi.locator("#title").fill("Weekday edit-a-thons failed");
    await kofi.locator('[name="title@fr"]').fill("Les edit-a-thons en semaine ont échoué");
    await kofi.locator("#content").fill("Notes from **three** cities.");
    await kofi.locator('[name="content@fr"]').fill("Notes de **trois** villes.");
    await kofi.locator("#lessonKind").selectOption("failure");
    await kofi.getByRole("button", { name: "Publish the lesson" }).click();
    await kofi.waitForURL(/\/@wikimedia_kenya\/posts\//);
    lessonPath = new URL(kofi.url()).pathname;
    await expect(flash(kofi).textContent()).resolves.toContain(words("flash.published"));
    await expect(kofi.locator("h1").textContent()).resolves.toBe("Weekday edit-a-thons failed");
    await expectSoundPage(kofi, "lesson");

    const reader = await (await newVisitor(browser, { locale: "fr-FR" })).newPage();
    await reader.goto(`${alpha.origin}${lessonPath}`);
    await expect(reader.locator("h1").textContent()).resolves.toBe(
      "Les edit-a-thons en semaine ont échoué",
    );
    await expect(reader.getAttribute("html", "lang")).resolves.toBe("fr");
    await reader.context().close();
  }, 180_000);

  it("switches the interface to Arabic, right to left, and back", async () => {
    await kofi.goto(`${alpha.origin}${lessonPath}`);
    await kofi.locator("#language-menu").selectOption("ar");
    await kofi.locator("form.language-menu button").click();
    await kofi.waitForFunction(() => document.documentElement.lang === "ar");
    await expect(kofi.getAttribute("html", "dir")).resolves.toBe("rtl");
    expect(new URL(kofi.url()).pathname).toBe(lessonPath);
    await expectSoundPage(kofi, "lesson in Arabic");
    await kofi.locator("#language-menu").selectOption("en");
    await kofi.locator("form.language-menu button").click();
    await kofi.waitForFunction(() => document.documentElement.lang === "en");
    await expect(kofi.getAttribute("html", "dir")).resolves.toBe("ltr");
  }, 180_000);

  it("the editor announces an event, the owner answers it", async () => {
    await kofi.goto(`${alpha.origin}/compose?kind=event&as=wikimedia_kenya`);
    await kofi.locator("#title").fill("Regional call");
    await kofi.locator("#startTime").fill("2030-01-15T14:00");
    await kofi.locator("#endTime").fill("2030-01-15T16:00");
    await kofi.locator("#timeZone").selectOption("Africa/Nairobi");
    await kofi.locator("#onlineUrl").fill("https://meet.example.org/call");
    await kofi.getByRole("button", { name: "Publish the event" }).click();
    await kofi.waitForURL(/\/posts\//);
    eventPath = new URL(kofi.url()).pathname;
    await expect(kofi.locator("main").textContent()).resolves.toContain("East Africa Time");

    await ana.goto(`${alpha.origin}${eventPath}`);
    await ana.getByRole("button", { name: "Going", exact: true }).click();
    await expect(flash(ana).textContent()).resolves.toContain(words("flash.answered"));
    await expect(ana.locator("[data-rsvps]").textContent()).resolves.toContain("1 going");
    await expect(ana.locator("main").textContent()).resolves.toContain("Your answer: going");
    await expectSoundPage(ana, "event answered");
  }, 180_000);

  it("the owner puts a question to a vote, and the editor votes", async () => {
    await ana.goto(`${alpha.origin}/compose?kind=proposal&as=wikimedia_kenya`);
    await ana.locator("#title").fill("Meet in Nairobi?");
    await ana.locator("#options").fill("Yes\nNo");
    await ana.locator("#endTime").fill("2030-02-01T12:00");
    await ana.getByRole("button", { name: "Publish the proposal" }).click();
    await ana.waitForURL(/\/posts\//);
    const proposal = new URL(ana.url()).pathname;

    await kofi.goto(`${alpha.origin}${proposal}`);
    await kofi.getByLabel("Yes").check();
    await kofi.getByRole("button", { name: words("proposal.vote") }).click();
    await expect(flash(kofi).textContent()).resolves.toContain(words("flash.voted"));
    await expect(kofi.locator('[data-option-count="0"]').textContent()).resolves.toContain(
      words("proposal.your-vote"),
    );
    await expectSoundPage(kofi, "proposal voted");
  }, 180_000);

  it("someone on beta follows the space on alpha and reads what it publishes", async () => {
    const bea = await (await newVisitor(browser)).newPage();
    await signIn(bea, beta.origin, "bea", PASSWORD);
    await bea.goto(`${beta.origin}/home`);
    await bea.locator("#target").fill("@wikimedia_kenya@alpha.test");
    await bea.getByRole("button", { name: words("timeline.follow"), exact: true }).click();
    await expect(flash(bea).textContent()).resolves.toContain(words("flash.follow-requested"));
    await eventually(
      async () => {
        await ana.goto(`${alpha.origin}/@wikimedia_kenya/followers`);
        expect(await ana.locator("main").textContent()).toContain("@bea@beta.test");
      },
      { timeout: 60_000, interval: 1000 },
    );
    await ana.goto(`${alpha.origin}/@wikimedia_kenya`);
    await ana.locator("#content").fill("The photo contest opens on Monday.");
    await ana.getByRole("button", { name: words("compose.publish"), exact: true }).click();
    await expect(flash(ana).textContent()).resolves.toContain(words("flash.published"));
    await eventually(
      async () => {
        await bea.goto(`${beta.origin}/home`);
        expect(await bea.locator("main").textContent()).toContain("The photo contest opens");
      },
      { timeout: 60_000, interval: 1000 },
    );
    await expectSoundPage(bea, "beta home with alpha's post");
    await bea.context().close();
  }, 240_000);

  it("finds the space on alpha and its post in beta's search, from the header", async () => {
    const page = await (await newVisitor(browser)).newPage();
    await page.goto(`${beta.origin}/`);
    await page.locator("#site-search").fill("photo contest");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?/);
    expect(await page.locator("main").textContent()).toContain("The photo contest opens");
    await expectSoundPage(page, "search results for posts");
    await eventually(
      async () => {
        await page.goto(`${beta.origin}/search?type=spaces&q=kenya`);
        expect(await page.locator("main").textContent()).toContain("@wikimedia_kenya@alpha.test");
      },
      { timeout: 60_000, interval: 1000 },
    );
    await expectSoundPage(page, "search results for spaces");
    await page.context().close();
  }, 180_000);

  it("signs in, publishes and likes by keyboard alone", async () => {
    const context = await newVisitor(browser);
    const page = await context.newPage();
    await page.goto(`${alpha.origin}/login`);
    // The first Tab reaches the skip link, which jumps past the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
    await page.keyboard.press("Enter");
    await tabTo(page, "#login");
    await page.keyboard.type("kofi");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto(`${alpha.origin}/home`);
    await tabTo(page, "textarea#content");
    await page.keyboard.type("Typed without a mouse.");
    await tabTo(page, 'form.compose button[type="submit"]:not([name])');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/posts\//);
    await expect(flash(page).textContent()).resolves.toContain(words("flash.published"));
    await page.goto(`${alpha.origin}${lessonPath}`);
    await tabTo(page, 'button[aria-pressed][class~="small"]');
    await page.keyboard.press("Enter");
    await page.waitForLoadState();
    await expect(
      page
        .locator('form:has(input[name="kind"][value="like"]) button')
        .getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    await context.close();
  }, 180_000);
});
