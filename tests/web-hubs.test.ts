import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncLocalSpaces } from "../server/directory/local-spaces.ts";
import { recordRelay } from "../server/membership/relaying.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { foundSpace } from "../server/spaces/founding.ts";
import { NewSpaceInput } from "../server/spaces/spaces.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;
const HUB = "https://hub.test/@africa_hub";
const WMKE = "https://hub.test/@wmke";
const month = new Date().toISOString().slice(0, 7);

async function signIn() {
  const client = new FormClient(hub);
  const login = { login: "ana", password: "correct horse battery" };
  expect((await client.submit("/login", "/login", login)).status).toBe(303);
  return client;
}
const html = async (response: Response | Promise<Response>) => (await response).text();

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  const space = NewSpaceInput.parse({
    handle: "africa_hub",
    name: { en: "Africa hub", fr: "Hub Afrique" },
    kind: "hub",
    focus: "regional",
    regions: ["KE", "NG-LA"],
  });
  const founded = await foundSpace(hub.deps.db, space, "ana");
  if (!founded.ok) throw new Error(founded.reason);
  ana = await signIn();
});
afterAll(() => hub.close());

describe("joining a hub from the web", () => {
  it("an admin asks on the space's page; the hub's admin accepts on the hub's page", async () => {
    const asked = await ana.submit("/@wmke", "/@wmke/hubs", { hub: "@africa_hub@hub.test" });
    expect(asked.status).toBe(303);
    const hubPage = await html(ana.get("/@africa_hub"));
    expect(hubPage).toContain("Requests to join");
    expect(hubPage).toContain("@wmke@hub.test");
    const accepted = await ana.submit("/@africa_hub", "/@africa_hub/members/answer", {
      member: WMKE,
      answer: "accept",
    });
    expect(accepted.status).toBe(303);
    const members = await html(new FormClient(hub).get("/@africa_hub/members"));
    expect(members).toContain("@wmke@hub.test");
    expect(await html(new FormClient(hub).get("/@wmke"))).toMatch(/Member of[\s\S]*Africa hub/);
  });

  it("shows no forms to readers who may not act, and refuses their posts", async () => {
    const page = await html(new FormClient(hub).get("/@wmke"));
    expect(page).not.toContain('action="/@wmke/hubs"');
    const stranger = new FormClient(hub);
    const form = await html(stranger.get("/@wmke"));
    const token = form.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const refused = await stranger.post("/@wmke/hubs", { _csrf: token, hub: HUB });
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toMatch(/^\/login\?next=/);
  });

  it("a post the hub relayed says so, linking the hub", async () => {
    const post = await createLocalPost(
      hub.deps.db,
      { origin: hub.origin, handle: "wmke", iri: WMKE },
      PostInput.parse({ content: { en: "Edit-a-thon on Saturday" }, audienceIri: HUB }),
    );
    await recordRelay(hub.deps.db, {
      hubIri: HUB,
      postIri: post.iri,
      activityIri: `${HUB}/relays/${post.id}`,
    });
    const page = await html(new FormClient(hub).get("/@wmke"));
    expect(page).toMatch(
      /Shared by the hub <a href="\/@africa_hub"><bdi>@africa_hub@hub\.test<\/bdi><\/a>/,
    );
  });

  it("suspends and reinstates a member on the members page", async () => {
    const form = { member: WMKE, suspended: "true" };
    expect(
      (await ana.submit("/@africa_hub/members", "/@africa_hub/members/suspend", form)).status,
    ).toBe(303);
    expect(await html(ana.get("/@africa_hub/members"))).toContain("suspended: not relayed");
    const back = { member: WMKE, suspended: "false" };
    await ana.submit("/@africa_hub/members", "/@africa_hub/members/suspend", back);
    expect(await html(ana.get("/@africa_hub/members"))).not.toContain("suspended: not relayed");
  });
});

describe("directory and map pages", () => {
  beforeAll(() => syncLocalSpaces(hub.deps.db, hub.origin));

  it("lists and filters the directory, refusing a bad filter", async () => {
    const all = await html(new FormClient(hub).get("/directory"));
    expect(all).toContain("Africa hub");
    expect(all).toContain("Wikimedia Kenya");
    const hubs = await html(new FormClient(hub).get("/directory?kind=hub"));
    expect(hubs).toContain("Africa hub");
    expect(hubs).not.toContain("Wikimedia Kenya");
    expect((await new FormClient(hub).get("/directory?region=Kenya")).status).toBe(400);
  });

  it("draws the map with each country linked, and lists the same beside it, in French too", async () => {
    const map = await html(new FormClient(hub).get("/map"));
    expect(map).toMatch(/<svg[^>]*class="world-map"/);
    expect(map).toContain('href="/directory?region=KE"');
    expect(map).toContain('href="/directory?region=NG"');
    expect(map).toContain("Kenya: 1 space");
    const french = await html(new FormClient(hub).get("/map", { "accept-language": "fr" }));
    expect(french).toContain("Carte des espaces");
    expect(french).toContain("Kenya : 1 espace");
  });
});

describe("engagement and archive pages", () => {
  it("draws four charts with their numbers in a table, and offers CSV", async () => {
    await createLocalPost(
      hub.deps.db,
      { origin: hub.origin, handle: "africa_hub", iri: HUB },
      PostInput.parse({ content: { en: "Welcome, members" } }),
    );
    const page = await html(new FormClient(hub).get("/@africa_hub/engagement"));
    expect(page.match(/<svg[^>]*class="bar-chart"/g)).toHaveLength(4);
    expect(page).toContain("Engaged participants per month");
    expect(page).toContain("Member spaces this month");
    expect(page).toContain("@wmke@hub.test");
    const csv = await new FormClient(hub).get("/@africa_hub/engagement.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(1 + 12 + 1);
    const spanish = await html(
      new FormClient(hub).get("/@africa_hub/engagement", { "accept-language": "es" }),
    );
    expect(spanish).toContain("Participantes implicados por mes");
  });

  it("reads back membership changes by month", async () => {
    const archive = await html(new FormClient(hub).get("/@africa_hub/archive"));
    expect(archive).toContain(`?month=${month}&amp;kind=memberships`);
    const changes = await html(
      new FormClient(hub).get(`/@africa_hub/archive?month=${month}&kind=memberships`),
    );
    expect(changes).toContain("@wmke@hub.test became a member of @africa_hub@hub.test");
    expect(changes).toContain("@africa_hub@hub.test suspended @wmke@hub.test");
    expect((await new FormClient(hub).get("/@africa_hub/archive?month=2026-13")).status).toBe(400);
  });
});
