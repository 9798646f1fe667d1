/**
 * The key ids a request's HTTP signatures name (draft-cavage `Signature: keyId="…"`, RFC 9421
 * `Signature-Input: …;keyid="…"`), read before anything is verified: enough to turn away a
 * server the federation policy refuses without fetching its key. A request that names another
 * server's key than its own gains nothing: it still has to verify.
 */
const KEY_ID = /\bkeyid="([^"]{1,2048})"/gi;

export function signatureKeyIds(headers: Headers): string[] {
  const found = new Set<string>();
  for (const name of ["signature", "signature-input", "authorization"]) {
    const value = headers.get(name);
    if (value == null || value.length > 16_384) continue;
    for (const match of value.matchAll(KEY_ID)) if (match[1]) found.add(match[1]);
    if (found.size >= 8) break;
  }
  return [...found].filter((id) => URL.canParse(id));
}

/** Whether a request carries a signature at all (a signed fetch, by a server). */
export const isSigned = (headers: Headers) =>
  headers.has("signature") || headers.has("signature-input");
