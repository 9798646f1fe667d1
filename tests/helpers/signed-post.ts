import { importJwk, signRequest } from "@fedify/fedify";
import { findKeyPairs } from "../../server/keys/key-pairs.ts";
import type { HarnessInstance } from "./federation-harness.ts";

/**
 * POSTs an activity to an inbox signed (HTTP Signatures, draft-cavage) with the RSA key of a local
 * actor of `signer`, as that server would; `tamper` changes the body after signing and `resign`
 * the headers.
 */
export async function postSigned(
  inbox: string,
  activity: Record<string, unknown>,
  signer: { instance: HarnessInstance; handle: string },
  options: { tamper?: (body: string) => string; resign?: (headers: Headers) => void } = {},
): Promise<Response> {
  const [rsa] = await findKeyPairs(signer.instance.deps.db, signer.handle);
  if (rsa == null) throw new Error(`no key for ${signer.handle}`);
  const keyId = new URL(`${signer.instance.origin}/@${signer.handle}#main-key`);
  const body = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", ...activity });
  const signed = await signRequest(
    new Request(inbox, {
      method: "POST",
      body,
      headers: { "content-type": "application/activity+json" },
    }),
    await importJwk(rsa.privateKey, "private"),
    keyId,
  );
  const sent = options.tamper ? options.tamper(body) : body;
  const headers = new Headers(signed.headers);
  options.resign?.(headers);
  return fetch(inbox, { method: "POST", headers, body: sent });
}
