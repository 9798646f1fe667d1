import { Create, Note } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { fromPostObject, visibilityOf } from "../../federation/mappers/post-draft.ts";
import { sanitizeRemoteHtml } from "../../server/content/sanitize.ts";
import { fixture } from "../helpers/fake-mastodon.ts";

async function noteOf(name: string) {
  const create = await Create.fromJsonLd(fixture(name));
  const object = await create.getObject();
  if (!(object instanceof Note)) throw new Error(`${name} holds no Note`);
  return object;
}

describe("fromPostObject, on Mastodon's payloads", () => {
  it("keeps the text per language, the content warning, mentions and hashtags", async () => {
    const note = await noteOf("create-note");
    const draft = fromPostObject(
      note,
      { tags: await Array.fromAsync(note.getTags()) },
      {
        iri: "https://mastodon.test/users/mira",
        followersIri: "https://mastodon.test/users/mira/followers",
      },
    );
    expect(draft).toMatchObject({
      iri: "https://mastodon.test/users/mira/statuses/99512778738411822",
      authorIri: "https://mastodon.test/users/mira",
      isLocal: false,
      summary: { und: "cw" },
      sensitive: true,
      visibility: "public",
      hashtags: ["moo"],
      mentions: [{ href: "https://hub.test/@kenya", name: "@kenya@hub.test" }],
      url: "https://mastodon.test/@mira/99512778738411822",
    });
    expect(draft?.publishedAt).toEqual(new Date("2018-02-12T14:08:20Z"));
  });

  it("reads contentMap languages and the thread a reply belongs to", async () => {
    const note = await noteOf("create-reply");
    const draft = fromPostObject(
      note,
      { tags: [] },
      {
        iri: "https://mastodon.test/users/mira",
        followersIri: null,
      },
    );
    expect(Object.keys(draft?.contentHtml ?? {})).toEqual(["en"]);
    expect(draft?.defaultLanguage).toBe("en");
    expect(draft?.inReplyToIri).toBe(
      "https://hub.test/@kenya/posts/0192f0a0-0000-7000-8000-000000000001",
    );
  });

  it("tells visibility from the addressing", () => {
    const followers = "https://a.test/followers";
    const make = (to: string[], cc: string[]) =>
      new Note({ tos: to.map((u) => new URL(u)), ccs: cc.map((u) => new URL(u)) });
    const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    expect(visibilityOf(make([PUBLIC], [followers]), followers)).toBe("public");
    expect(visibilityOf(make([followers], [PUBLIC]), followers)).toBe("unlisted");
    expect(visibilityOf(make([followers], []), followers)).toBe("followers");
    expect(visibilityOf(make(["https://b.test/@x"], []), followers)).toBe("direct");
  });
});

describe("sanitizeRemoteHtml", () => {
  it("keeps Mastodon's formatting and links, drops everything that runs or loads", () => {
    const html = sanitizeRemoteHtml(
      '<p onclick="x()">Hi <a href="https://x.test/@a" class="u-url mention evil">@a</a> <strong>now</strong></p>' +
        '<script>alert(1)</script><img src="https://x.test/t.png"><iframe src="https://x.test"></iframe>' +
        '<a href="javascript:alert(1)">click</a><style>p{}</style>',
    );
    expect(html).toContain("<strong>now</strong>");
    expect(html).toContain('class="u-url mention"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
    expect(html).not.toMatch(/onclick|<script|<img|<iframe|javascript:|<style|evil/);
  });
});

describe("links from other servers", () => {
  it("keep only http(s) addresses for profile and post links", async () => {
    const { fromActor } = await import("../../federation/mappers/remote-actor.ts");
    const { Person } = await import("@fedify/vocab");
    const actor = new Person({
      id: new URL("https://x.test/@mallory"),
      inbox: new URL("https://x.test/@mallory/inbox"),
      preferredUsername: "mallory",
      url: new URL("javascript:alert(1)"),
    });
    expect(fromActor(actor, new URL("data:image/png;base64,AAAA"))).toMatchObject({
      url: null,
      iconUrl: null,
    });
    const note = new Note({
      id: new URL("https://x.test/notes/1"),
      content: "hi",
      url: new URL("javascript:alert(1)"),
    });
    expect(
      fromPostObject(note, { tags: [] }, { iri: "https://x.test/@mallory", followersIri: null })
        ?.url,
    ).toBe("https://x.test/notes/1");
  });
});
