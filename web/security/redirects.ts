/**
 * Where a page may send the browser back to after signing in: a path on this site, and nothing
 * a browser could read as another site. Browsers drop tabs and newlines inside a URL and read a
 * backslash as a slash, so `/\t/evil.example` or `/\evil.example` would leave the site; control
 * characters in a Location header would break the response. All of these fall back to "/".
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\]/;
// Any base will do: what matters is that the path does not leave it.
const BASE = "https://this-site.invalid";

export function localPath(wanted: unknown): string {
  if (typeof wanted !== "string" || wanted.length > 2000) return "/";
  if (!wanted.startsWith("/") || wanted.startsWith("//") || UNSAFE.test(wanted)) return "/";
  const url = new URL(wanted, BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/a/..//evil.example" resolves to "//evil.example", which a browser reads as another site.
  return url.origin === BASE && !path.startsWith("//") ? path : "/";
}
