import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
});
afterAll(() => stopAll());

describe("following a space on another instance and reading what it publishes", () => {
  let postIri: string;
  const ana = () => as(alpha, "ana");
  const kenya = () => as(beta, "kenya");
  const gita = () => as(gamma, "gita");

  it("a person on alpha follows @kenya@beta.test by handle, and the space accepts", async () => {
    const result = await ana().follow("@kenya@beta.test");
    expect(result).toMatchObject({ ok: true, targetIri: "https://beta.test/@kenya" });
    await eventually(async () =>
      expect(await ana().followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const followers = await (
      await fetch("https://beta.test/@kenya/followers", {
        headers: { accept: "application/activity+json" },
      })
    ).json();
    expect(followers.totalItems).toBe(1);
  });

  it("the space publishes in two languages and alpha shows it in ana's timeline", async () => {
    const post = await kenya().publish({
      content: { en: "Edit-a-thon on Saturday #wikikenya", sw: "Edit-a-thon Jumamosi #wikikenya" },
      defaultLanguage: "en",
    });
    postIri = post.iri;
    const timeline = await eventually(async () => {
      const items = await ana().timeline();
      expect(items.map((p) => p.iri)).toContain(postIri);
      return items;
    });
    const copy = timeline.find((p) => p.iri === postIri);
    expect(copy?.contentHtml.en).toContain("Edit-a-thon on Saturday");
    expect(copy?.contentHtml.sw).toContain("Jumamosi");
    expect(copy?.hashtags).toEqual(["wikikenya"]);
    expect(copy?.visibility).toBe("public");
  });

  it("an edit reaches alpha", async () => {
    const post = await seen(beta, postIri);
    if (post == null) throw new Error("beta lost its post");
    await kenya().edit(post, {
      content: { en: "Edit-a-thon moved to Sunday" },
      defaultLanguage: "en",
    });
    await eventually(async () =>
      expect((await seen(alpha, postIri))?.contentHtml.en).toContain("moved to Sunday"),
    );
  });

  it("a reply from gamma threads under the post on beta and is passed on to the space's followers", async () => {
    await gita().follow("@kenya@beta.test");
    await eventually(async () =>
      expect(await gita().followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const reply = await gita().publish({
      content: { en: "I will bring the snacks" },
      inReplyToIri: postIri,
    });
    await eventually(async () => expect((await seen(beta, reply.iri))?.inReplyToIri).toBe(postIri));
    // alpha follows the space, not gita: it gets the reply only because beta forwarded it.
    await eventually(async () =>
      expect((await seen(alpha, reply.iri))?.contentHtml.en).toContain("snacks"),
    );
    const page = await (await fetch(new URL(postIri), { headers: { accept: "text/html" } })).text();
    expect(page).toContain("I will bring the snacks");
  });

  it("likes and boosts from other instances are counted once each", async () => {
    await gita().react(postIri, "like");
    await ana().react(postIri, "like");
    await ana().react(postIri, "boost");
    await eventually(async () =>
      expect(await seen(beta, postIri)).toMatchObject({ likes: 2, boosts: 1 }),
    );
    // A second like is an unlike, delivered as Undo.
    await gita().react(postIri, "like");
    await eventually(async () =>
      expect(await seen(beta, postIri)).toMatchObject({ likes: 1, boosts: 1 }),
    );
  });

  it("unfollowing stops delivery", async () => {
    await ana().unfollow("https://beta.test/@kenya");
    await eventually(async () => {
      const followers = await (
        await fetch("https://beta.test/@kenya/followers", {
          headers: { accept: "application/activity+json" },
        })
      ).json();
      expect(followers.totalItems).toBe(1);
    });
    const later = await kenya().publish({ content: { en: "Only for those still following" } });
    // gita still follows: once her copy arrives, the same fan-out has passed alpha by.
    await eventually(async () => expect(await seen(gamma, later.iri)).toBeDefined());
    expect(await seen(alpha, later.iri)).toBeUndefined();
  });

  it("a person follows a space on their own instance the same way", async () => {
    expect(await as(alpha, "ana").follow("@alpha_hub@alpha.test")).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(await ana().followState("https://alpha.test/@alpha_hub")).toBe("accepted"),
    );
    const page = await (
      await fetch("https://alpha.test/@alpha_hub/followers", { headers: { accept: "text/html" } })
    ).text();
    expect(page).toContain("@ana@alpha.test");
  });

  it("a deletion removes the post on every instance that had it", async () => {
    const post = await seen(beta, postIri);
    if (post == null) throw new Error("beta lost its post");
    await kenya().remove(post);
    await eventually(async () => expect(await seen(gamma, postIri)).toBeUndefined());
    expect(await seen(beta, postIri)).toBeUndefined();
  });
});
