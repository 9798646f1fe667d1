import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_VARIABLES, loadConfig } from "../server/config.ts";
import { ROOT } from "./helpers/spawn.ts";

interface Service {
  build?: unknown;
  environment?: Record<string, string | number>;
}

describe("docker-compose.yml", async () => {
  // Compose resolves YAML merge keys (`<<: *anchor`), so the test does too.
  const compose = parse(await readFile(`${ROOT}/docker-compose.yml`, "utf8"), { merge: true }) as {
    services: Record<string, Service>;
  };
  const hubnetServices = Object.entries(compose.services).filter(([, s]) => s.build != null);

  it("runs Hubnet as web and worker services beside a PostgreSQL service", () => {
    const roles = Object.fromEntries(
      hubnetServices.map(([name, s]) => [name, s.environment?.ROLE]),
    );
    expect(roles).toEqual({ web: "web", worker: "worker" });
    expect(
      Object.values(compose.services).some((s) => JSON.stringify(s).includes("postgres:")),
    ).toBe(true);
  });

  it("configures Hubnet only with variables the configuration schema knows, to valid values", () => {
    for (const [, service] of hubnetServices) {
      const environment = service.environment ?? {};
      for (const name of Object.keys(environment)) expect(CONFIG_VARIABLES).toContain(name);
      // Substitute compose's ${VAR:-default} and ${VAR:?message} with a plausible operator value.
      const resolved = Object.fromEntries(
        Object.entries(environment).map(([name, value]) => [
          name,
          String(value).replace(
            /\$\{(\w+):([-?])([^}]*)\}/g,
            (_, variable: string, kind: string, rest: string) =>
              kind === "-" ? rest : variable === "SECRET_KEY" ? "s".repeat(40) : rest,
          ),
        ]),
      );
      expect(() => loadConfig(resolved)).not.toThrow();
    }
  });

  it("builds from a multi-stage Node 24 slim Dockerfile that runs as a non-root user", async () => {
    const dockerfile = await readFile(`${ROOT}/Dockerfile`, "utf8");
    expect(dockerfile.match(/^FROM node:24-slim/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME /m);
  });

  it("runs the compiled JavaScript, not the TypeScript sources through tsx", async () => {
    const dockerfile = await readFile(`${ROOT}/Dockerfile`, "utf8");
    expect(dockerfile).toMatch(/^CMD \["node", .*"dist\/server\/main\.js"\]$/m);
    expect(dockerfile).not.toMatch(/tsx/);
    const manifest = JSON.parse(await readFile(`${ROOT}/package.json`, "utf8"));
    expect(manifest.scripts.start).toMatch(/^node .*dist\/server\/main\.js$/);
    expect(manifest.scripts.hubnet).toMatch(/^node .*dist\/server\/cli\/main\.js$/);
    // Built after install and checked before each start and command, so never stale.
    for (const script of ["prepare", "prestart", "prehubnet"])
      expect(manifest.scripts[script]).toContain("server/build.mjs");
  });
});
