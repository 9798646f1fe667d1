import type { z } from "zod";
import { translatorFor } from "../../web/i18n/translator.ts";
import type { ArchiveProblem } from "../transfer/archive.ts";
import { isRuleReason } from "../validation.ts";

/**
 * The command line speaks English: a rule of the domain (a reason code, server/validation.ts) in
 * the words of the web interface's English catalog; a check written for the command line itself
 * (`must be 1024 or more`) as it is written.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return isRuleReason(issue.message) || issue.code === "invalid_type"
    ? translatorFor("en").issue(issue)
    : issue.message;
}

/** One problem of an archive: `posts[2].visibility: …`. */
export const describeArchiveProblem = (problem: ArchiveProblem): string =>
  `${problem.path || "the archive"}: ${describeIssue(problem.issue)}`;
