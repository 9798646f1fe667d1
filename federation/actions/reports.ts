/**
 * Reports as people and moderators act on them: filing one (and forwarding an anonymous copy to
 * the reported actor's server as a Flag, signed by the instance actor), and resolving one with
 * an action, whose consequences reach other servers where they must (a removed local post's
 * Delete).
 */
import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Flag } from "@fedify/vocab";
import type { Person, Report, ReportAction } from "../../db/schema.ts";
import {
  localActorIri,
  localHandleOf,
  localHandleOfAddress,
} from "../../server/actors/local-iris.ts";
import { findRemoteActor } from "../../server/actors/remote-actors.ts";
import type { Deps } from "../../server/deps.ts";
import { suspendAccount } from "../../server/moderation/accounts.ts";
import { blockActor, blockDomain, type Moderator } from "../../server/moderation/domain-policy.ts";
import { hostOf } from "../../server/moderation/domains.ts";
import { removeContent } from "../../server/moderation/removal.ts";
import {
  fileReport,
  findReport,
  markForwarded,
  type ReportInput,
  type ReportSubject,
  resolveReport,
} from "../../server/moderation/reports.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findPostById, findPostByIri } from "../../server/posts/posts.ts";
import { canView, localViewer } from "../../server/posts/visibility.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { deliverPost, send } from "../deliver.ts";
import { INSTANCE_ACTOR } from "../mappers/instance-actor.ts";
import { isOwnOrigin } from "../origin.ts";
import { lookupActor, recipientFor } from "../remote.ts";

/** What is reported: a post (its IRI or id), or an actor (`@user@host`, a handle or an IRI). */
export type ReportTarget =
  | { post: string; actor?: undefined }
  | { actor: string; post?: undefined };

export type FileOutcome =
  | { ok: true; report: Report; forwarded: boolean }
  | { ok: false; reason: "not-found" | "self" };

export async function fileReportAs(
  ctx: Context<Deps>,
  reporter: Person,
  target: ReportTarget,
  input: ReportInput,
): Promise<FileOutcome> {
  const subject = await subjectOf(ctx, reporter, target);
  if (subject == null) return { ok: false, reason: "not-found" };
  if (subject.actorIri === localActorIri(ctx.data.config.ORIGIN, reporter.handle))
    return { ok: false, reason: "self" };
  const report = await fileReport(ctx.data.db, reporter.id, subject, input);
  const forwarded = input.forward ? await forwardReport(ctx, report) : false;
  return { ok: true, report, forwarded };
}

/** The reported actor and posts; a post only when the reporter may see it. */
async function subjectOf(
  ctx: Context<Deps>,
  reporter: Person,
  target: ReportTarget,
): Promise<ReportSubject | undefined> {
  const { db, config } = ctx.data;
  if (target.post != null) {
    const post = URL.canParse(target.post)
      ? await findPostByIri(db, target.post)
      : await findPostById(db, target.post);
    if (post == null) return undefined;
    if (!(await canView(db, post, await localViewer(db, config.ORIGIN, reporter))))
      return undefined;
    return { actorIri: post.authorIri, objectIris: [post.iri] };
  }
  const handle = localHandleOfAddress(config.ORIGIN, target.actor);
  if (handle != null) {
    const known = (await findSpaceByHandle(db, handle)) ?? (await findPersonByHandle(db, handle));
    return known ? { actorIri: localActorIri(config.ORIGIN, handle), objectIris: [] } : undefined;
  }
  const stored = URL.canParse(target.actor) ? await findRemoteActor(db, target.actor) : undefined;
  const iri = stored?.iri ?? (await lookupActor(ctx, target.actor))?.id?.href;
  return iri ? { actorIri: iri, objectIris: [] } : undefined;
}

/**
 * Sends a copy of a report to the reported actor's server, once: a Flag by the instance actor
 * naming the actor and the posts, with the reporter's words and never the reporter.
 */
export async function forwardReport(ctx: Context<Deps>, report: Report): Promise<boolean> {
  if (report.sourceDomain != null || isOwnOrigin(ctx.data.config.ORIGIN, report.actorIri))
    return false;
  const recipient = await recipientFor(ctx, report.actorIri);
  if (recipient == null || !(await markForwarded(ctx.data.db, report.id))) return false;
  const actor = ctx.getActorUri(INSTANCE_ACTOR);
  const flag = new Flag({
    // Says nothing of who reported: a random id, on the instance actor's origin.
    id: new URL(`#flags/${randomUUID()}`, actor),
    actor,
    objects: [report.actorIri, ...report.objectIris].map((iri) => new URL(iri)),
    content: report.comment === "" ? null : report.comment,
  });
  await send(ctx, INSTANCE_ACTOR, [recipient], flag);
  return true;
}

export type ResolveRefusal =
  | "not-found"
  | "resolved"
  | "no-content"
  | "local-space"
  | "own-domain"
  | "has-instance-role";
export type ResolveOutcome = { ok: true; report: Report } | { ok: false; reason: ResolveRefusal };

/** Resolves a report with an action and a note; the action is taken, and logged, at once. */
export async function resolveReportWith(
  ctx: Context<Deps>,
  id: string,
  resolution: { action: ReportAction; note: string },
  by: Moderator,
): Promise<ResolveOutcome> {
  const { db } = ctx.data;
  const found = await findReport(db, id);
  if (found == null) return { ok: false, reason: "not-found" };
  if (found.status === "resolved") return { ok: false, reason: "resolved" };
  const refusal = await refusalOf(ctx, found, resolution.action);
  if (refusal) return { ok: false, reason: refusal };
  const claimed = await resolveReport(db, id, resolution, by.personId);
  if (!claimed.ok) return claimed;
  await takeAction(ctx, claimed.report, resolution.action, { ...by, category: found.category });
  return claimed;
}

async function refusalOf(
  ctx: Context<Deps>,
  report: Report,
  action: ReportAction,
): Promise<ResolveRefusal | undefined> {
  const { db, config } = ctx.data;
  const handle = localHandleOf(config.ORIGIN, report.actorIri);
  if (action === "remove-content" && report.objectIris.length === 0) return "no-content";
  if (action === "block-domain" && handle != null) return "own-domain";
  if (action === "block-actor" && handle != null) {
    const person = await findPersonByHandle(db, handle);
    if (person == null) return "local-space";
    if (person.instanceRole != null) return "has-instance-role";
  }
  return undefined;
}

async function takeAction(
  ctx: Context<Deps>,
  report: Report,
  action: ReportAction,
  by: Moderator,
): Promise<void> {
  const { db, config } = ctx.data;
  const handle = localHandleOf(config.ORIGIN, report.actorIri);
  switch (action) {
    case "none":
      return;
    case "remove-content":
      for (const iri of report.objectIris) {
        const post = await findPostByIri(db, iri);
        if (post == null || !(await removeContent(db, post, by))) continue;
        const author = post.isLocal ? localHandleOf(config.ORIGIN, post.authorIri) : undefined;
        if (author != null) await deliverPost(ctx, author, post, "delete");
      }
      return;
    case "block-actor":
      if (handle != null) await suspendAccount(db, handle, "", by);
      else await blockActor(db, report.actorIri, "", by);
      return;
    case "block-domain": {
      const domain = hostOf(report.actorIri);
      if (domain != null) await blockDomain(db, { domain, level: "suspend", reason: "" }, by);
      return;
    }
  }
}
