import { describe, expect, it } from "vitest";
import { findHashtags, findMentionHandles, plainTextToHtml } from "../../server/posts/text.ts";

const tagUrl = (tag: string) => `https://hub.test/tags/${tag}`;

describe("writing a post", () => {
  it("finds mentions and hashtags in any script", () => {
    const text =
      "Asante @Kofi@Beta.Test and @gita@gamma.test! #WikiKenya #ويكيبيديا #2024 email@a.test";
    expect(findMentionHandles(text)).toEqual(["@kofi@beta.test", "@gita@gamma.test"]);
    expect(findHashtags(text)).toEqual(["wikikenya", "ويكيبيديا"]);
  });

  it("finds mentions of instances on this machine, with their ports", () => {
    expect(findMentionHandles("Hi @bob@localhost:3000, @ana@kenya.localhost:4431 and a@b")).toEqual(
      ["@bob@localhost:3000", "@ana@kenya.localhost:4431"],
    );
  });

  it("renders paragraphs, links, resolved mentions and hashtags, and escapes the rest", () => {
    const html = plainTextToHtml(
      "Hi @kofi@beta.test <b>!</b>\nsee https://example.org/x?a=1&b=2.\n\n#Meetup @nobody@nowhere.test",
      [{ href: "https://beta.test/@kofi", name: "@kofi@beta.test" }],
      tagUrl,
    );
    expect(html).toBe(
      '<p>Hi <span class="h-card"><a href="https://beta.test/@kofi" class="u-url mention">@<span>kofi</span></a></span> &lt;b&gt;!&lt;/b&gt;<br>' +
        'see <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow noopener" target="_blank">https://example.org/x?a=1&amp;b=2</a>.</p>' +
        '<p><a href="https://hub.test/tags/meetup" class="mention hashtag" rel="tag">#<span>Meetup</span></a> @nobody@nowhere.test</p>',
    );
  });
});
