import { Follow } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccountEverywhere } from "../../federation/actions/accounts.ts";
import { fileReportAs, resolveReportWith } from "../../federation/actions/reports.ts";
import { blockForSpace } from "../../federation/actions/space-blocks.ts";
import { send } from "../../federation/deliver.ts";
import { lookupActor } from "../../federation/remote.ts";
import { listDirectory } from "../../server/directory/directory.ts";
import {
  blockDomain,
  setAllowlistMode,
  setDomainAllowed,
  unblockDomain,
} from "../../server/moderation/domain-policy.ts";
import { moderationLogPage } from "../../server/moderation/log.ts";
import { reportsPage } from "../../server/moderation/reports.ts";
import { createPerson, findPersonByHandle, NewPersonInput } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  serveHost,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { foundHub, spaceAdmin } from "../helpers/hub-driver.ts";
import { getAs, storedFrom } from "../helpers/moderation.ts";
import { postSigned } from "../helpers/signed-post.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
const ctxOf = (instance: HarnessInstance) =>
  instance.running.federation.createContext(new URL(instance.origin), instance.deps);
const kofi = { personId: null as string | null };

beforeAll(async () => {
  // beta serves its actors and posts to signed fetches only.
  [[alpha, gamma], [beta]] = await Promise.all([
    startInstances(["alpha", "gamma"]),
    startInstances(["beta"], { env: { AUTHORIZED_FETCH: "true" } }),
  ]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  kofi.personId = (await findPersonByHandle(beta.deps.db, "kofi"))?.id ?? null;
});
afterAll(() => stopAll());

const ana = () => as(alpha, "ana");
const kenya = () => as(beta, "kenya");
const gita = () => as(gamma, "gita");

describe("a space blocks an actor of another server", () => {
  it("ends the actor's follow and refuses its next reply", async () => {
    expect((await gita().follow("@kenya@beta.test")).ok).toBe(true);
    await eventually(async () =>
      expect(await gita().followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const post = await kenya().publish({ content: { en: "Who joins the photo walk?" } });
    const first = await gita().publish({ content: { en: "Me!" }, inReplyToIri: post.iri });
    await eventually(async () => expect(await seen(beta, first.iri)).toBeDefined());

    const space = await findSpaceByHandle(beta.deps.db, "kenya");
    if (space == null) throw new Error("no space");
    const blocked = await blockForSpace(ctxOf(beta), space, "@gita@gamma.test", "spam", null);
    expect(blocked).toMatchObject({ ok: true, endedFollows: 1 });
    // gamma hears of it: the follow is refused there too.
    await eventually(async () =>
      expect(await gita().followState("https://beta.test/@kenya")).toBeUndefined(),
    );

    const second = await gita().publish({ content: { en: "Me again!" }, inReplyToIri: post.iri });
    // Delivered (gamma's queue is done) and handled (beta's is): refused, so nothing to poll for.
    await settled(gamma);
    await settled(beta);
    expect(await seen(beta, second.iri)).toBeUndefined();
    // Someone else's reply is still taken.
    const other = await ana().publish({ content: { en: "Count me in" }, inReplyToIri: post.iri });
    await eventually(async () => expect(await seen(beta, other.iri)).toBeDefined());
  });
});

describe("a hub blocks a member's server", () => {
  it("ends the membership, refuses its next Join, and the hub's log says so", async () => {
    const hub = await foundHub(beta, "east_hub", "kofi");
    const member = spaceAdmin(gamma, "gamma_hub");
    const admin = spaceAdmin(beta, "east_hub");
    expect((await member.join("@east_hub@beta.test")).ok).toBe(true);
    await eventually(async () => expect(await admin.memberState(member.iri)).toBe("pending"));
    expect((await admin.answer(member.iri, "accept")).ok).toBe(true);
    await eventually(async () => expect(await member.membershipOf(admin.iri)).toBe("accepted"));

    const blocked = await blockForSpace(ctxOf(beta), hub, "gamma.test", "", null);
    expect(blocked).toMatchObject({ ok: true, endedMemberships: 1 });
    expect(await admin.memberState(member.iri)).toBeUndefined();
    // gamma hears it was removed.
    await eventually(async () => expect(await member.membershipOf(admin.iri)).toBeUndefined());
    // Asking again gets a Reject.
    expect((await member.join("@east_hub@beta.test")).ok).toBe(true);
    await eventually(async () => expect(await member.membershipOf(admin.iri)).toBeUndefined());
    await settled(beta);
    expect(await admin.memberState(member.iri)).toBeUndefined();
    const log = await moderationLogPage(beta.deps.db);
    expect(log.items[0]).toMatchObject({
      action: "space-blocked",
      target: "gamma.test",
      space: "east_hub",
    });
  });
});

describe("gamma.test suspended on beta.test", () => {
  it("is gone from beta's database and can no longer deliver to, fetch from or be fetched by beta", async () => {
    // beta stores what gamma sends: the two hubs follow each other, gita likes a post.
    const gammaHub = as(gamma, "gamma_hub");
    expect((await kenya().follow("@gamma_hub@gamma.test")).ok).toBe(true);
    expect((await gammaHub.follow("@kenya@beta.test")).ok).toBe(true);
    await eventually(async () => {
      expect(await kenya().followState("https://gamma.test/@gamma_hub")).toBe("accepted");
      expect(await gammaHub.followState("https://beta.test/@kenya")).toBe("accepted");
    });
    const hubPost = await gammaHub.publish({ content: { en: "Gamma news" } });
    await eventually(async () => expect(await seen(beta, hubPost.iri)).toBeDefined());
    const post = await kenya().publish({ content: { en: "Edit-a-thon on Saturday" } });
    await eventually(async () => expect(await seen(gamma, post.iri)).toBeDefined());
    await gita().react(post.iri, "like");
    await eventually(async () => expect((await seen(beta, post.iri))?.likes).toBe(1));
    // It is in beta's directory, as a space beta follows.
    const listed = async () => (await listDirectory(beta.deps.db)).items.map((e) => e.iri);
    expect(await listed()).toContain("https://gamma.test/@gamma_hub");
    const before = await storedFrom(beta, "gamma.test");
    expect(before).toMatchObject({ reactions: 1, follows: 2 });
    expect(before?.posts).toBeGreaterThan(0);

    // The post is in beta's document cache, put there by another server's signed fetch.
    for (let i = 0; i < 2; i++)
      expect((await getAs(post.iri, { instance: alpha, handle: "instance.actor" })).status).toBe(
        200,
      );

    const { purged } = await blockDomain(
      beta.deps.db,
      { domain: "gamma.test", level: "suspend", reason: "Harassment campaign" },
      kofi,
    );
    expect(purged?.posts).toBeGreaterThan(0);
    expect(await storedFrom(beta, "gamma.test")).toEqual({
      posts: 0,
      reactions: 0,
      follows: 0,
      votes: 0,
      memberships: 0,
      directory: 0,
      actors: 0,
    });
    expect((await seen(beta, post.iri))?.likes).toBe(0);
    expect(await listed()).not.toContain("https://gamma.test/@gamma_hub");

    // Deliveries from gamma are refused at the inbox, before anything is stored.
    const like = {
      id: "https://gamma.test/@gita/likes/again",
      type: "Like",
      actor: "https://gamma.test/@gita",
      object: post.iri,
    };
    const refused = await postSigned("https://beta.test/inbox", like, {
      instance: gamma,
      handle: "gita",
    });
    expect(refused.status).toBe(403);

    // beta neither fetches from nor delivers to a suspended server: delta.test records every
    // request it gets, and gets none.
    const requests: string[] = [];
    await serveHost("delta.test", (request) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      return new Response(null, { status: request.method === "POST" ? 202 : 404 });
    });
    await blockDomain(beta.deps.db, { domain: "delta.test", level: "suspend", reason: "" }, kofi);
    const dee = {
      id: new URL("https://delta.test/users/dee"),
      inboxId: new URL("https://delta.test/inbox"),
      endpoints: null,
    };
    const followDee = (n: number) =>
      send(
        ctxOf(beta),
        "kenya",
        [dee],
        new Follow({
          id: new URL(`https://beta.test/@kenya#follows/dee-${n}`),
          actor: new URL("https://beta.test/@kenya"),
          object: dee.id,
        }),
      );
    await followDee(1);
    await expect(ctxOf(beta).documentLoader("https://delta.test/users/dee")).rejects.toThrow(
      /does not federate/,
    );
    expect(await lookupActor(ctxOf(beta), "@dee@delta.test")).toBeUndefined();
    await settled(beta);
    expect(requests).toEqual([]);
    // Once the block is lifted the same delivery goes out: the refusal above was the policy's.
    await unblockDomain(beta.deps.db, "delta.test", "", kofi);
    await followDee(2);
    await eventually(() => expect(requests).toContain("POST /inbox"));

    // … and, with authorized fetch, serves gamma nothing, signed or not.
    const kenyaActor = "https://beta.test/@kenya";
    expect((await getAs(kenyaActor)).status).toBe(401);
    expect((await getAs(kenyaActor, { instance: gamma, handle: "instance.actor" })).status).toBe(
      403,
    );
    expect((await getAs(post.iri, { instance: gamma, handle: "gita" })).status).toBe(403);
    expect(await lookupActor(ctxOf(gamma), "@kenya@beta.test")).toBeUndefined();
    // Others still read beta, signed as the instance actor when asked to.
    expect((await getAs(kenyaActor, { instance: alpha, handle: "instance.actor" })).status).toBe(
      200,
    );
    expect((await getAs(kenyaActor)).status).toBe(401);
    expect((await lookupActor(ctxOf(alpha), "@kenya@beta.test"))?.id?.href).toBe(kenyaActor);
  });
});

describe("a report on alpha.test about a post from beta.test", () => {
  it("reaches beta.test as a Flag by alpha's instance actor and is resolved there", async () => {
    await ana().follow("@kenya@beta.test");
    await eventually(async () =>
      expect(await ana().followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const post = await kenya().publish({ content: { en: "Buy cheap followers here" } });
    await eventually(async () => expect(await seen(alpha, post.iri)).toBeDefined());

    const reporter = await findPersonByHandle(alpha.deps.db, "ana");
    if (reporter == null) throw new Error("no ana");
    const filed = await fileReportAs(
      ctxOf(alpha),
      reporter,
      { post: post.iri },
      { category: "spam", comment: "Selling followers", forward: true },
    );
    expect(filed).toMatchObject({ ok: true, forwarded: true });

    const received = await eventually(async () => {
      const page = await reportsPage(beta.deps.db, "open");
      const report = page.items.find((r) => r.sourceDomain === "alpha.test");
      expect(report).toMatchObject({
        actorIri: "https://beta.test/@kenya",
        objectIris: [post.iri],
        comment: "Selling followers",
        reporterId: null,
      });
      return report;
    });
    expect(JSON.stringify(received)).not.toContain("@ana");

    const resolved = await resolveReportWith(
      ctxOf(beta),
      received?.id ?? "",
      { action: "remove-content", note: "Spam, removed" },
      kofi,
    );
    expect(resolved.ok).toBe(true);
    expect(await seen(beta, post.iri)).toBeUndefined();
    // The removal reaches the followers' servers as the post's Delete.
    await eventually(async () => expect(await seen(alpha, post.iri)).toBeUndefined());

    const log = (await moderationLogPage(beta.deps.db)).items.map((e) => [e.action, e.target]);
    expect(log).toEqual(
      expect.arrayContaining([
        ["content-removed", post.iri],
        ["report-resolved", "https://beta.test/@kenya"],
        ["domain-suspended", "gamma.test"],
        ["space-blocked", "https://gamma.test/@gita"],
      ]),
    );
  });
});

describe("an account deleted on alpha.test", () => {
  it("tells its followers' servers with a Delete, and its address answers 410", async () => {
    const created = await createPerson(
      alpha.deps.db,
      NewPersonInput.parse({
        handle: "dan",
        email: "dan@example.org",
        password: "a long password",
      }),
    );
    if (!created.ok) throw new Error(created.reason);
    const dan = "https://alpha.test/@dan";
    expect((await kenya().follow("@dan@alpha.test")).ok).toBe(true);
    await eventually(async () => expect(await kenya().followState(dan)).toBe("accepted"));
    const post = await as(alpha, "dan").publish({ content: { en: "Leaving soon" } });
    await eventually(async () => expect(await seen(beta, post.iri)).toBeDefined());

    const deleted = await deleteAccountEverywhere(ctxOf(alpha), "dan", "Asked to leave", {
      personId: null,
    });
    expect(deleted.ok).toBe(true);
    expect((await getAs(dan, { instance: beta, handle: "instance.actor" })).status).toBe(410);
    // beta hears of it and forgets the account: its follow and its posts.
    await eventually(async () => expect(await kenya().followState(dan)).toBeUndefined());
    await eventually(async () => expect(await seen(beta, post.iri)).toBeUndefined());
  });
});

describe("alpha.test in allowlist mode", () => {
  it("federates with the listed beta.test only", async () => {
    const admin = { personId: null };
    await setDomainAllowed(alpha.deps.db, "beta.test", true, "", admin);
    await setAllowlistMode(alpha.deps.db, true, "A closed pilot", admin);
    const post = await ana().publish({ content: { en: "Pilot news" } });
    const like = (instance: HarnessInstance, handle: string) => ({
      id: `${instance.origin}/@${handle}/likes/pilot`,
      type: "Like",
      actor: `${instance.origin}/@${handle}`,
      object: post.iri,
    });
    const fromGamma = await postSigned("https://alpha.test/inbox", like(gamma, "gita"), {
      instance: gamma,
      handle: "gita",
    });
    expect(fromGamma.status).toBe(403);
    const fromBeta = await postSigned("https://alpha.test/inbox", like(beta, "kofi"), {
      instance: beta,
      handle: "kofi",
    });
    expect(fromBeta.status).toBe(202);
    await eventually(async () => expect((await seen(alpha, post.iri))?.likes).toBe(1));

    expect(await lookupActor(ctxOf(alpha), "@gita@gamma.test")).toBeUndefined();
    expect((await lookupActor(ctxOf(alpha), "@kenya@beta.test"))?.id?.href).toBe(
      "https://beta.test/@kenya",
    );
    expect(
      (await getAs("https://alpha.test/@ana", { instance: gamma, handle: "gita" })).status,
    ).toBe(403);

    // Nothing goes out to a server off the list: epsilon.test records every request.
    const requests: string[] = [];
    await serveHost("epsilon.test", (request) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      return new Response(null, { status: 202 });
    });
    const eve = {
      id: new URL("https://epsilon.test/users/eve"),
      inboxId: new URL("https://epsilon.test/inbox"),
      endpoints: null,
    };
    await send(
      ctxOf(alpha),
      "ana",
      [eve],
      new Follow({
        id: new URL("https://alpha.test/@ana#follows/eve"),
        actor: new URL("https://alpha.test/@ana"),
        object: eve.id,
      }),
    );
    await settled(alpha);
    expect(requests).toEqual([]);
    const log = (await moderationLogPage(alpha.deps.db)).items.map((e) => [e.action, e.target]);
    expect(log.slice(0, 2)).toEqual([
      ["allowlist-on", "*"],
      ["domain-allowed", "beta.test"],
    ]);
  });
});

describe("the open moderation log of each instance", () => {
  it("shows each action, in any reader's language, and never who reported", async () => {
    const page = async (origin: string, language = "en") =>
      (
        await fetch(`${origin}/moderation/log`, {
          headers: { accept: "text/html", "accept-language": language },
        })
      ).text();
    const betaLog = await page(beta.origin);
    for (const line of [
      "@kenya blocked https://gamma.test/@gita",
      "@east_hub blocked gamma.test",
      "Suspended the server gamma.test",
      "Harassment campaign",
      "Resolved a report about https://beta.test/@kenya: posts removed",
      "reported as: Something else",
    ])
      expect(betaLog).toContain(line);
    expect(betaLog).not.toContain("Selling followers");
    const alphaLog = await page(alpha.origin, "es");
    expect(alphaLog).toContain("Activó el modo de lista de permitidos");
    expect(alphaLog).toContain("Eliminó la cuenta @dan");
    expect(alphaLog).not.toContain("@ana");
  });
});

describe("beta.test with authorized fetch", () => {
  it("refuses unsigned reads and serves signed ones from its cache", async () => {
    const kenyaActor = "https://beta.test/@kenya";
    const signedName = async () => {
      const response = await getAs(kenyaActor, { instance: alpha, handle: "ana" });
      expect(response.status).toBe(200);
      return (await response.json()).name;
    };
    const before = await signedName();
    // Changed behind the triggers' back: a document served from memory does not show it.
    await beta.deps.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE spaces SET name = jsonb_build_object('en', 'Unseen'::text) WHERE handle = 'kenya'`;
    });
    expect(await signedName()).toEqual(before);
    const unsigned = await getAs(kenyaActor);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain("Kenya");
    // A signature that does not verify is no signature.
    const forged = await getAs(kenyaActor, { instance: alpha, handle: "ana" }, { forge: true });
    expect(forged.status).toBe(401);
  });
});
