import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { exportSpki, signRequest } from "@fedify/fedify";
import { serveHost } from "./federation-harness.ts";
import type { Json } from "./peers/json.ts";
import { ROOT } from "./spawn.ts";

/** A payload captured from other software (tests/fixtures/<software>/README.md says whence). */
export function captured(path: string, replace: Record<string, string> = {}): Json {
  let text = readFileSync(`${ROOT}/tests/fixtures/${path}`, "utf8");
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return JSON.parse(text);
}

/**
 * A stand-in for another server at `host`: it serves the given actor documents (each made from a
 * captured actor of that software, given its IRI and a key made here) and other documents,
 * accepts every Follow (signed Accept, as Mastodon, Lemmy or Mobilizon answer), records what it
 * is sent, and delivers activities signed by one of its actors.
 */
export async function startFakeServer(
  host: string,
  actors: { iri: string; template: Json }[],
  /** Objects and JSON-LD contexts it serves, by URL. */
  served: Record<string, Json> = {},
) {
  const keys = (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pem = await exportSpki(keys.publicKey);
  const documents = new Map<string, Json>();
  for (const { iri, template } of actors) {
    // The template's own IRI, then its server's other URLs (inboxes, contexts), become ours.
    const text = JSON.stringify(template)
      .replaceAll(String(template.id), iri)
      .replaceAll(new URL(String(template.id)).origin, new URL(iri).origin);
    const actor = JSON.parse(text);
    actor.publicKey = { id: `${iri}#main-key`, owner: iri, publicKeyPem: pem };
    documents.set(iri, actor);
  }
  for (const [url, document] of Object.entries(served)) documents.set(url, document);
  const received: Json[] = [];

  const deliver = async (inbox: string, activity: Json, signer: string) => {
    const request = new Request(inbox, {
      method: "POST",
      body: JSON.stringify(activity),
      headers: { "content-type": "application/activity+json" },
    });
    return fetch(await signRequest(request, keys.privateKey, new URL(`${signer}#main-key`)));
  };

  await serveHost(host, async (request) => {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const activity = (await request.json()) as Json;
      received.push(activity);
      const followed = String(activity.object);
      if (activity.type === "Follow" && documents.has(followed)) {
        const inbox = new URL("/inbox", String(activity.actor)).href;
        const accept = {
          "@context": "https://www.w3.org/ns/activitystreams",
          id: `${followed}#accepts/${randomUUID()}`,
          type: "Accept",
          actor: followed,
          object: activity,
        };
        setTimeout(() => void deliver(inbox, accept, followed), 0);
      }
      return new Response(null, { status: 202 });
    }
    const document = documents.get(url.href);
    if (document == null) return new Response("Not found", { status: 404 });
    return Response.json(document, { headers: { "content-type": "application/activity+json" } });
  });
  return { received, deliver };
}
