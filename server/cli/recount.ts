import { recount } from "../counters/counters.ts";
import { withDatabase } from "./database.ts";
import { type Command, UsageError } from "./options.ts";

export const recountCommand: Command = {
  summary: "Count again the totals the database keeps (posts, followers, members, likes, boosts)",
  help: `Usage: npm run hubnet -- recount

Rebuilds the counters behind collection totals and post cards from the rows they count, and the
rows of who each post mentions (read by home timelines). The database keeps both exact itself;
this repairs them after rows were changed behind its back (a partial restore, TRUNCATE, triggers
disabled). Writes wait while it counts; reads go on.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`recount takes no arguments (got ${args.join(" ")}).`);
    await withDatabase(config, (database) => recount(database.db));
    console.log("Counted again.");
    return 0;
  },
};
