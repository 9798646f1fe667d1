import type { Context } from "hono";
import type { ZodError } from "zod";
import { describeIssue } from "../server/validation.ts";
import type { WebEnv } from "./env.ts";
import type { PageContext } from "./views/layout.tsx";

export function pageContext(c: Context<WebEnv>): PageContext {
  return {
    person: c.get("person"),
    csrfToken: c.get("csrfToken"),
    host: new URL(c.get("deps").config.ORIGIN).host,
  };
}

/** Zod's issues as one message per form field, for showing beside the inputs. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  // A structured field's problem shows beside its own input (details.place → placeName).
  const renamed: Record<string, string> = { place: "placeName" };
  for (const issue of error.issues) {
    const key = String((issue.path[0] === "details" ? issue.path[1] : issue.path[0]) ?? "form");
    const field = renamed[key] ?? key;
    errors[field] ??= describeIssue(issue);
  }
  return errors;
}

/** The filled-in text fields of a submitted form (files and repeated fields are not used here). */
export async function formFields(c: Context<WebEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter(
      // An empty field is an unset one, so optional fields left blank pass and required ones read
      // "is required".
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
    ),
  );
}
