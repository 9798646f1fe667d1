/**
 * What another server says about a space (a Group actor): Hubnet's terms when it is a Hubnet
 * instance, nothing when it is not. Pure: every value is checked by the rules local input
 * follows, and what does not hold up is left out rather than refusing the whole actor.
 */
import { z } from "zod";
import { LanguageTagSchema } from "../../server/i18n/languages.ts";
import { RegionSchema } from "../../server/regions/regions.ts";
import type { ExtensionFields } from "./hubnet-context.ts";

export interface SpaceFacts {
  kind: "affiliate" | "hub" | null;
  focus: "regional" | "language" | "thematic" | null;
  regions: string[];
  languages: string[];
  themes: string[];
  /** The hub's members collection. */
  membersIri: string | null;
  /** The hubs the space says it belongs to. */
  memberOf: string[];
}

const MAX_LIST = 50;
const WebUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** The valid items of a list (a single value counts as a list of one), at most `max`. */
function listOf<T>(value: unknown, item: z.ZodType<T>, max = MAX_LIST): T[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value];
  return values
    .slice(0, max * 2)
    .flatMap((v) => {
      const parsed = item.safeParse(v);
      return parsed.success ? [parsed.data] : [];
    })
    .filter((v, i, all) => all.indexOf(v) === i)
    .slice(0, max);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

export function fromSpaceExtension(ext: ExtensionFields): SpaceFacts {
  const kind = oneOf(ext.spaceKind, ["affiliate", "hub"] as const);
  const members = WebUrl.safeParse(ext.members);
  return {
    kind,
    focus: kind === "hub" ? oneOf(ext.focus, ["regional", "language", "thematic"] as const) : null,
    regions: listOf(ext.regions, RegionSchema),
    languages: listOf(ext.languages, LanguageTagSchema),
    themes: listOf(ext.themes, z.string().trim().toLowerCase().min(1).max(60)),
    membersIri: members.success ? members.data : null,
    memberOf: listOf(ext.memberOf, WebUrl, 200),
  };
}
