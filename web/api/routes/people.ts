import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { sendProfileUpdate } from "../../../federation/deliver.ts";
import { resetPassword } from "../../../server/people/accounts.ts";
import { verifyPassword } from "../../../server/people/passwords.ts";
import {
  createPerson,
  findPersonByHandle,
  listPeople,
  NewPersonInput,
  PasswordSchema,
  ProfileUpdate,
  updateProfile,
} from "../../../server/people/people.ts";
import {
  createToken,
  listTokens,
  NewTokenInput,
  revokeToken,
} from "../../../server/tokens/tokens.ts";
import { federationContext } from "../../federation-context.ts";
import { requireCaller, requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { PersonOut, TokenOut, toPersonOut } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

export function registerPeopleRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["People"],
      summary: "The signed-in person",
      responses: { 200: json(PersonOut, "You"), ...errorResponses(401) },
    }),
    (c) =>
      c.json(toPersonOut(requireCaller(c, "read").person, c.get("deps").config.ORIGIN, true), 200),
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags: ["People"],
      summary: "Change your name, language or password (the current one is needed to change it)",
      request: body(
        ProfileUpdate.extend({
          password: z.object({ current: z.string(), new: PasswordSchema }).optional(),
        }),
      ),
      responses: { 200: json(PersonOut, "You, as changed"), ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const { db, config } = c.get("deps");
      const { password, ...profile } = c.req.valid("json");
      if (password) {
        if (!(await verifyPassword(password.current, caller.person.passwordHash))) {
          fail(403, "api.wrong-password");
        }
        await resetPassword(db, caller.person.handle, password.new);
      }
      const person = await updateProfile(db, caller.person, profile);
      await sendProfileUpdate(federationContext(c), person.handle);
      return c.json(toPersonOut(person, config.ORIGIN, true), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/people/{handle}/password",
      tags: ["People"],
      summary: "Set a person's password and sign them out everywhere (admins)",
      request: {
        params: z.object({ handle: z.string() }),
        ...body(z.object({ password: PasswordSchema })),
      },
      responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      requireInstanceRole(c, "administer");
      const result = await resetPassword(
        c.get("deps").db,
        c.req.valid("param").handle,
        c.req.valid("json").password,
      );
      if (!result.ok) fail(404, "api.no-such-person");
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/people",
      tags: ["People"],
      summary: "Every local account (admins)",
      responses: {
        200: json(z.object({ items: z.array(PersonOut) }), "Accounts"),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      requireInstanceRole(c, "administer");
      const { db, config } = c.get("deps");
      const rows = await listPeople(db);
      return c.json({ items: rows.map((p) => toPersonOut(p, config.ORIGIN, true)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/people",
      tags: ["People"],
      summary: "Create an account (admins)",
      request: body(NewPersonInput),
      responses: {
        201: json(PersonOut, "The new account"),
        ...errorResponses(400, 401, 403, 409, 429),
      },
    }),
    async (c) => {
      requireInstanceRole(c, "administer");
      const { db, config } = c.get("deps");
      const result = await db.transaction((tx) => createPerson(tx, c.req.valid("json")));
      if (!result.ok)
        fail(409, result.reason === "email-taken" ? "setup.email-taken" : "setup.handle-taken");
      return c.json(toPersonOut(result.person, config.ORIGIN, true), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/people/{handle}",
      tags: ["People"],
      summary: "A person's public profile",
      request: { params: z.object({ handle: z.string() }) },
      responses: { 200: json(PersonOut, "The person"), ...errorResponses(404) },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      const { db, config } = c.get("deps");
      const person =
        (await findPersonByHandle(db, handle)) ?? fail(404, "api.no-person", { handle });
      return c.json(toPersonOut(person, config.ORIGIN), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/tokens",
      tags: ["Tokens"],
      summary: "Your personal access tokens (never their secrets)",
      responses: {
        200: json(z.object({ items: z.array(TokenOut) }), "Tokens"),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "read");
      const tokens = await listTokens(c.get("deps").db, caller.person.id);
      return c.json({ items: tokens.map(tokenOut) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      tags: ["Tokens"],
      summary: "Create a token; its secret is in this answer only",
      request: body(NewTokenInput),
      responses: {
        201: json(TokenOut.extend({ secret: z.string() }), "The token, with its secret"),
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const input = c.req.valid("json");
      // A token cannot make a token stronger than itself.
      const wider = input.scopes.filter((s) => !caller.scopes.has(s));
      if (wider.length > 0) fail(403, "api.wider-scopes", { scopes: wider.join(", ") });
      const { token, secret } = await createToken(c.get("deps").db, caller.person.id, input);
      return c.json({ ...tokenOut(token), secret }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/tokens/{id}",
      tags: ["Tokens"],
      summary: "Revoke one of your tokens",
      request: { params: z.object({ id: z.string() }) },
      responses: { 204: { description: "Revoked" }, ...errorResponses(401, 404, 429) },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const done = await revokeToken(c.get("deps").db, c.req.valid("param").id, caller.person.id);
      if (!done) fail(404, "tokens.no-such-token");
      return c.body(null, 204);
    },
  );
}

function tokenOut(token: Awaited<ReturnType<typeof listTokens>>[number]) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
