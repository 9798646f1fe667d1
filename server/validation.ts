import type { z } from "zod";

/** Zod's message for an issue, except that a missing value reads "is required". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined"))
    return "is required";
  return issue.message;
}
