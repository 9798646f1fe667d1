import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkDocument, DOCUMENT_LIMITS } from "../../federation/document-limits.ts";
import { fixture } from "../helpers/fake-mastodon.ts";
import { ROOT } from "../helpers/spawn.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const note = (fields: Record<string, unknown>) => ({
  "@context": AS,
  id: "https://x.test/a",
  type: "Create",
  actor: "https://x.test/u",
  object: { id: "https://x.test/n", type: "Note", content: "hi", ...fields },
});
const reasonOf = (json: unknown) => {
  const check = checkDocument(json);
  return check.ok ? "ok" : check.reason;
};
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe("the limits of an inbound document", () => {
  it("lets every payload captured from other servers through, and names the remote contexts", () => {
    const fixtures = `${ROOT}/tests/fixtures`;
    for (const software of readdirSync(fixtures, { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    ))
      for (const name of readdirSync(`${fixtures}/${software.name}`).filter((f) =>
        f.endsWith(".json"),
      )) {
        const json = JSON.parse(readFileSync(`${fixtures}/${software.name}/${name}`, "utf8"));
        expect(reasonOf(json), `${software.name}/${name}`).toBe("ok");
      }
    expect(checkDocument(fixture("create-note"))).toEqual({
      ok: true,
      contextUrls: [AS, "https://w3id.org/security/v1"],
    });
  });

  it("refuses nesting deeper than the limit, however it is built", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(reasonOf(note({ content: deep }))).toBe("too-deep");
    let objects: unknown = "x";
    for (let i = 0; i <= DOCUMENT_LIMITS.depth; i++) objects = { a: objects };
    expect(reasonOf(objects)).toBe("too-deep");
  });

  it("bounds texts by what they hold: titles, summaries, bodies and anything else", () => {
    const { text } = DOCUMENT_LIMITS;
    expect(reasonOf(note({ name: "x".repeat(text.name) }))).toBe("ok");
    expect(reasonOf(note({ name: "x".repeat(text.name + 1) }))).toBe("text-too-long");
    expect(reasonOf(note({ nameMap: { en: "x".repeat(text.name + 1) } }))).toBe("text-too-long");
    expect(reasonOf(note({ summary: "x".repeat(text.summary + 1) }))).toBe("text-too-long");
    expect(reasonOf(note({ content: "x".repeat(text.content) }))).toBe("ok");
    expect(reasonOf(note({ content: "x".repeat(text.content + 1) }))).toBe("text-too-long");
    expect(reasonOf(note({ contentMap: { sw: "x".repeat(text.content + 1) } }))).toBe(
      "text-too-long",
    );
    expect(reasonOf(note({ content: [{ "@value": "x".repeat(text.content + 1) }] }))).toBe(
      "text-too-long",
    );
    // A body's allowance does not carry over to a prefixed or unknown property.
    expect(reasonOf(note({ "as:name": "x".repeat(text.other + 1) }))).toBe("text-too-long");
    expect(reasonOf(note({ url: `https://x.test/${"a".repeat(text.other)}` }))).toBe(
      "text-too-long",
    );
  });

  it("refuses text PostgreSQL cannot store: a NUL or a lone surrogate, in a value or a key", () => {
    expect(reasonOf(note({ content: "a\u0000b" }))).toBe("not-text");
    expect(reasonOf(note({ name: "\ud800" }))).toBe("not-text");
    expect(reasonOf(note({ "na\u0000me": "x" }))).toBe("not-text");
    expect(reasonOf(note({ content: "emoji 🌍 and ü" }))).toBe("ok");
  });

  it("counts recipients, tags, mentions, attachments and languages per object", () => {
    const { recipients, tags, mentions, attachments, languages } = DOCUMENT_LIMITS;
    const actors = many(recipients, (i) => `https://x.test/u/${i}`);
    expect(reasonOf(note({ to: actors }))).toBe("ok");
    expect(reasonOf(note({ to: actors, cc: "https://x.test/f" }))).toBe("too-many-recipients");
    const hashtag = (i: number) => ({ type: "Hashtag", name: `#t${i}` });
    expect(reasonOf(note({ tag: many(tags + 1, hashtag) }))).toBe("too-many-tags");
    const mention = (i: number) => ({ type: "Mention", href: `https://x.test/u/${i}` });
    expect(reasonOf(note({ tag: many(mentions + 1, mention) }))).toBe("too-many-mentions");
    const link = (i: number) => ({ type: "Link", href: `https://x.test/f/${i}` });
    expect(reasonOf(note({ attachment: many(attachments + 1, link) }))).toBe(
      "too-many-attachments",
    );
    const map = Object.fromEntries(many(languages + 1, (i) => [`x-l${i}`, "t"]));
    expect(reasonOf(note({ contentMap: map }))).toBe("too-many-languages");
  });

  it("bounds arrays and the number of values in the whole document", () => {
    expect(reasonOf(note({ url: many(DOCUMENT_LIMITS.arrayItems + 1, () => "x") }))).toBe(
      "array-too-long",
    );
    const objects = many(DOCUMENT_LIMITS.values / 2, (i) => ({ type: "Note", id: `x${i}` }));
    expect(
      reasonOf(note({ attributedTo: objects.slice(0, 500), inReplyTo: objects.slice(500) })),
    ).toBe("too-many-values");
  });

  it("bounds inline contexts and the remote contexts a document names", () => {
    const terms = (n: number, k = 0) =>
      Object.fromEntries(many(n, (i) => [`t${k}_${i}`, `x:${i}`]));
    expect(reasonOf({ ...note({}), "@context": [AS, terms(DOCUMENT_LIMITS.contextTerms)] })).toBe(
      "ok",
    );
    expect(
      reasonOf({ ...note({}), "@context": [AS, terms(DOCUMENT_LIMITS.contextTerms + 1)] }),
    ).toBe("context-too-large");
    const scoped = many(DOCUMENT_LIMITS.contextObjects + 1, (i) => ({ "@context": terms(1, i) }));
    expect(
      reasonOf({ ...note({}), ...Object.fromEntries(scoped.map((s, i) => [`p${i}`, s])) }),
    ).toBe("context-too-large");
    const urls = many(DOCUMENT_LIMITS.contextUrls + 1, (i) => `https://x.test/ctx/${i}`);
    expect(reasonOf({ ...note({}), "@context": urls })).toBe("context-too-large");
  });
});
