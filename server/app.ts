import type { Federation } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { outageReporter } from "../db/outage.ts";
import { BuildGate } from "../federation/build-gate.ts";
import type { DocumentCache } from "../federation/document-cache.ts";
import { isInboxPath } from "../federation/inbox/inbox.ts";
import { createInboxGate } from "../federation/inbox-gate.ts";
import { rememberPolicy } from "../federation/policy-guard.ts";
import { createReadGuard } from "../federation/read-guard.ts";
import { apiRoutes } from "../web/api/api.ts";
import { clientAddress } from "../web/api/auth.ts";
import { createRateLimits } from "../web/api/rate-limit.ts";
import type { WebEnv } from "../web/env.ts";
import { errorCode } from "../web/error-codes.ts";
import { chooseRequestLanguage, preferSignedInLanguage } from "../web/i18n/choice.ts";
import type { PageCache } from "../web/page-cache.ts";
import { actorRoutes } from "../web/routes/actors.tsx";
import { adminRoutes } from "../web/routes/admin.tsx";
import { archiveRoutes } from "../web/routes/archive.tsx";
import { authRoutes } from "../web/routes/auth.tsx";
import { collectionRoutes } from "../web/routes/collections.tsx";
import { contentRoutes } from "../web/routes/content.tsx";
import { contentFileRoutes } from "../web/routes/content-files.ts";
import { directoryRoutes } from "../web/routes/directory.tsx";
import { engagementRoutes } from "../web/routes/engagement.tsx";
import { feedRoutes } from "../web/routes/feeds.tsx";
import { followRoutes } from "../web/routes/follows.tsx";
import { healthRoutes } from "../web/routes/health.ts";
import { homeRoutes } from "../web/routes/home.tsx";
import { hubRoutes } from "../web/routes/hubs.tsx";
import { languageRoutes } from "../web/routes/language.tsx";
import { moderationAccountRoutes } from "../web/routes/moderation-accounts.tsx";
import { moderationLogRoutes } from "../web/routes/moderation-log.tsx";
import { moderationPolicyRoutes } from "../web/routes/moderation-policy.tsx";
import { moderationReportRoutes } from "../web/routes/moderation-reports.tsx";
import { newSpaceRoutes } from "../web/routes/new-space.tsx";
import { countUnreadNotifications, notificationRoutes } from "../web/routes/notifications.tsx";
import { postRoutes } from "../web/routes/posts.tsx";
import { preferenceRoutes } from "../web/routes/preferences.tsx";
import { remoteFollowRoutes } from "../web/routes/remote-follow.tsx";
import { reportRoutes } from "../web/routes/report.tsx";
import { searchRoutes } from "../web/routes/search.tsx";
import { settingsRoutes } from "../web/routes/settings.tsx";
import { setupRoutes } from "../web/routes/setup.tsx";
import { signupRoutes } from "../web/routes/signup.tsx";
import { spaceBlockRoutes } from "../web/routes/space-blocks.tsx";
import { spaceMemberRoutes } from "../web/routes/space-members.tsx";
import { spaceSettingsRoutes } from "../web/routes/space-settings.tsx";
import { staticRoutes } from "../web/routes/static.ts";
import { timelineRoutes } from "../web/routes/timeline.tsx";
import { tokenRoutes } from "../web/routes/tokens.tsx";
import { serveCachedDocuments, withCacheHeaders } from "../web/security/conditional.ts";
import { csrfProtection } from "../web/security/csrf.ts";
import { readFlash } from "../web/security/flash.ts";
import { checkAddress, checkBody } from "../web/security/input.ts";
import { loadSession } from "../web/security/session.ts";
import { limitWebWrites } from "../web/security/write-limit.ts";
import { servePages, servePagesEarly } from "../web/serve-pages.ts";
import { errorResponse } from "../web/views/error-page.tsx";
import type { Deps } from "./deps.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
const logger = getLogger(["hubnet", "http"]);

/**
 * The composition root of one instance: Fedify answers federation requests first and hands
 * everything else (and browsers asking for an actor's or object's page) on to the web routes.
 */
