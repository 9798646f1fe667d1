import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFollow } from "../../server/follows/follows.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { fixture, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import type { Json } from "../helpers/peers/json.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let mastodons: Awaited<ReturnType<typeof startFakeMastodon>>[];
const HUB = "https://alpha.test/@alpha_hub";

// Fedify hands an activity for five inboxes or more to its fan-out queue, which parses it again
// and serializes it anew; Hubnet's fields must survive delivery to that many servers.
beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await Promise.all([setUp(alpha, "alpha_hub", "ana"), setUp(beta, "kenya", "kofi")]);
  mastodons = await Promise.all(
    ["one", "two", "three", "four", "five"].map((n) => startFakeMastodon(`${n}.mastodon.test`)),
  );
  await as(beta, "kenya").follow("@alpha_hub@alpha.test");
  for (const mastodon of mastodons) {
    const host = new URL(mastodon.actor).host;
    const follow = fixture("follow", { "mastodon.test": host, "https://hub.test/@kenya": HUB });
    expect((await mastodon.deliver("https://alpha.test/inbox", follow)).status).toBe(202);
  }
  await eventually(async () => {
    for (const mastodon of mastodons)
      expect((await findFollow(alpha.deps.db, mastodon.actor, HUB))?.state).toBe("accepted");
    expect(await as(beta, "kenya").followState(HUB)).toBe("accepted");
  });
});
afterAll(() => stopAll());

describe("a post delivered to six servers at once", () => {
  it("reaches every one of them with Hubnet's fields", async () => {
    const offer = await as(alpha, "alpha_hub").publish({
      kind: "offer",
      title: { en: "A projector to lend" },
      content: { en: "For meet-ups in Lagos." },
      details: { category: "equipment", regions: ["NG-LA"], capacity: 1 },
    });
    const copy = await eventually(async () => {
      const found = await seen(beta, offer.iri);
      expect(found).toBeDefined();
      return found;
    });
    expect(copy).toMatchObject({ kind: "offer", title: offer.title, details: offer.details });
    for (const mastodon of mastodons) {
      const create = await eventually(() => {
        const found = mastodon.received.find(
          (a) => a.type === "Create" && (a.object as Json).id === offer.iri,
        );
        expect(found).toBeDefined();
        return found as { object: Json };
      });
      expect(create.object).toMatchObject({
        type: "Note",
        "https://w3id.org/hubnet/ns#kind": "offer",
        "https://w3id.org/valueflows/ont/vf#purpose": "offer",
      });
    }
  });
});
