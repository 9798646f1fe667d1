import { z } from "zod";
import { reportAction } from "../../db/schema.ts";
import { translatorFor } from "../../web/i18n/translator.ts";
import { findReport, reportsPage } from "../moderation/reports.ts";
import { withDatabase } from "./database.ts";
import { withFederation } from "./federation-context.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

const ACTIONS = reportAction.enumValues;
const Id = z.uuid({ error: "must be a report's id (from `report list`)" });

const list: Command = {
  summary: "List open reports (or resolved ones), newest first",
  help: `Usage: npm run hubnet -- report list [--resolved]

Lists the moderators' queue: each report's id, when, the reported actor, the category, how many
posts, and where it came from (a person here, or the server that sent it as a Flag).`,
  async run(args, config) {
    const { resolved } = parseOptions(
      args,
      [],
      z.object({ resolved: z.boolean().default(false) }),
      ["resolved"],
    );
    return withDatabase(config, async ({ db }) => {
      const page = await reportsPage(db, resolved ? "resolved" : "open", undefined, 100);
      if (page.items.length === 0) {
        console.log(resolved ? "No resolved reports." : "No open reports.");
        return 0;
      }
      console.log(
        formatTable(
          ["ID", "FILED", "ACTOR", "CATEGORY", "POSTS", "FROM", ...(resolved ? ["ACTION"] : [])],
          page.items.map((r) => [
            r.id,
            formatTime(r.createdAt),
            r.actorIri,
            r.category,
            String(r.objectIris.length),
            r.sourceDomain ?? "here",
            ...(resolved ? [r.action ?? ""] : []),
          ]),
        ),
      );
      return 0;
    });
  },
};

const show: Command = {
  summary: "Show one report",
  help: `Usage: npm run hubnet -- report show --id ID`,
  async run(args, config) {
    const { id } = parseOptions(args, ["id"], z.object({ id: Id }));
    return withDatabase(config, async ({ db }) => {
      const report = await findReport(db, id);
      if (report == null) {
        console.error(`No report has the id ${id}.`);
        return 1;
      }
      const lines = [
        `Actor:     ${report.actorIri}`,
        ...report.objectIris.map((iri) => `Post:      ${iri}`),
        `Category:  ${report.category}`,
        `Comment:   ${report.comment || "(none)"}`,
        `From:      ${report.sourceDomain ?? "a person here"}`,
        `Filed:     ${formatTime(report.createdAt)}`,
        `Forwarded: ${report.forwardedAt ? formatTime(report.forwardedAt) : "no"}`,
        `Status:    ${report.status}${report.action ? ` (${report.action})` : ""}`,
        ...(report.note ? [`Note:      ${report.note}`] : []),
      ];
      console.log(lines.join("\n"));
      return 0;
    });
  },
};

const resolve: Command = {
  summary: "Resolve a report with an action",
  help: `Usage: npm run hubnet -- report resolve --id ID --action ACTION [--note TEXT]

Actions:
  none            nothing to do
  remove-content  the reported posts go (a local post's Delete reaches its audience)
  block-actor     a remote actor is blocked on this instance; a local account is suspended
  block-domain    the reported actor's server is suspended

The note stays with the report, for moderators; the log shows the action and the category.`,
  async run(args, config) {
    const { id, action, note } = parseOptions(
      args,
      ["id", "action", "note"],
      z.object({
        id: Id,
        action: z.enum(ACTIONS, { error: `must be one of ${ACTIONS.join(", ")}` }),
        note: z.string().trim().max(2000).default(""),
      }),
    );
    const { resolveReportWith } = await import("../../federation/actions/reports.ts");
    return withFederation(config, async (ctx) => {
      const result = await resolveReportWith(ctx, id, { action, note }, { personId: null });
      if (!result.ok) {
        const t = translatorFor("en");
        console.error(
          result.reason === "not-found"
            ? `No report has the id ${id}.`
            : t(`api.resolve-${result.reason}`),
        );
        return 1;
      }
      console.log(`Resolved the report about ${result.report.actorIri} (${action}).`);
      return 0;
    });
  },
};

const forward: Command = {
  summary: "Send an anonymous copy of a report to the reported actor's server",
  help: `Usage: npm run hubnet -- report forward --id ID

Queues a Flag, signed by the instance actor, to the reported actor's server: it names the actor
and the posts, with the reporter's comment, never the reporter.`,
  async run(args, config) {
    const { id } = parseOptions(args, ["id"], z.object({ id: Id }));
    const { forwardReport } = await import("../../federation/actions/reports.ts");
    return withFederation(config, async (ctx) => {
      const report = await findReport(ctx.data.db, id);
      if (report == null) {
        console.error(`No report has the id ${id}.`);
        return 1;
      }
      if (!(await forwardReport(ctx, report))) {
        console.error(translatorFor("en")("api.not-forwardable"));
        return 1;
      }
      console.log(`Queued a copy of the report for ${new URL(report.actorIri).host}.`);
      return 0;
    });
  },
};

export const reportCommand = commandGroup("report", "The moderators' queue of reports", {
  list,
  show,
  resolve,
  forward,
});
