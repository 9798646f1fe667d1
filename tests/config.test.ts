import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../server/config.ts";
import { helperCount } from "../server/runtime/helpers.ts";
import { runScript } from "./helpers/spawn.ts";

describe("configuration", () => {
  it("has defaults that start a local instance", () => {
    expect(loadConfig({})).toEqual({
      ORIGIN: "http://localhost:3000",
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      LOG_LEVEL: "info",
      ROLE: "all",
      QUEUE_WORKERS: 4,
      WORKER_PROCESSES: "auto",
      QUEUE: "postgres",
      TRUST_PROXY: false,
      RATE_LIMIT_WRITES: 300,
      RATE_LIMIT_LOGINS: 20,
      ALLOW_PRIVATE_ADDRESSES: false,
      AUTHORIZED_FETCH: false,
      RATE_LIMIT_INBOX_HOST: 3000,
      RATE_LIMIT_INBOX_ADDRESS: 12000,
    });
  });

  it("reads every variable it knows and treats empty ones as unset", () => {
    const config = loadConfig({
      ORIGIN: "https://hub.example.org/",
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://u:p@db:5432/hubnet",
      DATA_DIR: "/var/lib/hubnet",
      LOG_LEVEL: "debug",
      SECRET_KEY: "x".repeat(40),
      UNRELATED: "ignored",
    });
    expect(config.ORIGIN).toBe("https://hub.example.org");
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe("postgres://u:p@db:5432/hubnet");
    expect(loadConfig({ PORT: "" }).PORT).toBe(3000);
    expect(CONFIG_VARIABLES).toContain("SECRET_KEY");
  });

  it.each([
    [{ PORT: "abc" }, 'Invalid PORT: must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: "70000" }, "Invalid PORT"],
    [{ ORIGIN: "notaurl" }, "Invalid ORIGIN: must be an http:// or https:// URL"],
    [
      { ORIGIN: "https://hub.example.org/path" },
      "Invalid ORIGIN: must be the instance's public origin only",
    ],
    [{ DATABASE_URL: "mysql://x" }, "Invalid DATABASE_URL: must be a postgres:// URL"],
    [{ LOG_LEVEL: "loud" }, "Invalid LOG_LEVEL: must be one of trace, debug, info"],
    [{ SECRET_KEY: "short" }, "Invalid SECRET_KEY: must be at least 32 characters"],
    [{ WORKER_PROCESSES: "many" }, "Invalid WORKER_PROCESSES: must be auto"],
    [{ WORKER_PROCESSES: "17" }, "Invalid WORKER_PROCESSES: must be auto"],
    [{ WORKER_PROCESSES: "-1" }, "Invalid WORKER_PROCESSES: must be auto"],
    [{ WORKER_PROCESSES: "2", ROLE: "web" }, "Invalid WORKER_PROCESSES: is for ROLE=all or worker"],
  ])("names the variable in error for %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("starts helper queue processes as WORKER_PROCESSES says, and by the machine for auto", () => {
    const GB = 1024 ** 3;
    const auto = loadConfig({});
    expect(helperCount(auto, { cores: 4, memory: 4 * GB })).toBe(1);
    expect(helperCount(auto, { cores: 8, memory: 16 * GB })).toBe(1);
    expect(helperCount(auto, { cores: 2, memory: 4 * GB })).toBe(0);
    expect(helperCount(auto, { cores: 4, memory: 1 * GB })).toBe(0);
    expect(helperCount(loadConfig({ WORKER_PROCESSES: "3" }), { cores: 1, memory: GB })).toBe(3);
    expect(helperCount(loadConfig({ WORKER_PROCESSES: "0" }), { cores: 8, memory: 16 * GB })).toBe(
      0,
    );
    expect(helperCount(loadConfig({ ROLE: "web" }), { cores: 8, memory: 16 * GB })).toBe(0);
    expect(helperCount(loadConfig({ ROLE: "worker" }), { cores: 4, memory: 4 * GB })).toBe(1);
  });

  it("lets an instance contact private addresses only when ORIGIN is a private name", () => {
    expect(loadConfig({}).ALLOW_PRIVATE_ADDRESSES).toBe(false);
    for (const origin of [
      "http://localhost:3000",
      "https://kenya.localhost:4431",
      "https://a.test",
    ])
      expect(loadConfig({ ORIGIN: origin, ALLOW_PRIVATE_ADDRESSES: "true" })).toMatchObject({
        ALLOW_PRIVATE_ADDRESSES: true,
      });
    expect(() =>
      loadConfig({ ORIGIN: "https://hub.example.org", ALLOW_PRIVATE_ADDRESSES: "true" }),
    ).toThrow(/^Invalid ALLOW_PRIVATE_ADDRESSES: is only for instances on this machine/);
    expect(() => loadConfig({ ALLOW_PRIVATE_ADDRESSES: "yes" })).toThrow(
      /^Invalid ALLOW_PRIVATE_ADDRESSES: must be true/,
    );
  });

  it("never echoes the secret key in an error", () => {
    expect(() => loadConfig({ SECRET_KEY: "hunter2" })).toThrow(/^(?!.*hunter2)/s);
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid PORT: .*"abc"/],
    [{ ORIGIN: "notaurl" }, /^Invalid ORIGIN: /],
  ])("stops the server with one line and a failing exit code for %o", async (env, line) => {
    const run = await runScript("server/main.ts", [], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(line);
  });
});
