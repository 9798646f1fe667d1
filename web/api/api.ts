import { OpenAPIHono } from "@hono/zod-openapi";
import { getLogger } from "@logtape/logtape";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { WebEnv } from "../env.ts";
import { authenticate } from "./auth.ts";
import { docsPage } from "./docs.tsx";
import type { ApiEnv } from "./env.ts";
import { ApiProblem, apiErrorResponse, invalid } from "./errors.ts";
import type { RateLimits } from "./rate-limit.ts";
import { registerAccountRoutes } from "./routes/accounts.ts";
import { registerContentRoutes } from "./routes/content.ts";
import { registerFederationPolicyRoutes } from "./routes/federation-policy.ts";
import { registerFollowRoutes } from "./routes/follows.ts";
import { registerInvitationRoutes } from "./routes/invitations.ts";
import { registerMembershipRoutes } from "./routes/memberships.ts";
import { registerNetworkRoutes } from "./routes/network.ts";
import { registerPeopleRoutes } from "./routes/people.ts";
import { registerPostRoutes } from "./routes/posts.ts";
import { registerReportRoutes } from "./routes/reports.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { registerSpaceBlockRoutes } from "./routes/space-blocks.ts";
import { registerSpaceRoutes } from "./routes/spaces.ts";
import { registerTimelineRoutes } from "./routes/timeline.ts";

const logger = getLogger(["hubnet", "api"]);

/** `/api/v1/…`, its OpenAPI document at `/api/openapi.json`, and a reference at `/api/docs`. */
export function apiRoutes(limits: RateLimits, version: string) {
  const v1 = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) invalid(result.error);
    },
  });
  v1.use(authenticate(limits));
  registerSpaceRoutes(v1);
  registerPeopleRoutes(v1);
  registerFollowRoutes(v1);
  registerPostRoutes(v1);
  registerContentRoutes(v1);
  registerTimelineRoutes(v1);
  registerMembershipRoutes(v1);
  registerNetworkRoutes(v1);
  registerInvitationRoutes(v1);
  registerSearchRoutes(v1);
  registerSpaceBlockRoutes(v1);
  registerReportRoutes(v1);
  registerFederationPolicyRoutes(v1);
  registerAccountRoutes(v1);
  v1.onError((error, c) => {
    if (error instanceof ApiProblem) return apiErrorResponse(c, error);
    // A refusal from the request validators (a body that is not JSON, of another type): the
    // client's mistake, in the API's own error shape.
    if (error instanceof HTTPException && error.status < 500)
      return apiErrorResponse(
        c,
        new ApiProblem(error.status, error.status === 415 ? "error.json-only" : "api.bad-request"),
      );
    logger.error("API error on {method} {path}: {error}", {
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return apiErrorResponse(c, new ApiProblem(500, "error.internal"));
  });
  v1.openAPIRegistry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
  });

  const document = () =>
    v1.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Hubnet API",
        version,
        description:
          "Everything a member or operator can do. Authenticate with a personal access token " +
          "(Authorization: Bearer hubnet_…; scopes read, write, admin) or the web session.",
      },
      servers: [{ url: "/api/v1" }],
      security: [{ token: [] }, {}],
    });

  const api = new Hono<WebEnv>();
  api.route("/v1", v1 as unknown as Hono<WebEnv>);
  api.get("/openapi.json", (c) => c.json(document()));
  api.get("/docs", (c) =>
    c.html(docsPage(document() as Parameters<typeof docsPage>[0], c.get("t"))),
  );
  return api;
}
