import { it } from "vitest";
import { createTestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";
import { seedLocalPosts } from "../bench/seed.ts";
import { startSession } from "../server/sessions/sessions.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { sessionCookie } from "../web/security/cookies.ts";

it("speed", async () => {
  const hub = await createTestInstance("https://hub.test");
  const { owner } = await setUpInstance(hub);
  await seedLocalPosts(hub.deps.sql, "https://hub.test/@wmke", 100);
  const session = await startSession(hub.deps.db, owner.id);
  const { secret } = await createToken(hub.deps.db, owner.id, { name: "b", scopes: ["write"] });
  const cases: [string, Record<string, string>][] = [
    ["/home", { accept: "text/html", cookie: `${sessionCookie(hub.origin)}=${session}` }],
    ["/api/v1/posts", { authorization: `Bearer ${secret}` }],
    ["/api/v1/timeline", { authorization: `Bearer ${secret}` }],
    ["/api/v1/posts", {}],
  ];
  for (const [path, headers] of cases) {
    const r0 = await hub.request(path, { headers });
    console.log(path, r0.status, (await r0.text()).length);
    const t0 = performance.now();
    for (let i = 0; i < 30; i++) await (await hub.request(path, { headers })).text();
    console.log(path, Object.keys(headers).join(","), ((performance.now() - t0) / 30).toFixed(2), "ms/request");
  }
  await hub.close();
}, 120000);
