import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import type { Post } from "../../db/schema.ts";
import { publishPost } from "../../federation/actions/publish.ts";
import { createFederationFor } from "../../federation/federation.ts";
import { loadConfig } from "../../server/config.ts";
import type { Deps } from "../../server/deps.ts";
import { PostInput } from "../../server/posts/posts.ts";
import { HUBNET_VERSION } from "../../server/version.ts";
import { as, seen, setUp, setUpDatabase } from "../helpers/driver.ts";
import {
  eventually,
  prepareInstance,
  startInstanceProcess,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

const handles: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await stopAll();
});

describe("deliveries queued when an instance is killed", () => {
  it("are delivered once it starts again", { timeout: 90_000 }, async () => {
    const [beta] = await startInstances(["beta"]);
    await setUp(beta, "beta_hub", "bo");
    const place = await prepareInstance("alpha");
    let alpha = await startInstanceProcess("alpha", place);

    // The web side of alpha: the same database, its queue not run here (a worker does that).
    const database = createDb(place.databaseUrl, { max: 3 });
    handles.push(database);
    const config = loadConfig({
      ORIGIN: place.origin,
      DATABASE_URL: place.databaseUrl,
      DATA_DIR: place.dataDir,
    });
    const deps: Deps = {
      config,
      ...database,
      secretKey: "x".repeat(40),
      version: HUBNET_VERSION,
      allowPrivateAddress: true,
    };
    await setUpDatabase(deps.db, "kenya", "kofi");

    await as(beta, "bo").follow("@kenya@alpha.test");
    await eventually(async () =>
      expect(await as(beta, "bo").followState("https://alpha.test/@kenya")).toBe("accepted"),
    );

    alpha.kill("SIGKILL");
    expect(await alpha.exited).toBeNull();
    const ctx = createFederationFor(deps).createContext(new URL(place.origin), deps);
    const posts: Post[] = [];
    for (const n of [1, 2, 3])
      posts.push(
        await publishPost(ctx, "kenya", PostInput.parse({ content: { en: `Update ${n}` } })),
      );
    for (const post of posts) expect(await seen(beta, post.iri)).toBeUndefined();

    alpha = await startInstanceProcess("alpha", place);
    await eventually(
      async () => {
        for (const post of posts)
          expect((await seen(beta, post.iri))?.contentHtml.en).toMatch(/Update \d/);
      },
      { timeout: 45_000 },
    );
  });
});
