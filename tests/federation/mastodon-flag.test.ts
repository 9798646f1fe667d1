import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportsPage } from "../../server/moderation/reports.ts";
import { as, setUp } from "../helpers/driver.ts";
import { fixture, PLACEHOLDER_POST, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// "hub" serves https://hub.test, the local host the fixtures were rewritten for.
let hub: HarnessInstance;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
const INBOX = "https://hub.test/inbox";
const MASTODON_ACTOR = "https://mastodon.test/actor";

beforeAll(async () => {
  [hub] = await startInstances(["hub"]);
  await setUp(hub, "kenya", "kofi");
  mastodon = await startFakeMastodon();
});
afterAll(() => stopAll());

const openReports = async () => (await reportsPage(hub.deps.db, "open")).items;

describe("a report forwarded by Mastodon", () => {
  it("lands in the moderators' queue once, with the account and the post it names", async () => {
    const post = await as(hub, "kenya").publish({ content: { en: "Good morning, Nairobi" } });
    const flag = fixture("flag", { [PLACEHOLDER_POST]: post.iri });
    const first = await mastodon.deliver(INBOX, flag, MASTODON_ACTOR);
    expect(first.status).toBe(202);
    const report = await eventually(async () => {
      const [found] = await openReports();
      expect(found).toMatchObject({
        sourceDomain: "mastodon.test",
        flagIri: flag.id,
        actorIri: "https://hub.test/@kenya",
        objectIris: [post.iri],
        comment: "misinfo: it's not a good morning",
        reporterId: null,
      });
      return found;
    });
    // Delivered again (servers retry): still one report.
    expect((await mastodon.deliver(INBOX, flag, MASTODON_ACTOR)).status).toBe(202);
    await settled(hub);
    expect((await openReports()).map((r) => r.id)).toEqual([report?.id]);
  });

  it("takes an account alone as its object, and leaves out what is not this instance's", async () => {
    const flag = {
      ...fixture("flag"),
      id: "https://mastodon.test/3088184f-81b2-4545-8ce2-4cee4895449f",
      content: "smellyyyyyyyyyyyyy",
      object: ["https://hub.test/@kenya", "https://elsewhere.example/statuses/1"],
    };
    await mastodon.deliver(INBOX, flag, MASTODON_ACTOR);
    await eventually(async () =>
      expect((await openReports()).find((r) => r.flagIri === flag.id)).toMatchObject({
        actorIri: "https://hub.test/@kenya",
        objectIris: [],
        comment: "smellyyyyyyyyyyyyy",
      }),
    );
    // A Flag about nothing here is not kept.
    const elsewhere = {
      ...flag,
      id: "https://mastodon.test/flags/elsewhere",
      object: "https://elsewhere.example/users/someone",
    };
    await mastodon.deliver(INBOX, elsewhere, MASTODON_ACTOR);
    await settled(hub);
    expect((await openReports()).some((r) => r.flagIri === elsewhere.id)).toBe(false);
  });
});
