import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localActorIri } from "../server/actors/local-iris.ts";
import { meetSpace } from "../server/directory/directory.ts";
import { syncLocalSpaces } from "../server/directory/local-spaces.ts";
import { createPerson, findPersonByHandle, NewPersonInput } from "../server/people/people.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { persistRemotePost, updateRemotePost } from "../server/posts/remote-posts.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const tokens: Record<string, string> = {};
const iri = (handle: string) => localActorIri(hub.origin, handle);
const REMOTE = "https://remote.test/users/kofi";

async function publish(input: PostInput, mentions: { href: string; name: string }[] = []) {
  const author = { origin: hub.origin, handle: "wmke", iri: iri("wmke") };
  return createLocalPost(hub.deps.db, author, PostInput.parse(input), mentions);
}

function remotePost(id: string, content: Record<string, string>, visibility = "public" as const) {
  const postIri = `https://remote.test/notes/${id}`;
  return {
    iri: postIri,
    authorIri: REMOTE,
    isLocal: false,
    contentHtml: content,
    visibility,
    contextIri: postIri,
    url: postIri,
  };
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  await setUpInstance(hub);
  for (const handle of ["bo", "cy", "dee"]) {
    const input = { handle, email: `${handle}@example.org`, password: "a long password" };
    const made = await createPerson(hub.deps.db, NewPersonInput.parse(input));
    if (!made.ok) throw new Error(made.reason);
  }
  for (const handle of ["ana", "bo", "cy", "dee"]) {
    const person = await findPersonByHandle(hub.deps.db, handle);
    tokens[handle] = (
      await createToken(hub.deps.db, person?.id ?? "", { name: "t", scopes: ["read"] })
    ).secret;
  }
  await hub.deps.db.execute(sql`
    INSERT INTO remote_actors (iri, type, handle, inbox_iri)
    VALUES (${REMOTE}, 'Person', '@kofi@remote.test', ${`${REMOTE}/inbox`})`);
  await hub.deps.db.execute(sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri)
    VALUES (${iri("bo")}, ${iri("wmke")}, 'accepted', ${`${iri("bo")}#follow`})`);
});
afterAll(() => hub.close());

interface Found {
  defaultLanguage: string;
  title: Record<string, string> | null;
  content: Record<string, string>;
}

/** The titles, or else the texts, of what `who` finds with `query`, in their own language. */
async function find(query: string, who = "anonymous") {
  const response = await search(query, who);
  expect(response.status).toBe(200);
  const body = await response.json();
  return body.items.map((item: Found) =>
    (item.title ?? item.content)[item.defaultLanguage]?.replace(/<[^>]+>/g, ""),
  );
}

function search(query: string, who = "anonymous") {
  const headers: Record<string, string> =
    who === "anonymous" ? {} : { authorization: `Bearer ${tokens[who]}` };
  return hub.request(`/api/v1/search?${query}`, { headers });
}

describe("words in every language a post has", () => {
  beforeAll(async () => {
    await publish({
      kind: "article",
      defaultLanguage: "es",
      title: { es: "Una biblioteca comunitaria", en: "A community library" },
      content: { es: "Abrimos la biblioteca.", en: "We opened the library." },
    });
    await publish({
      defaultLanguage: "ru",
      content: { ru: "Библиотеки города открыты" },
    });
    await publish({ defaultLanguage: "fr", content: { fr: "Les bibliothèques du quartier" } });
    await publish({ defaultLanguage: "ar", content: { ar: "المكتبات العامة في القاهرة" } });
    await publish({
      defaultLanguage: "zh-Hans",
      content: { "zh-Hans": "维基百科是自由的百科全书" },
    });
    await publish({ defaultLanguage: "bn", content: { bn: "বাংলা উইকিপিডিয়া সম্মেলন" } });
    await publish({
      kind: "lesson",
      title: { en: "Our first edit-a-thon" },
      content: { en: "How it went." },
      details: {
        lessonKind: "failure",
        recommendations: { en: "Book the auditorium months ahead", sw: "Weka ukumbi mapema" },
      },
    });
  });

  it("finds a word by its stem in the post's own language", async () => {
    expect(await find("q=bibliotecas")).toEqual(["Una biblioteca comunitaria"]);
    expect(await find("q=libraries")).toEqual(["Una biblioteca comunitaria"]);
    expect(await find("q=библиотека")).toEqual(["Библиотеки города открыты"]);
    expect(await find("q=bibliothèque")).toEqual(["Les bibliothèques du quartier"]);
    // Without its accent, as typed on a phone.
    expect(await find("q=bibliotheque")).toEqual(["Les bibliothèques du quartier"]);
    expect(await find("q=مكتبة")).toEqual(["المكتبات العامة في القاهرة"]);
  });

  it("finds words written without spaces, and words as written where no stemmer exists", async () => {
    expect(await find(`q=${encodeURIComponent("百科")}`)).toEqual(["维基百科是自由的百科全书"]);
    expect(await find(`q=${encodeURIComponent("科百")}`)).toEqual([]);
    expect(await find(`q=${encodeURIComponent("উইকিপিডিয়া")}`)).toEqual(["বাংলা উইকিপিডিয়া সম্মেলন"]);
  });

  it("finds the texts of hub content, in each of their languages", async () => {
    expect(await find("q=auditorium")).toEqual(["Our first edit-a-thon"]);
    expect(await find("q=ukumbi")).toEqual(["Our first edit-a-thon"]);
  });
});

describe("remote posts", () => {
  it("are found as they arrive and as they are edited", async () => {
    await persistRemotePost(hub.deps.db, remotePost("1", { en: "<p>Mangrove restoration</p>" }));
    expect(await find("q=mangroves")).toEqual(["Mangrove restoration"]);
    await updateRemotePost(hub.deps.db, remotePost("1", { en: "<p>Coral reef survey</p>" }));
    expect(await find("q=mangroves")).toEqual([]);
    expect(await find("q=coral")).toEqual(["Coral reef survey"]);
    expect(await find("q=coral&space=@kofi@remote.test")).toEqual(["Coral reef survey"]);
    expect(await find("q=coral&space=wmke")).toEqual([]);
  });
});

describe("who finds a post", () => {
  beforeAll(async () => {
    for (const visibility of ["public", "unlisted", "followers", "direct"] as const)
      await publish(
        { content: { en: `Quokka census for ${visibility}` }, visibility },
        visibility === "direct" ? [{ href: iri("dee"), name: "@dee" }] : [],
      );
    await persistRemotePost(hub.deps.db, {
      ...remotePost("2", { en: "<p>Quokka census for remote followers</p>" }),
      visibility: "followers",
    });
  });

  const EXPECTED: Record<string, string[]> = {
    anonymous: ["public"],
    cy: ["public"],
    bo: ["followers", "public"],
    dee: ["direct", "public"],
    // Ana may publish as the space, so she reads all it wrote; unlisted posts are never listed.
    ana: ["direct", "followers", "public"],
  };
  for (const [who, audiences] of Object.entries(EXPECTED))
    it(`${who} finds only what they may see, and nothing unlisted`, async () => {
      const found = await find("q=quokka", who);
      expect(found.map((text: string) => text.split(" ").at(-1)).sort()).toEqual(audiences);
    });
});

describe("filters", () => {
  beforeAll(async () => {
    await publish({
      kind: "lesson",
      defaultLanguage: "pt-BR",
      title: { "pt-BR": "Oficina de fotografia em Nairobi" },
      details: { lessonKind: "lesson", themes: ["photography"], regions: ["KE-30"] },
    });
    await publish({
      kind: "offer",
      title: { en: "Photography equipment to lend" },
      details: { category: "equipment", regions: ["NG"], languages: ["yo"] },
    });
    await publish({ content: { en: "Photography walk on Saturday #WikiLovesEarth" } });
  });

  it("narrow words to a kind, language, region and theme", async () => {
    const all = await find("q=photography"); // not the Portuguese "fotografia"
    expect(all).toHaveLength(2);
    expect(await find("q=photography&kind=offer")).toEqual(["Photography equipment to lend"]);
    expect(await find("q=fotografia&language=pt")).toEqual(["Oficina de fotografia em Nairobi"]);
    expect(await find("q=photography&language=pt-BR")).toEqual([]);
    expect(await find("q=fotografia&language=pt-BR")).toEqual(["Oficina de fotografia em Nairobi"]);
    expect(await find("q=photography&language=yo")).toEqual(["Photography equipment to lend"]);
    expect(await find("q=fotografia&region=KE")).toEqual(["Oficina de fotografia em Nairobi"]);
    expect(await find("q=photography&region=KE-31")).toEqual([]);
    expect(await find("q=photography&theme=%23wikilovesearth")).toEqual([
      "Photography walk on Saturday #WikiLovesEarth",
    ]);
  });

  it("find by filters alone, newest first", async () => {
    expect(await find("theme=photography")).toEqual(["Oficina de fotografia em Nairobi"]);
    expect(await find("kind=offer&region=NG")).toEqual(["Photography equipment to lend"]);
    const lessons = await find("kind=lesson&space=wmke");
    expect(lessons).toEqual(["Oficina de fotografia em Nairobi", "Our first edit-a-thon"]);
  });

  it("refuse a filter that is not one, and find nothing for an author unknown here", async () => {
    for (const query of ["kind=poem", "region=Kenya", "language=not a tag", "type=people"])
      expect((await search(`q=photography&${query}`)).status).toBe(400);
    expect(await find("q=photography&space=@nobody@elsewhere.test")).toEqual([]);
  });
});

describe("spaces of the directory", () => {
  const AFRICA = "@wmafrica@africa.test";
  const FRANCE = "@wmfr@fr.test";
  beforeAll(async () => {
    await syncLocalSpaces(hub.deps.db, hub.origin);
    await meetSpace(
      hub.deps.db,
      {
        iri: "https://africa.test/@wmafrica",
        handle: AFRICA,
        name: { en: "Wikimedians of Africa", fr: "Wikimédiens d’Afrique" },
        kind: "hub",
        focus: "regional",
        regions: ["KE", "NG", "SN"],
        languages: ["en", "fr", "sw"],
        themes: ["education", "open-data"],
      },
      "actor",
    );
    await meetSpace(
      hub.deps.db,
      {
        iri: "https://fr.test/@wmfr",
        handle: FRANCE,
        name: { fr: "Wikimédia France" },
        defaultLanguage: "fr",
        kind: "affiliate",
        regions: ["FR"],
        languages: ["fr"],
      },
      "actor",
    );
  });

  async function findSpaces(query: string) {
    const response = await search(`type=spaces&${query}`);
    expect(response.status).toBe(200);
    return (await response.json()).items.map((space: { handle: string }) => space.handle);
  }

  it("are found by name, handle and theme, in their languages, this instance's own too", async () => {
    expect(await findSpaces("q=wikimedians")).toEqual([AFRICA]);
    expect(await findSpaces("q=afrique")).toEqual([AFRICA]);
    expect(await findSpaces("q=wmfr")).toEqual([FRANCE]);
    expect(await findSpaces(`q=${encodeURIComponent(FRANCE)}`)).toEqual([FRANCE]);
    expect(await findSpaces("q=fr.test")).toEqual([FRANCE]);
    expect(await findSpaces("q=education")).toEqual([AFRICA]);
    expect(await findSpaces("q=kenya")).toEqual(["@wmke@hub.test"]);
  });

  it("are filtered by kind, focus, language, region and theme", async () => {
    expect(await findSpaces("kind=hub")).toEqual([AFRICA]);
    expect(await findSpaces("focus=regional")).toEqual([AFRICA]);
    expect(await findSpaces("kind=affiliate&language=fr")).toEqual([FRANCE]);
    expect(await findSpaces("region=SN")).toEqual([AFRICA]);
    expect(await findSpaces("theme=open-data")).toEqual([AFRICA]);
    expect(await findSpaces("q=wikimedia&region=FR")).toEqual([FRANCE]);
    expect((await search("type=spaces&focus=global")).status).toBe(400);
  });
});
