import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { reasonOf } from "../../server/validation.ts";
import { errorCode } from "../error-codes.ts";
import type { MessageKey } from "../i18n/languages.ts";
import { type MessageParams, type Translator, translatorFor } from "../i18n/translator.ts";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: "What happened, for programs: not_found, …" }),
      message: z.string().openapi({ description: "The same for people, in the caller's language" }),
      details: z
        .array(
          z.object({
            path: z.string(),
            reason: z.string().openapi({ description: "Why the field was refused, for programs" }),
            params: z.record(z.string(), z.unknown()).optional(),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .openapi("Error");

/**
 * An expected refusal, thrown from a handler or middleware and turned into the one error shape of
 * the API (`{ error: { code, message, details? } }`) by the API's error handler. The message is
 * a catalog key, put into words in the caller's language (Accept-Language) when answering.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly key: MessageKey,
    readonly params?: MessageParams,
    readonly issues?: readonly z.core.$ZodIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(key);
  }
}

export function fail(status: ContentfulStatusCode, key: MessageKey, params?: MessageParams): never {
  throw new ApiProblem(status, key, params);
}

/** Refuses input that does not hold up, naming each field and why. */
export function invalid(error: z.ZodError): never {
  throw new ApiProblem(400, "api.invalid-fields", undefined, error.issues);
}

export function apiErrorResponse(c: Context, problem: ApiProblem) {
  const t: Translator = c.get("t") ?? translatorFor();
  for (const [name, value] of Object.entries(problem.headers)) c.header(name, value);
  const body = { code: errorCode(problem.status), message: t(problem.key, problem.params) };
  const details = problem.issues ? validationDetails(t, problem.issues) : undefined;
  return c.json({ error: details ? { ...body, details } : body }, problem.status);
}

/** Zod issues as field paths, reason codes and messages a client can show beside its inputs. */
function validationDetails(t: Translator, issues: readonly z.core.$ZodIssue[]) {
  return issues.map((issue) => {
    const reason = reasonOf(issue);
    return {
      path: issue.path.join("."),
      reason: reason.code,
      ...(reason.params ? { params: reason.params } : {}),
      message: t.reason(reason),
    };
  });
}

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 422 | 429)[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: errorCode(status),
        content: { "application/json": { schema: ErrorSchema } },
      },
    ]),
  );
