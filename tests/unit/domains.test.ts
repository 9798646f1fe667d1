import { describe, expect, it } from "vitest";
import { signatureKeyIds } from "../../federation/signature-key.ts";
import {
  coveringDomains,
  covers,
  hostOf,
  normalizeDomain,
} from "../../server/moderation/domains.ts";

describe("domains as the federation policy names them", () => {
  it.each([
    ["Spam.Example", "spam.example"],
    ["*.spam.example", "spam.example"],
    ["spam.example.", "spam.example"],
    ["https://Spam.Example/users/x", "spam.example"],
    ["bücher.example", "xn--bcher-kva.example"],
  ])("reads %s as %s", (given, domain) => expect(normalizeDomain(given)).toBe(domain));

  it.each(["", "not a domain", "spam.example:8080", "user@spam.example", "-spam.example", "[::1]"])(
    "refuses %j",
    (given) => expect(normalizeDomain(given)).toBeUndefined(),
  );

  it("covers a domain's subdomains, and nothing that merely ends the same", () => {
    expect(covers("spam.example", "spam.example")).toBe(true);
    expect(covers("spam.example", "cdn.spam.example")).toBe(true);
    expect(covers("spam.example", "notspam.example")).toBe(false);
    expect(coveringDomains("a.b.example")).toEqual(["a.b.example", "b.example", "example"]);
    expect(hostOf("https://A.Example:8443/users/x")).toBe("a.example");
    expect(hostOf("javascript:alert(1)")).toBeUndefined();
  });
});

describe("the key ids a request's signatures name", () => {
  it("reads draft-cavage and RFC 9421 signatures, before anything is verified", () => {
    const headers = new Headers({
      signature:
        'keyId="https://spam.example/users/x#main-key",algorithm="rsa-sha256",signature="c2ln"',
      "signature-input": 'sig1=("@method");created=1;keyid="https://other.example/actor#key"',
    });
    expect(signatureKeyIds(headers)).toEqual([
      "https://spam.example/users/x#main-key",
      "https://other.example/actor#key",
    ]);
    expect(signatureKeyIds(new Headers({ signature: 'keyId="not a url"' }))).toEqual([]);
  });
});
