import { readFileSync } from "node:fs";
import { exportSpki, signRequest } from "@fedify/fedify";
import { serveHost } from "./federation-harness.ts";
import { ROOT } from "./spawn.ts";

const FIXTURES = `${ROOT}/tests/fixtures/mastodon`;
export const MIRA = "https://mastodon.test/users/mira";

/** A Mastodon payload captured from a real server, with placeholders swapped for this test's IRIs. */
export function fixture(
  name: string,
  replace: Record<string, string> = {},
): Record<string, unknown> {
  let text = readFileSync(`${FIXTURES}/${name}.json`, "utf8");
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return JSON.parse(text);
}

export const PLACEHOLDER_POST =
  "https://hub.test/@kenya/posts/0192f0a0-0000-7000-8000-000000000001";

/**
 * A stand-in for a Mastodon server at `host` (mastodon.test unless told) with one account, mira:
 * it serves her actor document (Mastodon's, with a key made here) and WebFinger, records what is
 * delivered to her, and can play a server whose account is gone (410).
 */
export async function startFakeMastodon(host = "mastodon.test") {
  const actor = MIRA.replace("mastodon.test", host);
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
  const person = fixture("person", { "mastodon.test": host });
  (person.publicKey as { publicKeyPem: string }).publicKeyPem = await exportSpki(keys.publicKey);
  const received: Record<string, unknown>[] = [];
  const state = { gone: false };
  await serveHost(host, async (request) => {
    const url = new URL(request.url);
    if (state.gone) return new Response("Gone", { status: 410 });
    if (
      request.method === "POST" &&
      (url.pathname === "/inbox" || url.pathname === "/users/mira/inbox")
    ) {
      received.push(await request.json());
      return new Response(null, { status: 202 });
    }
    if (
      url.pathname === "/.well-known/webfinger" &&
      url.searchParams.get("resource") === `acct:mira@${host}`
    ) {
      const links = [{ rel: "self", type: "application/activity+json", href: actor }];
      return Response.json(
        { subject: `acct:mira@${host}`, links },
        { headers: { "content-type": "application/jrd+json" } },
      );
    }
    if (url.pathname === "/users/mira") {
      return Response.json(person, { headers: { "content-type": "application/activity+json" } });
    }
    // Mastodon's instance actor, which signs what the server sends on its own behalf (a Flag).
    if (url.pathname === "/actor") {
      const instance = `https://${host}/actor`;
      return Response.json(
        {
          "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
          id: instance,
          type: "Application",
          preferredUsername: host,
          inbox: `${instance}/inbox`,
          outbox: `${instance}/outbox`,
          publicKey: {
            id: `${instance}#main-key`,
            owner: instance,
            publicKeyPem: (person.publicKey as { publicKeyPem: string }).publicKeyPem,
          },
        },
        { headers: { "content-type": "application/activity+json" } },
      );
    }
    return new Response("Not found", { status: 404 });
  });
  return {
    actor,
    received,
    state,
    /**
     * Delivers an activity to an inbox, signed by mira as Mastodon signs (or by the server's
     * instance actor, `https://<host>/actor`).
     */
    deliver: async (inbox: string, activity: Record<string, unknown>, signer = actor) => {
      const request = new Request(inbox, {
        method: "POST",
        body: JSON.stringify(activity),
        headers: { "content-type": "application/activity+json" },
      });
      return fetch(await signRequest(request, keys.privateKey, new URL(`${signer}#main-key`)));
    },
  };
}
