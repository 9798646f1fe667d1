import { z } from "zod";
import { moderationLogPage } from "../moderation/log.ts";
import { withDatabase } from "./database.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

export const moderationLogCommand: Command = {
  summary: "Show the open moderation log, newest first",
  help: `Usage: npm run hubnet -- moderation-log [--limit N]

Every moderation action of this instance (policy changes, blocks, removals, report resolutions,
suspensions, roles), as its public page /moderation/log shows it: date, action, what it applies
to, and why. It never names who reported.`,
  async run(args, config) {
    const { limit } = parseOptions(
      args,
      ["limit"],
      z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
    );
    return withDatabase(config, async ({ db }) => {
      const page = await moderationLogPage(db, undefined, limit);
      if (page.items.length === 0) {
        console.log("Nothing in the moderation log yet.");
        return 0;
      }
      console.log(
        formatTable(
          ["WHEN", "ACTION", "TARGET", "SPACE", "REASON"],
          page.items.map((e) => [
            formatTime(e.createdAt),
            e.detail ? `${e.action} (${e.detail})` : e.action,
            e.target,
            e.space ? `@${e.space}` : "",
            e.reason || (e.category ? `reported as ${e.category}` : ""),
          ]),
        ),
      );
      return 0;
    });
  },
};
