import { openDatabase } from "../runtime/database.ts";
import { type Command, UsageError } from "./options.ts";

export const migrateCommand: Command = {
  summary: "Apply pending database migrations (the server also does this when it starts)",
  help: `Usage: npm run hubnet -- migrate

Applies the database migrations that have not run yet, then exits.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`migrate takes no arguments (got ${args.join(" ")}).`);
    const database = await openDatabase(config, { role: "command" });
    await database.shutdown();
    console.log("The database is up to date.");
    return 0;
  },
};
