import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncLocalSpaces } from "../../server/directory/local-spaces.ts";
import {
  createPerson,
  findPersonByHandle,
  NewPersonInput,
  setRole,
} from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { createToken } from "../../server/tokens/tokens.ts";
import { apiClient, tokenFor } from "../helpers/api-client.ts";
import { setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { foundHub } from "../helpers/hub-driver.ts";

let hub: HarnessInstance;
let other: HarnessInstance;
let owner: ReturnType<typeof apiClient>;
let editor: ReturnType<typeof apiClient>;
let lu: ReturnType<typeof apiClient>;
const anonymous = () => apiClient(hub.origin);
const HUB = "https://hub.test/@africa_hub";
const LAGOS = "https://other.test/@lagos";
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  [hub, other] = await startInstances(["hub", "other"]);
  await setUp(hub, "kenya", "olga");
  await setUp(other, "lagos", "lu");
  await foundHub(hub, "africa_hub", "olga", { regions: ["KE"] });
  const edna = await createPerson(
    hub.deps.db,
    NewPersonInput.parse({
      handle: "edna",
      email: "edna@example.org",
      password: "correct horse battery",
    }),
  );
  const space = await findSpaceByHandle(hub.deps.db, "africa_hub");
  if (!edna.ok || space == null) throw new Error("set-up failed");
  await setRole(hub.deps.db, space.id, edna.person.id, "editor");
  const olga = await findPersonByHandle(hub.deps.db, "olga");
  if (olga == null) throw new Error("no owner");
  const { secret } = await createToken(hub.deps.db, olga.id, {
    name: "operator",
    scopes: ["read", "write", "admin"],
  });
  owner = apiClient(hub.origin, secret);
  editor = apiClient(hub.origin, await tokenFor(hub, "edna"));
  lu = apiClient(other.origin, await tokenFor(other, "lu"));
});
afterAll(() => stopAll());

describe("memberships through the API", () => {
  it("an affiliate's owner asks to join a hub on another instance", async () => {
    const asked = await lu("POST", "/actors/lagos/hubs", { hub: "@africa_hub@hub.test" });
    expect(asked.status).toBe(200);
    expect(asked.json).toMatchObject({
      state: "pending",
      hub: { iri: HUB },
      member: { iri: LAGOS },
    });
    expect((await lu("POST", "/actors/lagos/hubs", { hub: "@nobody@hub.test" })).status).toBe(404);
    expect((await lu("POST", "/actors/lagos/hubs", { hub: "@kenya@hub.test" })).status).toBe(422);
  });

  it("only the hub's owners and admins see and answer requests", async () => {
    await eventually(async () => {
      const pending = await owner("GET", "/actors/africa_hub/members?state=pending");
      expect(pending.json.items.map((m: { member: { iri: string } }) => m.member.iri)).toEqual([
        LAGOS,
      ]);
    });
    expect((await anonymous()("GET", "/actors/africa_hub/members?state=pending")).status).toBe(401);
    // The hub's admins were told.
    const told = await owner("GET", "/notifications?as=africa_hub");
    expect(told.json.items).toContainEqual(
      expect.objectContaining({
        kind: "join_request",
        actor: expect.objectContaining({ iri: LAGOS }),
      }),
    );
    expect((await editor("GET", "/actors/africa_hub/members?state=pending")).status).toBe(403);
    const answer = { member: LAGOS, answer: "accept" };
    expect((await editor("POST", "/actors/africa_hub/members", answer)).status).toBe(403);
    expect((await anonymous()("POST", "/actors/africa_hub/members", answer)).status).toBe(401);
    expect((await owner("POST", "/actors/africa_hub/members", answer)).status).toBe(204);
    expect((await owner("POST", "/actors/africa_hub/members", answer)).status).toBe(409);
    await eventually(async () => {
      const hubs = await lu("GET", "/actors/lagos/hubs");
      expect(hubs.json.items).toMatchObject([{ hub: { iri: HUB }, state: "accepted" }]);
    });
    const members = await anonymous()("GET", "/actors/africa_hub/members");
    expect(members.json.items).toMatchObject([{ member: { iri: LAGOS }, suspended: false }]);
  });

  it("the hub suspends, reinstates and removes a member", async () => {
    const suspend = { member: LAGOS, suspended: true };
    expect((await editor("PATCH", "/actors/africa_hub/members", suspend)).status).toBe(403);
    expect((await owner("PATCH", "/actors/africa_hub/members", suspend)).status).toBe(204);
    expect((await owner("PATCH", "/actors/africa_hub/members", suspend)).status).toBe(409);
    const members = await anonymous()("GET", "/actors/africa_hub/members");
    expect(members.json.items[0].suspended).toBe(true);
    const remove = `/actors/africa_hub/members?member=${encodeURIComponent(LAGOS)}`;
    expect((await owner("DELETE", remove)).status).toBe(204);
    expect((await owner("DELETE", remove)).status).toBe(404);
    await eventually(async () =>
      expect((await lu("GET", "/actors/lagos/hubs")).json.items).toEqual([]),
    );
  });

  it("the hub's setting accepts requests at once; the affiliate then leaves", async () => {
    const set = await owner("PATCH", "/spaces/africa_hub", { membershipApproval: "automatic" });
    expect(set.json.membershipApproval).toBe("automatic");
    await lu("POST", "/actors/lagos/hubs", { hub: `${HUB}` });
    await eventually(async () =>
      expect((await lu("GET", "/actors/lagos/hubs")).json.items).toMatchObject([
        { state: "accepted" },
      ]),
    );
    const leave = `/actors/lagos/hubs?hub=${encodeURIComponent(HUB)}`;
    expect((await lu("DELETE", leave)).json).toEqual({ change: "left" });
    expect((await lu("DELETE", leave)).status).toBe(404);
  });
});

