import { connect } from "node:tls";
import { getDocumentLoader, importJwk, parseNodeInfo, signRequest } from "@fedify/fedify";
import { Group, lookupObject, Person } from "@fedify/vocab";
import { lookupWebFinger } from "@fedify/webfinger";
import { type Dispatcher, getGlobalDispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "../../db/client.ts";
import { findKeyPairs } from "../../server/keys/key-pairs.ts";
import { completeSetup, SetupInput } from "../../server/setup/setup.ts";
import {
  eventually,
  type HarnessInstance,
  prepareInstance,
  startInstanceProcess,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// Fedify refuses hosts that do not resolve to public addresses unless told otherwise; the test
// hosts do not resolve at all (the harness's dispatcher routes them), as in the instances' Deps.
const loopback = { allowPrivateAddress: true };
const documentLoader = getDocumentLoader(loopback);

let alpha: HarnessInstance;
let beta: HarnessInstance;

async function setUp(
  instance: { deps: { db: Database }; host: string },
  input: Partial<SetupInput>,
) {
  const result = await completeSetup(
    instance.deps.db,
    null,
    SetupInput.parse({
      spaceName: "Wikimedia",
      handle: "owner",
      email: `owner@${instance.host}`,
      password: "correct horse battery",
      ...input,
    }),
  );
  if (!result.ok) throw new Error(`setup of ${instance.host} failed: ${result.reason}`);
}

let dispatcherBefore: Dispatcher;

beforeAll(async () => {
  dispatcherBefore = getGlobalDispatcher();
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(alpha, { spaceName: "Wikimedia Deutschland", spaceHandle: "wmde", handle: "ana" });
  await setUp(beta, { spaceName: "Wikimedia Kenya", spaceHandle: "kenya", handle: "otieno" });
});
afterAll(async () => {
  await stopAll();
  if (getGlobalDispatcher() !== dispatcherBefore)
    throw new Error("the dispatcher was not restored");
});

describe("the federation harness", () => {
  it("gives each instance its own public origin", () => {
    expect([alpha.origin, beta.origin]).toEqual(["https://alpha.test", "https://beta.test"]);
    expect(alpha.deps.config.ORIGIN).toBe("https://alpha.test");
    expect(alpha.running.listening?.protocol).toBe("https:");
  });

  it("finds a space on another instance by WebFinger and fetches its actor", async () => {
    const jrd = await lookupWebFinger("acct:kenya@beta.test", loopback);
    const self = jrd?.links?.find((link) => link.rel === "self");
    expect(self?.href).toBe("https://beta.test/@kenya");

    const group = await lookupObject(self?.href ?? "", { documentLoader });
    expect(group).toBeInstanceOf(Group);
    expect(group?.id?.href).toBe("https://beta.test/@kenya");
    expect((group as Group).preferredUsername?.toString()).toBe("kenya");
    expect(group?.name?.toString()).toBe("Wikimedia Kenya");
  });

  it("works the other way round too", async () => {
    const jrd = await lookupWebFinger("acct:ana@alpha.test", loopback);
    const href = jrd?.links?.find((link) => link.rel === "self")?.href ?? "";
    expect(await lookupObject(href, { documentLoader })).toBeInstanceOf(Person);
  });

  it("reads NodeInfo over HTTPS", async () => {
    // Not with Fedify's getNodeInfo: it insists on hosts that resolve to public addresses.
    const index = await (await fetch("https://beta.test/.well-known/nodeinfo")).json();
    const href = index.links.find((link: { rel: string }) => link.rel.endsWith("/schema/2.1")).href;
    expect(href).toBe("https://beta.test/nodeinfo/2.1");
    const nodeInfo = parseNodeInfo(await (await fetch(href)).json());
    expect(nodeInfo?.software.name).toBe("hubnet");
    expect(nodeInfo?.metadata?.spaces).toContainEqual(
      expect.objectContaining({ handle: "@kenya@beta.test", url: "https://beta.test/@kenya" }),
    );
  });

  it("never reaches the network for a host outside the run", async () => {
    expect(await lookupWebFinger("acct:x@nowhere.test", loopback)).toBeNull();
    await expect(fetch("https://nowhere.test/")).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/not a test instance/) },
    });
    await expect(fetch("http://beta.test/")).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/not a test instance/) },
    });
  });

  it("serves a certificate that only the run's CA vouches for", async () => {
    const port = Number(beta.running.listening?.port);
    const error = await new Promise<Error>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port, servername: "beta.test" }, () => {
        socket.destroy();
        reject(new Error("trusted without the test CA"));
      });
      socket.once("error", resolve);
    });
    expect(error.message).toMatch(/certificate/);
  });

  // Two child starts, each mostly the ~3 s it takes to import the server under tsx.
  it("runs an instance in a child process that survives SIGKILL", { timeout: 60_000 }, async () => {
    const place = await prepareInstance("gamma");
    let gamma = await startInstanceProcess("gamma", place);
    const database = createDb(place.databaseUrl, { max: 1 });
    await setUp({ deps: database, host: "gamma.test" }, { spaceName: "Lamu", spaceHandle: "lamu" });

    // The child reaches alpha too: to check alpha's signature it fetches alpha's key over HTTPS.
    const read = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: "https://alpha.test/#read-lamu",
      type: "Read",
      actor: "https://alpha.test/@ana",
      object: "https://gamma.test/@lamu",
    };
    const response = await fetch(
      await signedByAna(
        new Request("https://gamma.test/inbox", {
          method: "POST",
          headers: { "content-type": "application/activity+json" },
          body: JSON.stringify(read),
        }),
      ),
    );
    expect(response.status).toBe(202);
    // Once gamma has taken it off its queue (@fedify/postgres's default table), the restarted gamma
    // has no work in flight when it is stopped at the end.
    await eventually(async () => {
      const [row] = await database.sql`SELECT count(*)::int AS queued FROM queue_messages`;
      expect(row?.queued).toBe(0);
    });
    await database.close();

    gamma.kill();
    expect(await gamma.exited).toBeNull();
    await expect(fetch("https://gamma.test/@lamu")).rejects.toThrow();

    gamma = await startInstanceProcess("gamma", place);
    const jrd = await lookupWebFinger("acct:lamu@gamma.test", loopback);
    expect(jrd?.links?.find((link) => link.rel === "self")?.href).toBe("https://gamma.test/@lamu");
    await gamma.stop();
    expect(await gamma.exited).toBe(0);
  });
});

async function signedByAna(request: Request): Promise<Request> {
  const [rsa] = await findKeyPairs(alpha.deps.db, "ana");
  if (rsa == null) throw new Error("ana has no key pair");
  const actor = await lookupObject("https://alpha.test/@ana", { documentLoader });
  const keyId = (actor as Person).publicKeyId;
  if (keyId == null) throw new Error("ana's actor has no public key");
  return signRequest(request, await importJwk(rsa.privateKey, "private"), keyId);
}
