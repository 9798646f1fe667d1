/**
 * A fleet of simulated remote servers in one process: one HTTPS server answers for every
 * `*.fleet.test` host (a wildcard certificate of the run's CA). It serves the people's actor
 * documents, and counts what arrives at their inboxes after checking each request's HTTP signature
 * (RFC 9421 or draft-cavage, as Fedify sends them) against the sender's public key.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { type KeyCache, verifyRequest } from "@fedify/fedify";
import { READY } from "./child.ts";
import { now } from "./stats.ts";

const publicKeyPem = readFileSync(process.env.BENCH_FLEET_PUBLIC_KEY_FILE ?? "", "utf8");

export interface InboxTally {
  posts: number;
  accepted: number;
  rejected: number;
  /** Distinct hosts (Create, Announce, Update, Delete) or followed objects (Accept) reached. */
  distinct: number;
  firstAt: number;
  lastAt: number;
}

interface Tally extends Omit<InboxTally, "distinct"> {
  keys: Set<string>;
}

let tallies = new Map<string, Tally>();

// Keys of the instance under test, fetched once over plain HTTP on loopback.
const keys = new Map<string, Awaited<ReturnType<KeyCache["get"]>>>();
const keyCache: KeyCache = {
  get: async (keyId) => keys.get(keyId.href),
  set: async (keyId, key) => {
    if (key != null) keys.set(keyId.href, key);
  },
};
const documentLoader = async (url: string) => {
  const response = await fetch(url, { headers: { accept: "application/activity+json" } });
  return { contextUrl: null, documentUrl: response.url, document: await response.json() };
};

function actorDocument(host: string, name: string) {
  const id = `https://${host}/users/${name}`;
  return {
    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
    id,
    type: "Person",
    preferredUsername: name,
    name,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    endpoints: { sharedInbox: `https://${host}/inbox` },
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function onInbox(req: IncomingMessage, res: ServerResponse, host: string) {
  const body = await readBody(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  const request = new Request(`https://${host}${req.url}`, {
    method: "POST",
    headers,
    body: new Uint8Array(body),
  });
  const spec = headers.has("signature-input") ? "rfc9421" : "draft-cavage-http-signatures-12";
  const key = await verifyRequest(request, { documentLoader, keyCache, spec }).catch(() => null);
  let activity: { type?: string; id?: string; object?: string | { id?: string } } = {};
  try {
    activity = JSON.parse(body.toString("utf8"));
  } catch {}
  const type = activity.type ?? "unknown";
  const tally = tallies.get(type) ?? {
    posts: 0,
    accepted: 0,
    rejected: 0,
    keys: new Set<string>(),
    firstAt: 0,
    lastAt: 0,
  };
  tallies.set(type, tally);
  tally.posts++;
  if (key == null) {
    tally.rejected++;
    res.writeHead(401).end("bad signature");
    return;
  }
  const at = now();
  tally.accepted++;
  tally.firstAt ||= at;
  tally.lastAt = at;
  const object = typeof activity.object === "string" ? activity.object : activity.object?.id;
  tally.keys.add(type === "Accept" ? (object ?? String(activity.id)) : host);
  res.writeHead(202).end();
}

const server = createServer(
  {
    key: readFileSync(process.env.BENCH_FLEET_KEY_FILE ?? ""),
    cert: readFileSync(process.env.BENCH_FLEET_CERT_FILE ?? ""),
  },
  (req, res) => {
    const host = (req.headers.host ?? "").split(":")[0] ?? "";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "POST" && (path === "/inbox" || /^\/users\/[^/]+\/inbox$/.test(path))) {
      onInbox(req, res, host).catch(() => res.writeHead(500).end());
      return;
    }
    const person = path.match(/^\/users\/([^/]+)$/)?.[1];
    if (req.method === "GET" && person != null) {
      res
        .writeHead(200, { "content-type": "application/activity+json" })
        .end(JSON.stringify(actorDocument(host, person)));
      return;
    }
    res.writeHead(404).end();
  },
);

process.on("message", (message: { id: number; type: string }) => {
  if (message.type === "reset") tallies = new Map();
  const result = Object.fromEntries(
    [...tallies].map(([type, { keys: reached, ...rest }]) => [
      type,
      { ...rest, distinct: reached.size },
    ]),
  );
  process.send?.({ id: message.id, result });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(READY));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
