import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpaceRole } from "../../db/schema.ts";
import { setInstanceRole } from "../../server/people/instance-roles.ts";
import { createPerson, NewPersonInput, setRole } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { createToken } from "../../server/tokens/tokens.ts";
import { apiClient } from "../helpers/api-client.ts";
import { setUp } from "../helpers/driver.ts";
import { type HarnessInstance, startInstances, stopAll } from "../helpers/federation-harness.ts";

/** `owner` owns the space and is the instance's admin; `moderator` moderates the instance only. */
type Who = "owner" | "admin" | "editor" | "member" | "moderator" | "stranger" | "anonymous";
const WHO: Who[] = ["owner", "admin", "editor", "member", "moderator", "stranger", "anonymous"];
let hub: HarnessInstance;
const clients = {} as Record<Who, ReturnType<typeof apiClient>>;
const handles: Record<Exclude<Who, "anonymous">, string> = {
  owner: "olga",
  admin: "adam",
  editor: "edna",
  member: "mo",
  moderator: "meg",
  stranger: "stan",
};

beforeAll(async () => {
  // Every route is called by every kind of caller from one address: more writes than one
  // address may make in five minutes by default.
  const [h, other] = await startInstances(["hub", "other"], { env: { RATE_LIMIT_WRITES: "5000" } });
  hub = h;
  await setUp(hub, "kenya", "olga");
  await setUp(other, "lagos", "lu");
  const space = await findSpaceByHandle(hub.deps.db, "kenya");
  if (space == null) throw new Error("no space");
  for (const [who, handle] of Object.entries(handles) as [Exclude<Who, "anonymous">, string][]) {
    let personId: string;
    if (who === "owner") {
      personId =
        (await hub.deps.db.query.people.findFirst({ where: (p, { eq }) => eq(p.handle, handle) }))
          ?.id ?? "";
    } else {
      const created = await createPerson(
        hub.deps.db,
        NewPersonInput.parse({
          handle,
          email: `${handle}@example.org`,
          password: "correct horse battery",
        }),
      );
      if (!created.ok) throw new Error(created.reason);
      personId = created.person.id;
      if (who === "moderator") await setInstanceRole(hub.deps.db, handle, "moderator", null);
      else if (who !== "stranger") await setRole(hub.deps.db, space.id, personId, who as SpaceRole);
    }
    const scopes =
      who === "owner" || who === "moderator"
        ? (["read", "write", "admin"] as const)
        : (["read", "write"] as const);
    const { secret } = await createToken(hub.deps.db, personId, {
      name: "test",
      scopes: [...scopes],
    });
    clients[who] = apiClient(hub.origin, secret);
  }
  clients.anonymous = apiClient(hub.origin);
});
afterAll(() => stopAll());

/** A fresh account for a route that suspends or deletes one. */
async function newPerson(handle: string) {
  const created = await createPerson(
    hub.deps.db,
    NewPersonInput.parse({ handle, email: `${handle}@example.org`, password: "a long password" }),
  );
  if (!created.ok) throw new Error(created.reason);
  return handle;
}

/** A fresh open report, filed by the member. */
async function newReport(who: Who) {
  const filed = await clients.member("POST", "/reports", {
    post: await newPost(`reported for ${who}`),
    category: "spam",
  });
  expect(filed.status).toBe(201);
  return filed.json.id as string;
}

