import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { describeIssue } from "../../server/validation.ts";
import { errorCode } from "../error-codes.ts";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/**
 * An expected refusal, thrown from a handler or middleware and turned into the one error shape of
 * the API (`{ error: { code, message, details? } }`) by the API's error handler.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function fail(status: ContentfulStatusCode, message: string, details?: unknown): never {
  throw new ApiProblem(status, message, details);
}

export function apiErrorResponse(c: Context, problem: ApiProblem) {
  for (const [name, value] of Object.entries(problem.headers)) c.header(name, value);
  const body = { code: errorCode(problem.status), message: problem.message };
  return c.json(
    { error: problem.details ? { ...body, details: problem.details } : body },
    problem.status,
  );
}

/** Zod issues as field paths and messages a client can show beside its inputs. */
export function validationDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: describeIssue(issue),
  }));
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