export function createApp(
  deps: Deps,
  federation: Federation<Deps>,
  documents?: DocumentCache,
  pages?: PageCache,
): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const limits = createRateLimits(deps.config);
  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("federation", federation);
    await next();
  });
  app.use(chooseRequestLanguage);
  app.use(
    secureHeaders({
      // HSTS over plain http would only confuse a local test instance.
      strictTransportSecurity: deps.config.ORIGIN.startsWith("https:") ? "max-age=15552000" : false,
      // "no-referrer" (the default) makes browsers send `Origin: null` with forms, which the CSRF
      // check refuses; "same-origin" keeps referrers from leaving the site and the Origin intact.
      referrerPolicy: "same-origin",
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "https:", "data:"],
        scriptSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        // The rest of the body is never read, so the connection cannot carry another request.
        c.header("connection", "close");
        return errorResponse(c, 413, "error.too-large");
      },
    }),
  );
  app.use(checkAddress);
  // Before the cache: a refused server's signed fetch, or (in authorized-fetch mode) an unsigned
  // one, is never answered, not even with a cached public document.
  // With the document cache's change notices, every boundary's policy verdicts are remembered
  // between changes (federation/policy-guard.ts).
  if (documents) rememberPolicy(deps, documents);
  const readGuard = createReadGuard(federation, deps);
  app.use(async (c, next) => {
    const verdict = await readGuard(c.req.raw);
    if (verdict.ok) return next();
    c.header("vary", "Accept, Signature, Signature-Input");
    return c.json(
      { error: { code: errorCode(verdict.status), message: verdict.message } },
      verdict.status,
    );
  });
  if (pages) app.use(servePagesEarly(pages));
  if (documents) app.use(serveCachedDocuments(documents, new BuildGate()));
  const inboxGate = createInboxGate(federation, deps, {
    addresses: limits.inboxAddresses,
    hosts: limits.inboxHosts,
  });
  app.use(async (c, next) => {
    if (c.req.method !== "POST" || !isInboxPath(c.req.path)) return next();
    const verdict = await inboxGate(c.req.raw, clientAddress(c));
    if (verdict.ok) return next();
    if (verdict.retryAfter != null) c.header("retry-after", String(verdict.retryAfter));
    // Read by other servers' software and their operators: the gate's own diagnostic, as is.
    return c.json(
      { error: { code: errorCode(verdict.status), message: verdict.message } },
      verdict.status,
    );
  });
  app.use(async (c, next) => {
    const handOn = async () => {
      c.set("fromFederation", false);
      await next();
      return c.res;
    };
    c.set("fromFederation", true);
    const answer = (request: Request) =>
      federation.fetch(request, {
        contextData: deps,
        onNotFound: handOn,
        // A browser asking for an actor or object URL gets the HTML page of the same URL.
        onNotAcceptable: handOn,
      });
    // A signed fetch gets the public document when there is one: the same for every reader, so
    // cacheable (web/security/conditional.ts). Only what that refuses (a followers-only post) is
    // asked again as the signer, whom Fedify then verifies.
    let asked = c.get("publicRequest") ?? c.req.raw;
    let response = await answer(asked);
    if (asked !== c.req.raw && c.get("fromFederation") && [401, 403].includes(response.status)) {
      asked = c.req.raw;
      response = await answer(asked);
    }
    // Set, not only returned: when a web route answered, Hono keeps the context's response.
    c.res = await withCacheHeaders(asked, response, c.get("fromFederation"));
    return c.res;
  });
  app.use(
    checkBody,
    csrfProtection,
    loadSession,
    readFlash,
    countUnreadNotifications,
    preferSignedInLanguage,
    limitWebWrites(limits.writes),
  );
  if (pages) app.use(servePages(pages));
  app.route("/api", apiRoutes(limits, deps.version));
  for (const routes of [
    healthRoutes(),
    staticRoutes(),
    homeRoutes(),
    languageRoutes(),
    preferenceRoutes(),
    setupRoutes(),
    authRoutes(limits.logins),
    signupRoutes(),
    settingsRoutes(),
    newSpaceRoutes(),
    spaceSettingsRoutes(),
    spaceMemberRoutes(),
    adminRoutes(),
    timelineRoutes(),
    notificationRoutes(),
    followRoutes(),
    postRoutes(),
    contentFileRoutes(),
    feedRoutes(),
    remoteFollowRoutes(),
    contentRoutes(),
    collectionRoutes(),
    tokenRoutes(),
    hubRoutes(),
    directoryRoutes(),
    engagementRoutes(),
    archiveRoutes(),
    searchRoutes(),
    reportRoutes(),
    moderationReportRoutes(),
    moderationPolicyRoutes(),
    moderationLogRoutes(),
    moderationAccountRoutes(),
    spaceBlockRoutes(),
    actorRoutes(),
  ]) {
    app.route("/", routes);
  }
  app.notFound((c) => errorResponse(c, 404, "error.not-found"));
  const outage = outageReporter(logger, "Web requests");
  app.onError((error, c) => {
    if (outage(error)) return errorResponse(c, 503, "error.database-unavailable");
    logger.error("Unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: c.req.path,
      error,
    });
    return errorResponse(c, 500, "error.internal");
  });
  return app;
}