async function newPost(text: string) {
  const created = await clients.owner("POST", "/actors/kenya/posts", { content: { en: text } });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

interface WriteRoute {
  name: string;
  /** Returns method, path and body for one caller; runs before each call (fresh resources). */
  request: (who: Who) => Promise<[string, string, unknown?]>;
  allowed: Who[];
  /** What an allowed caller gets. */
  success: number;
}

const routes: WriteRoute[] = [
  {
    name: "PATCH /spaces/{handle}",
    request: async () => ["PATCH", "/spaces/kenya", { summary: { en: "Wikimedia in Kenya" } }],
    allowed: ["owner", "admin"],
    success: 200,
  },
  {
    name: "PUT /spaces/{handle}/members/{person}",
    request: async () => ["PUT", "/spaces/kenya/members/mo", { role: "member" }],
    allowed: ["owner", "admin"],
    success: 200,
  },
  {
    name: "POST /actors/{handle}/posts",
    request: async (who) => ["POST", "/actors/kenya/posts", { content: { en: `by ${who}` } }],
    allowed: ["owner", "admin", "editor"],
    success: 201,
  },
  {
    name: "PATCH /posts/{id}",
    request: async (who) => [
      "PATCH",
      `/posts/${await newPost(`to edit by ${who}`)}`,
      { content: { en: "edited" } },
    ],
    allowed: ["owner", "admin", "editor"],
    success: 200,
  },
  {
    name: "DELETE /posts/{id}",
    request: async (who) => ["DELETE", `/posts/${await newPost(`to delete by ${who}`)}`],
    allowed: ["owner", "admin", "editor"],
    success: 204,
  },
  {
    name: "PUT /posts/{id}/like as the space",
    request: async (who) => ["PUT", `/posts/${await newPost(`to like by ${who}`)}/like?as=kenya`],
    allowed: ["owner", "admin", "editor"],
    success: 200,
  },
  {
    name: "PUT /posts/{id}/boost as the space",
    request: async (who) => ["PUT", `/posts/${await newPost(`to boost by ${who}`)}/boost?as=kenya`],
    allowed: ["owner", "admin", "editor"],
    success: 200,
  },
  {
    name: "DELETE /posts/{id}/like as the space",
    request: async (who) => {
      const id = await newPost(`liked, to unlike by ${who}`);
      await clients.owner("PUT", `/posts/${id}/like?as=kenya`);
      return ["DELETE", `/posts/${id}/like?as=kenya`];
    },
    allowed: ["owner", "admin", "editor"],
    success: 200,
  },
  {
    name: "DELETE /posts/{id}/boost as the space",
    request: async (who) => {
      const id = await newPost(`boosted, to unboost by ${who}`);
      await clients.owner("PUT", `/posts/${id}/boost?as=kenya`);
      return ["DELETE", `/posts/${id}/boost?as=kenya`];
    },
    allowed: ["owner", "admin", "editor"],
    success: 200,
  },
  {
    name: "DELETE /tokens/{id} (one's own)",
    request: async (who) => {
      if (who === "anonymous") return ["DELETE", "/tokens/00000000-0000-4000-8000-000000000000"];
      const made = await clients[who]("POST", "/tokens", { name: "short-lived", scopes: ["read"] });
      return ["DELETE", `/tokens/${made.json.id}`];
    },
    allowed: ["owner", "admin", "editor", "member", "moderator", "stranger"],
    success: 204,
  },
  {
    name: "POST /actors/{handle}/following",
    request: async () => ["POST", "/actors/kenya/following", { target: "@lagos@other.test" }],
    allowed: ["owner", "admin"],
    success: 200,
  },
  {
    name: "DELETE /actors/{handle}/following",
    request: async (who) => {
      if (["owner", "admin"].includes(who))
        await clients.owner("POST", "/actors/kenya/following", { target: "@lagos@other.test" });
      return [
        "DELETE",
        `/actors/kenya/following?target=${encodeURIComponent("https://other.test/@lagos")}`,
      ];
    },
    allowed: ["owner", "admin"],
    success: 204,
  },
  {
    name: "POST /actors/{handle}/follow-requests (none waiting: 404 once allowed)",
    request: async () => [
      "POST",
      "/actors/kenya/follow-requests",
      { follower: "https://other.test/@lu", answer: "accept" },
    ],
    allowed: ["owner", "admin"],
    success: 404,
  },
  {
    name: "POST /notifications/read as the space",
    request: async () => ["POST", "/notifications/read?as=kenya"],
    allowed: ["owner", "admin"],
    success: 200,
  },
  {
    name: "POST /spaces",
    request: async (who) => [
      "POST",
      "/spaces",
      { handle: `space_of_${who}`, name: { en: `Space of ${who}` } },
    ],
    allowed: ["owner"],
    success: 201,
  },
  {
    name: "POST /people",
    request: async (who) => [
      "POST",
      "/people",
      { handle: `new_${who}`, email: `new_${who}@example.org`, password: "a long password" },
    ],
    allowed: ["owner"],
    success: 201,
  },
  {
    name: "PUT /people/{handle}/password",
    request: async () => ["PUT", "/people/mo/password", { password: "a new long password" }],
    allowed: ["owner"],
    success: 204,
  },
  {
    name: "PATCH /me",
    request: async (who) => ["PATCH", "/me", { displayName: `The ${who}` }],
    allowed: ["owner", "admin", "editor", "member", "moderator", "stranger"],
    success: 200,
  },
  {
    name: "POST /tokens",
    request: async () => ["POST", "/tokens", { name: "script", scopes: ["read"] }],
    allowed: ["owner", "admin", "editor", "member", "moderator", "stranger"],
    success: 201,
  },
];

const MODERATORS: Who[] = ["owner", "moderator"];
const SIGNED_IN: Who[] = ["owner", "admin", "editor", "member", "moderator", "stranger"];

routes.push(
  {
    name: "PUT /moderation/domains/{domain}",
    request: async (who) => [
      "PUT",
      `/moderation/domains/spam-${who}.example`,
      { level: "silence", reason: "spam" },
    ],
    allowed: MODERATORS,
    success: 200,
  },
  {
    name: "DELETE /moderation/domains/{domain}",
    request: async (who) => {
      await clients.owner("PUT", `/moderation/domains/lift-${who}.example`, { level: "suspend" });
      return ["DELETE", `/moderation/domains/lift-${who}.example`];
    },
    allowed: MODERATORS,
    success: 204,
  },
  {
    name: "POST /moderation/actor-blocks",
    request: async (who) => [
      "POST",
      "/moderation/actor-blocks",
      { actor: `https://spam.example/users/${who}` },
    ],
    allowed: MODERATORS,
    success: 204,
  },
  {
    name: "PUT /moderation/allowlist",
    request: async () => ["PUT", "/moderation/allowlist", { enabled: false }],
    allowed: ["owner"],
    success: 204,
  },
  {
    name: "PUT /moderation/allowlist/{domain}",
    request: async (who) => ["PUT", `/moderation/allowlist/friend-${who}.example`],
    allowed: ["owner"],
    success: 204,
  },
  {
    name: "POST /reports",
    request: async (who) => ["POST", "/reports", { post: await newPost(`bad ${who}`) }],
    allowed: SIGNED_IN,
    success: 201,
  },
  {
    name: "GET /reports",
    request: async () => ["GET", "/reports"],
    allowed: MODERATORS,
    success: 200,
  },
  {
    name: "POST /reports/{id}/resolve",
    request: async (who) => [
      "POST",
      `/reports/${await newReport(who)}/resolve`,
      { action: "none" },
    ],
    allowed: MODERATORS,
    success: 200,
  },
  {
    name: "PUT /people/{handle}/suspension",
    request: async (who) => [
      "PUT",
      `/people/${await newPerson(`sus_${who}`)}/suspension`,
      { reason: "spam" },
    ],
    allowed: MODERATORS,
    success: 200,
  },
  {
    name: "DELETE /people/{handle}/suspension",
    request: async (who) => {
      const handle = await newPerson(`unsus_${who}`);
      await clients.owner("PUT", `/people/${handle}/suspension`, {});
      return ["DELETE", `/people/${handle}/suspension`];
    },
    allowed: MODERATORS,
    success: 200,
  },
  {
    name: "DELETE /people/{handle}",
    request: async (who) => ["DELETE", `/people/${await newPerson(`del_${who}`)}`],
    allowed: ["owner"],
    success: 204,
  },
  {
    name: "PUT /people/{handle}/instance-role",
    request: async (who) => [
      "PUT",
      `/people/${await newPerson(`role_${who}`)}/instance-role`,
      { role: "moderator" },
    ],
    allowed: ["owner"],
    success: 204,
  },
  {
    name: "POST /spaces/{handle}/blocks",
    request: async (who) => ["POST", "/spaces/kenya/blocks", { target: `noisy-${who}.example` }],
    allowed: ["owner", "admin"],
    success: 201,
  },
  {
    name: "DELETE /spaces/{handle}/blocks",
    request: async (who) => {
      await clients.owner("POST", "/spaces/kenya/blocks", { target: `quiet-${who}.example` });
      return ["DELETE", `/spaces/kenya/blocks?target=quiet-${who}.example`];
    },
    allowed: ["owner", "admin"],
    success: 204,
  },
);

describe("who may call each write route", () => {
  for (const route of routes) {
    it(route.name, async () => {
      const got: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const who of WHO) {
        const [method, path, body] = await route.request(who);
        got[who] = (await clients[who](method, path, body)).status;
        expected[who] = route.allowed.includes(who)
          ? route.success
          : who === "anonymous"
            ? 401
            : 403;
      }
      expect(got).toEqual(expected);
    });
  }
});
