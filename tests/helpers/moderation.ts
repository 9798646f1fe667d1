import { importJwk, signRequest } from "@fedify/fedify";
import { sql } from "drizzle-orm";
import { ensureKeyPairs, findKeyPairs } from "../../server/keys/key-pairs.ts";
import type { HarnessInstance } from "./federation-harness.ts";

/** GETs a document as `signer`'s actor would (HTTP Signatures, draft-cavage), or unsigned. */
export async function getAs(
  url: string,
  signer?: { instance: HarnessInstance; handle: string },
  options: { forge?: boolean } = {},
): Promise<Response> {
  const request = new Request(url, { headers: { accept: "application/activity+json" } });
  if (signer == null) return fetch(request);
  await ensureKeyPairs(signer.instance.deps.db, signer.handle);
  const [rsa] = await findKeyPairs(signer.instance.deps.db, signer.handle);
  if (rsa == null) throw new Error(`no key for ${signer.handle}`);
  const keyId = new URL(`${signer.instance.origin}/@${signer.handle}#main-key`);
  const signed = await signRequest(request, await importJwk(rsa.privateKey, "private"), keyId);
  if (!options.forge) return fetch(signed);
  // The same signature over another date: it no longer verifies.
  const headers = new Headers(signed.headers);
  headers.set("date", new Date(Date.parse(headers.get("date") ?? "") - 1000).toUTCString());
  return fetch(new Request(signed.url, { headers }));
}

/** How many rows of each kind an instance keeps from a host (by the IRIs that name its actors). */
export async function storedFrom(instance: HarnessInstance, host: string) {
  const [row] = await instance.deps.db.execute<Record<string, number>>(sql`
    SELECT
      (SELECT count(*)::int FROM posts WHERE hubnet_host(author_iri) = ${host}) AS posts,
      (SELECT count(*)::int FROM reactions WHERE hubnet_host(actor_iri) = ${host}) AS reactions,
      (SELECT count(*)::int FROM follows
        WHERE hubnet_host(follower_iri) = ${host} OR hubnet_host(followee_iri) = ${host}) AS follows,
      (SELECT count(*)::int FROM votes WHERE hubnet_host(voter_iri) = ${host}) AS votes,
      (SELECT count(*)::int FROM memberships
        WHERE hubnet_host(member_iri) = ${host} OR hubnet_host(hub_iri) = ${host}) AS memberships,
      (SELECT count(*)::int FROM directory_entries WHERE hubnet_host(iri) = ${host}) AS directory,
      (SELECT count(*)::int FROM remote_actors WHERE hubnet_host(iri) = ${host}) AS actors`);
  return row;
}
