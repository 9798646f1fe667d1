/** `engagement` and `archive`: what a space did and drew, for reports and accountability. */
import { z } from "zod";
import { localActorIri } from "../actors/local-iris.ts";
import {
  ARCHIVE_KINDS,
  archivedMembershipChanges,
  archivedPosts,
  archivedResults,
  archiveMonths,
  MonthSchema,
} from "../archive/archive.ts";
import { engagementCsv } from "../engagement/csv.ts";
import { monthsUntil } from "../engagement/engagement.ts";
import { engagementSeries, hubEngagement } from "../engagement/hub-engagement.ts";
import { HandleSchema } from "../handles/handles.ts";
import { pickLanguage } from "../i18n/languages.ts";
import { findSpaceByHandle } from "../spaces/spaces.ts";
import { withDatabase } from "./database.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

export const engagementCommand: Command = {
  summary: "A space's engagement per month, as CSV (a hub's members too)",
  help: `Usage: npm run hubnet -- engagement --space HANDLE [--months N] [--until YYYY-MM]

Prints CSV: per month, followers, member spaces, posts by kind, interactions (replies,
responses to offers and needs, likes, boosts, RSVPs, votes), engaged participants (distinct
actors who interacted) and their ratio to followers; for a hub, each member space's last month.

Options:
  --space HANDLE   a local space
  --months N       how many months, up to 36 (default 12)
  --until MONTH    the last month (default: this one)`,
  async run(args, config) {
    const o = parseOptions(
      args,
      ["space", "months", "until"],
      z.object({
        space: HandleSchema,
        months: z.coerce.number().int().min(1).max(36).default(12),
        until: MonthSchema.optional(),
      }),
    );
    return withDatabase(config, async ({ db }) => {
      const space = await findSpaceByHandle(db, o.space);
      if (space == null) {
        console.error(`No space has the handle "${o.space}".`);
        return 1;
      }
      const iri = localActorIri(config.ORIGIN, space.handle);
      const until = o.until ? new Date(`${o.until}-01T00:00:00Z`) : new Date();
      const periods = monthsUntil(until, o.months);
      const series = await engagementSeries(db, { iri, isHub: space.kind === "hub" }, periods);
      const last = periods.at(-1);
      const members =
        space.kind === "hub" && last
          ? (await hubEngagement(db, config.ORIGIN, iri, last)).members
          : [];
      const csv = engagementCsv([
        ...series.map((engagement) => ({ space: iri, engagement })),
        ...members.map((m) => ({ space: m.iri, engagement: m.engagement })),
      ]);
      console.log(csv.trimEnd());
      return 0;
    });
  },
};

export const archiveCommand: Command = {
  summary: "A space's public archive: its months, or one month by kind",
  help: `Usage: npm run hubnet -- archive --space HANDLE [--month YYYY-MM] [--kind KIND]

Without --month, the months with what each holds. With it, that month's posts (of --kind:
${ARCHIVE_KINDS.join(", ")}).`,
  async run(args, config) {
    const o = parseOptions(
      args,
      ["space", "month", "kind"],
      z.object({
        space: HandleSchema,
        month: MonthSchema.optional(),
        kind: z.enum(ARCHIVE_KINDS).optional(),
      }),
    );
    return withDatabase(config, async ({ db }) => {
      const iri = localActorIri(config.ORIGIN, o.space);
      if (o.month == null) {
        const months = await archiveMonths(db, iri);
        const rows = months.map((m) => [
          m.month,
          Object.entries(m.posts)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(", ") || "-",
          String(m.memberships),
          String(m.results),
        ]);
        console.log(formatTable(["MONTH", "PUBLISHED", "MEMBERSHIP CHANGES", "RESULTS"], rows));
        return 0;
      }
      if (o.kind === "memberships") {
        const page = await archivedMembershipChanges(db, iri, o.month, undefined, 500);
        const rows = page.items.map((e) => [formatTime(e.at), e.change, e.memberIri, e.hubIri]);
        console.log(formatTable(["WHEN", "CHANGE", "MEMBER", "HUB"], rows));
        return 0;
      }
      const posts =
        o.kind === "results"
          ? await archivedResults(db, iri, o.month)
          : (await archivedPosts(db, iri, o.month, o.kind, undefined, 500)).items;
      const rows = posts.map((p) => [
        formatTime(p.publishedAt),
        p.kind,
        pickLanguage(p.title ?? {}, [], p.defaultLanguage)?.text ?? "",
        p.iri,
      ]);
      console.log(formatTable(["PUBLISHED", "KIND", "TITLE", "URL"], rows));
      return 0;
    });
  },
};
