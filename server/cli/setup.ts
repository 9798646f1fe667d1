import { HandleSchema } from "../handles/handles.ts";
import { openDatabase } from "../runtime/database.ts";
import { completeSetup, SetupInput } from "../setup/setup.ts";
import { type Command, kebab, parseOptions } from "./options.ts";
import { withPasswordArgument } from "./password-input.ts";

const OPTIONS = [
  "spaceName",
  "spaceHandle",
  "spaceKind",
  "language",
  "handle",
  "email",
  "displayName",
  "password",
];

export const setupCommand: Command = {
  summary: "Create the first space and its owner account (instead of the setup link)",
  help: `Usage: npm run hubnet -- setup --space-name NAME --handle HANDLE --email EMAIL [options]

Creates the instance's first space and the account that owns it, like the one-time setup link.

Options:
  --space-name NAME       name of the first space (affiliate or hub)
  --space-handle HANDLE   its handle (default: derived from the name)
  --space-kind KIND       affiliate (default) or hub
  --language TAG          main language, a BCP 47 tag (default: en)
  --handle HANDLE         the owner's handle
  --email EMAIL           the owner's email address
  --display-name NAME     the owner's name (default: the handle)
  --password-stdin        read the owner's password (at least 10 characters) from the first
                          line of standard input; in a terminal, without it, you are asked
  --password PASSWORD     the password on the command line (it stays in your shell history)`,
  async run(args, config, io) {
    const input = parseOptions(
      await withPasswordArgument(args, io, { confirm: true }),
      OPTIONS.map(kebab),
      SetupInput.extend({ spaceHandle: HandleSchema.optional() }),
    );
    const database = await openDatabase(config, { role: "command" });
    try {
      const result = await completeSetup(database.db, null, input);
      if (!result.ok) {
        const messages = {
          "already-set-up": "This instance is already set up.",
          "bad-token": "The setup token is not valid.",
          "handle-taken": `The handle "${input.handle}" is taken.`,
          "email-taken": `The email address "${input.email}" already has an account.`,
          "space-handle-taken": "The space handle is taken.",
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const host = new URL(config.ORIGIN).host;
      console.log(
        `Created the space @${result.space.handle}@${host} and its owner @${result.owner.handle}@${host}.\nSign in at ${config.ORIGIN}/login`,
      );
      return 0;
    } finally {
      await database.shutdown();
    }
  },
};
