import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clusterFolderOf } from "../db/embedded/cluster-folder.ts";
import { isAlive } from "../db/embedded/postmaster.ts";
import { runCli } from "./helpers/cli.ts";
import { eventually } from "./helpers/federation-harness.ts";
import { type RunningScript, runScript, startScript } from "./helpers/spawn.ts";

/**
 * The server as `npm start` runs it on a fresh machine (the embedded PostgreSQL, no DATABASE_URL),
 * with operator commands run beside it, in real processes. On a loaded machine a start takes
 * many seconds, hence the long timeouts; nothing here measures time.
 */
const PASSWORD = "a long enough password";
const cleanUps: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanUp of cleanUps.reverse()) await cleanUp().catch(() => {});
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<RunningScript> {
  const server = startScript("server/main.ts", env);
  cleanUps.push(async () => {
    if (server.child.exitCode == null) server.child.kill("SIGKILL");
  });
  await server.waitFor(/listening on/);
  return server;
}

async function postmasterPid(dataDir: string): Promise<number> {
  const cluster = (await clusterFolderOf(dataDir)).path;
  return Number((await readFile(join(cluster, "postmaster.pid"), "utf8")).split("\n")[0]);
}

/** The postmaster and its backends: the whole database, as SIGSTOP should freeze it. */
async function databaseProcesses(postmaster: number): Promise<number[]> {
  const children = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid …; comm may hold spaces, so read after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

const readiness = async (origin: string) => (await fetch(`${origin}/readyz`)).status;

describe("one machine: the server and operator commands on the embedded database", () => {
  it("runs operator commands beside the running server, which goes on serving", {
    timeout: 600_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hubnet-one-machine-"));
    cleanUps.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const env = { DATA_DIR: dataDir, PORT: String(port), ORIGIN: origin, LOG_LEVEL: "info" };
    const server = await startServer(env);

    // One command of each family as its own process, the way an operator runs it.
    const ana = await runScript(
      "server/cli/main.ts",
      ["user", "create", "--handle", "ana", "--email", "ana@example.org", "--password-stdin"],
      env,
      `${PASSWORD}\n`,
    );
    expect(ana.stderr).toBe("");
    expect(ana.code).toBe(0);
    const space = await runScript(
      "server/cli/main.ts",
      ["space", "create", "--handle", "kenya", "--name", "Wikimedia Kenya", "--owner", "ana"],
      env,
    );
    expect(space.stdout).toContain(`Created the affiliate @kenya@localhost:${port}`);
    const token = await runScript(
      "server/cli/main.ts",
      ["token", "create", "--handle", "ana", "--name", "script", "--scopes", "write"],
      env,
    );
    expect(token.code).toBe(0);
    const queue = await runScript("server/cli/main.ts", ["queue", "status"], env);
    expect(queue.code).toBe(0);
    // The rest in this process: the same code, without a process start each.
    const list = await runCli(env, ["space", "list"]);
    expect(list.stdout).toMatch(/kenya\s+affiliate\s+Wikimedia Kenya/);

    // The server still serves, from the same database the commands wrote to.
    expect(await readiness(origin)).toBe(200);
    const home = await (await fetch(origin, { headers: { accept: "text/html" } })).text();
    expect(home).toContain("Wikimedia Kenya");
    const webfinger = await fetch(
      `${origin}/.well-known/webfinger?resource=acct:kenya@localhost:${port}`,
    );
    expect(webfinger.status).toBe(200);
    const secret = token.stdout.match(/hubnet_[A-Za-z0-9_-]+/)?.[0];
    const posted = await fetch(`${origin}/api/v1/actors/kenya/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ content: { en: "Written after the commands ran" } }),
    });
    expect(posted.status).toBe(201);

    // The database stops answering (frozen), then comes back: the server follows both ways.
    const frozen = await postmasterPid(dataDir);
    const database = await databaseProcesses(frozen);
    for (const pid of database) process.kill(pid, "SIGSTOP");
    try {
      await eventually(async () => expect(await readiness(origin)).toBe(503), { timeout: 30_000 });
    } finally {
      for (const pid of database) process.kill(pid, "SIGCONT");
    }
    await eventually(async () => expect(await readiness(origin)).toBe(200), { timeout: 60_000 });

    // The database is killed outright: the server starts it again and reconnects.
    process.kill(frozen, "SIGKILL");
    await eventually(
      async () => {
        expect(await postmasterPid(dataDir)).not.toBe(frozen);
        expect(await readiness(origin)).toBe(200);
        expect((await fetch(`${origin}/@kenya`, { headers: { accept: "text/html" } })).status).toBe(
          200,
        );
      },
      { timeout: 90_000, interval: 500 },
    );
    const restarted = await postmasterPid(dataDir);

    // Ctrl-C in the terminal: the server stops in order, the database last, without a stack trace.
    process.kill(-(server.child.pid ?? 0), "SIGINT");
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.output()).toContain("Stopped.");
    expect(server.output()).not.toMatch(/^\s+at /m);
    expect(server.output()).not.toMatch(/ (ERR|FTL) /);
    expect(isAlive(restarted)).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, keeps the cluster where the postgres user can reach it, with the same data next time",
    { timeout: 600_000 },
    async () => {
      const home = await mkdtemp(join(tmpdir(), "hubnet-root-home-"));
      cleanUps.push(() => rm(home, { recursive: true, force: true }));
      await chmod(home, 0o700); // as /root is
      const dataDir = join(home, "hubnet", "data");
      await mkdir(dataDir, { recursive: true });
      const cluster = (await clusterFolderOf(dataDir)).path;
      cleanUps.push(() => rm(cluster, { recursive: true, force: true }));
      const port = await freePort();
      const env = { DATA_DIR: dataDir, PORT: String(port), ORIGIN: `http://localhost:${port}` };

      const first = await startServer(env);
      expect(first.output()).toContain(`keeps its files in ${cluster}`);
      expect(
        (await runCli(env, ["space", "create", "--handle", "kenya", "--name", "K"])).code,
      ).toBe(0);
      process.kill(-(first.child.pid ?? 0), "SIGTERM");
      expect((await first.exited).code).toBe(0);

      const second = await startServer(env);
      const list = await runCli(env, ["space", "list"]);
      expect(list.stdout).toContain("kenya");
      process.kill(-(second.child.pid ?? 0), "SIGTERM");
      expect((await second.exited).code).toBe(0);
    },
  );
});
