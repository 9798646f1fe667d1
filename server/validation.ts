import type { z } from "zod";

/**
 * Why the domain refused a value, for an interface to put into words in its reader's language:
 * a code and its parameters, never a sentence.
 */
export interface Reason {
  code: ReasonCode;
  params?: Record<string, string | number | string[]>;
}

/** The reasons of the domain's own rules; each has a message in every interface language. */
export const RULE_REASONS = [
  "required",
  "invalid-handle",
  "invalid-domain",
  "invalid-language-tag",
  "invalid-region",
  "invalid-time-zone",
  "text-too-long",
  "write-something",
  "write-in-default-language",
  "title-in-default-language",
  "name-in-default-language",
  "focus-only-for-hubs",
  "availability-ends-before-start",
  "ends-before-start",
  "place-or-online-link",
  "option-empty",
  "too-few-options",
  "space-name-required",
  "token-name-required",
  "choose-a-scope",
  "enter-login",
  "enter-password",
] as const;

/** The reasons zod's own checks map to. */
export const CHECK_REASONS = [
  "invalid-type",
  "invalid-option",
  "not-an-email",
  "not-a-url",
  "not-a-date-time",
  "invalid-format",
  "too-short",
  "too-long",
  "too-few",
  "too-many",
  "too-small",
  "too-large",
  "unknown-fields",
  "invalid",
] as const;

export type ReasonCode = (typeof RULE_REASONS)[number] | (typeof CHECK_REASONS)[number];
type RuleReason = (typeof RULE_REASONS)[number];

export const isRuleReason = (message: string): message is RuleReason =>
  (RULE_REASONS as readonly string[]).includes(message);

/**
 * A rule's failure for zod (`.refine(check, because("ends-before-start"))`): the reason code
 * stands in the issue's message and its parameters beside it, so `reasonOf` reads both back.
 */
export const because = (code: RuleReason, params?: Reason["params"]) => ({
  error: code,
  ...(params ? { params } : {}),
});

/** The reason behind one of zod's issues. */
export function reasonOf(issue: z.core.$ZodIssue): Reason {
  if (!isRuleReason(issue.message)) return checkReasonOf(issue);
  // A rule's own parameters, or the limit of the check it names (`.min(2, because(…))`).
  const params = issue.code === "custom" ? issue.params : checkReasonOf(issue).params;
  return params ? { code: issue.message, params } : { code: issue.message };
}

function checkReasonOf(issue: z.core.$ZodIssue): Reason {
  switch (issue.code) {
    case "invalid_type":
      // zod leaves the input out of its issues; its own wording still tells a missing value.
      return issue.message.endsWith("received undefined")
        ? { code: "required" }
        : { code: "invalid-type", params: { expected: issue.expected } };
    case "invalid_value":
      return {
        code: "invalid-option",
        params: { options: issue.values.map((v) => String(v)) },
      };
    case "invalid_format":
      return { code: FORMATS[issue.format] ?? "invalid-format" };
    case "too_small":
      return sized(issue.origin, "small", issue.minimum);
    case "too_big":
      return sized(issue.origin, "big", issue.maximum);
    case "unrecognized_keys":
      return { code: "unknown-fields", params: { fields: issue.keys } };
    default:
      return { code: "invalid" };
  }
}

const FORMATS: Record<string, ReasonCode> = {
  email: "not-an-email",
  url: "not-a-url",
  datetime: "not-a-date-time",
};

function sized(origin: string, side: "small" | "big", limit: number | bigint): Reason {
  const n = Number(limit);
  if (origin === "string") {
    // An empty text where one is needed reads as missing, as a blank form field does.
    if (side === "small" && n <= 1) return { code: "required" };
    return { code: side === "small" ? "too-short" : "too-long", params: { limit: n } };
  }
  if (origin === "array" || origin === "set")
    return { code: side === "small" ? "too-few" : "too-many", params: { limit: n } };
  return { code: side === "small" ? "too-small" : "too-large", params: { limit: n } };
}