describe("directory, engagement and archive through the API", () => {
  it("lists the directory with filters, and refuses a bad filter or cursor", async () => {
    await syncLocalSpaces(hub.deps.db, hub.origin);
    const all = await anonymous()("GET", "/directory");
    expect(all.status).toBe(200);
    const iris = all.json.items.map((e: { iri: string }) => e.iri);
    expect(iris).toEqual(expect.arrayContaining([HUB, LAGOS, "https://hub.test/@kenya"]));
    const hubs = await anonymous()("GET", "/directory?kind=hub&region=KE");
    expect(hubs.json.items.map((e: { iri: string }) => e.iri)).toEqual([HUB]);
    expect((await anonymous()("GET", "/directory?region=Kenya")).status).toBe(400);
    expect((await anonymous()("GET", "/directory?before=forged")).status).toBe(400);
  });

  it("adds a space to the directory for operators only", async () => {
    const target = { target: "@lagos@other.test" };
    expect((await editor("POST", "/directory", target)).status).toBe(403);
    const added = await owner("POST", "/directory", target);
    expect(added.json).toEqual({ iri: LAGOS, refreshed: "refreshed" });
  });

  it("gives engagement per month, as JSON and CSV", async () => {
    const json = await anonymous()("GET", "/actors/africa_hub/engagement?months=3");
    expect(json.status).toBe(200);
    expect(json.json.months).toHaveLength(3);
    expect(json.json.months[2]).toMatchObject({
      from: `${month}-01T00:00:00.000Z`,
      memberSpaces: 0,
    });
    expect(json.json.members).toEqual([]);
    const csv = await fetch(
      `${hub.origin}/api/v1/actors/africa_hub/engagement?months=2&format=csv`,
    );
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("engaged_participants,engagement_ratio");
    expect(lines).toHaveLength(3);
    expect((await anonymous()("GET", "/actors/africa_hub/engagement?months=99")).status).toBe(400);
  });

  it("keeps every membership change in the public archive", async () => {
    const archive = await anonymous()("GET", "/actors/africa_hub/archive");
    expect(archive.json.months[0]).toMatchObject({ month, memberships: 7 });
    const changes = await anonymous()(
      "GET",
      `/actors/africa_hub/archive?month=${month}&kind=memberships`,
    );
    expect(
      changes.json.membershipChanges.map((e: { change: string }) => e.change).reverse(),
    ).toEqual(["requested", "accepted", "suspended", "removed", "requested", "accepted", "left"]);
    expect((await anonymous()("GET", "/actors/africa_hub/archive?month=2026-13")).status).toBe(400);
  });

  it("describes every new route in the OpenAPI document", async () => {
    const doc = await (await fetch(`${hub.origin}/api/openapi.json`)).json();
    for (const path of [
      "/actors/{handle}/members",
      "/actors/{handle}/hubs",
      "/directory",
      "/actors/{handle}/engagement",
      "/actors/{handle}/archive",
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
