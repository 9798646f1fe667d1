/**
 * Domains as the federation policy names them: a host name, lowercased and in its ASCII form,
 * without port or path. A block of `example.org` covers `social.example.org` too, as Mastodon's
 * do; the SQL side of the same rule is `hubnet_domain_covers` (migration 0015).
 */
import { z } from "zod";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A domain as typed by a moderator: `Example.org`, `*.example.org`, `https://example.org/x`. */
export const DomainSchema = z
  .string()
  .trim()
  .max(253)
  .transform((value, ctx) => {
    const domain = normalizeDomain(value);
    if (domain == null) {
      ctx.addIssue({ code: "custom", message: "invalid-domain" });
      return z.NEVER;
    }
    return domain;
  });

/** The domain a moderator means, or undefined when it is not a host name. */
export function normalizeDomain(value: string): string | undefined {
  let text = value.trim().toLowerCase().replace(/^\*\./, "").replace(/\.$/, "");
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    const url = URL.parse(text);
    if (url == null) return undefined;
    text = url.hostname;
  }
  if (text === "" || /[/:?#@\s[\]]/.test(text)) return undefined;
  // The URL parser gives a name its ASCII (punycode) form, as it appears in IRIs.
  const host = URL.parse(`https://${text}/`)?.hostname;
  if (host == null || host.length > 253) return undefined;
  const labels = host.split(".");
  return labels.length >= 1 && labels.every((label) => LABEL.test(label)) ? host : undefined;
}

/** The host of an http(s) IRI, as domains are compared; undefined for anything else. */
export function hostOf(iri: string | URL): string | undefined {
  const url = typeof iri === "string" ? URL.parse(iri) : iri;
  if (url == null || (url.protocol !== "https:" && url.protocol !== "http:")) return undefined;
  return url.hostname.toLowerCase();
}

/** Every domain whose block covers `host`: the host itself and each parent domain. */
export function coveringDomains(host: string): string[] {
  const labels = host.toLowerCase().split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

/** Whether `domain` covers `host` (the domain itself or one of its subdomains). */
export const covers = (domain: string, host: string) =>
  host === domain || host.endsWith(`.${domain}`);
