/**
 * `@user@host` to an actor URL by WebFinger (RFC 7033), through federation/remote-fetch.ts like
 * every other fetch: Fedify's own WebFinger client has no time or size limit.
 */
import { z } from "zod";
import { type FetchPolicy, fetchRemote } from "./remote-fetch.ts";

const HANDLE = /^@?([^@\s/]+)@([a-z0-9.-]+(?::\d+)?)$/i;
const ACTIVITY_TYPES = [
  "application/activity+json",
  'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
];

const Jrd = z.object({
  links: z
    .array(
      z.object({
        rel: z.string(),
        type: z.string().optional(),
        href: z.string().optional(),
        template: z.string().optional(),
      }),
    )
    .default([]),
});

/** The `acct:` resource a handle names, or undefined when it is not one. */
export function handleResource(handle: string): { resource: string; host: string } | undefined {
  const match = handle
    .trim()
    .replace(/^acct:/i, "")
    .match(HANDLE);
  if (match?.[1] == null || match[2] == null) return undefined;
  const host = match[2].toLowerCase();
  return { resource: `acct:${match[1]}@${host}`, host };
}

/** The links of `handle`'s WebFinger document; undefined when the server knows no such account. */
async function linksOf(handle: string, policy: FetchPolicy) {
  const named = handleResource(handle);
  if (named == null) return undefined;
  const url = new URL(`https://${named.host}/.well-known/webfinger`);
  url.searchParams.set("resource", named.resource);
  const { response } = await fetchRemote(url.href, {
    policy,
    accept: "application/jrd+json, application/json",
  });
  if (!response.ok) return undefined;
  return Jrd.safeParse(await response.json().catch(() => null)).data?.links;
}

/**
 * Where `handle`'s own server lets it follow someone: the OStatus subscribe template
 * (`…/authorize_interaction?uri={uri}`) Mastodon, Misskey and others publish; only a web address.
 */
export async function followPageOf(
  handle: string,
  policy: FetchPolicy,
): Promise<string | undefined> {
  const links = await linksOf(handle, policy);
  const template = links?.find(
    (l) => l.rel === "http://ostatus.org/schema/1.0/subscribe",
  )?.template;
  return template?.includes("{uri}") && /^https?:\/\//.test(template) ? template : undefined;
}

/** The actor URL WebFinger gives for `handle`; undefined when the server knows no such account. */
export async function actorUrlOf(handle: string, policy: FetchPolicy): Promise<URL | undefined> {
  const links = await linksOf(handle, policy);
  const self = links?.find(
    (link) => link.rel === "self" && ACTIVITY_TYPES.includes(link.type ?? ""),
  );
  const href = self?.href == null ? null : URL.parse(self.href);
  return href?.protocol === "https:" || href?.protocol === "http:" ? href : undefined;
}
