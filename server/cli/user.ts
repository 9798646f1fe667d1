import { z } from "zod";
import { HandleSchema } from "../handles/handles.ts";
import { resetPassword, summarizePeople } from "../people/accounts.ts";
import { createPerson, NewPersonInput, PasswordSchema } from "../people/people.ts";
import { changeRole } from "../spaces/roles.ts";
import {
  deleteCommand,
  setInstanceRoleCommand,
  suspendCommand,
  unsuspendCommand,
} from "./accounts.ts";
import { withDatabase } from "./database.ts";
import { commandGroup } from "./group.ts";
import { type Command, kebab, parseOptions, UsageError } from "./options.ts";
import { withPasswordArgument } from "./password-input.ts";
import { formatTable, formatTime } from "./table.ts";

const create: Command = {
  summary: "Create an account",
  help: `Usage: npm run hubnet -- user create --handle HANDLE --email EMAIL [options]

Creates a person's account with its signing keys. Give them a role in a space with \`user set-role\`.

Options:
  --handle HANDLE       their handle: lowercase letters, digits, underscores
  --email EMAIL         their email address (they may sign in with it)
  --password-stdin      read the password (at least 10 characters) from the first line of
                        standard input; in a terminal, without it, you are asked
  --password PASSWORD   the password on the command line (it stays in your shell history)
  --display-name NAME   their name as shown (default: the handle)
  --instance-role ROLE  admin (runs this instance) or moderator (reports, blocks, suspensions)`,
  async run(args, config, io) {
    const input = parseOptions(
      await withPasswordArgument(args, io, { confirm: true }),
      ["handle", "email", "password", "displayName", "instanceRole"].map(kebab),
      NewPersonInput.omit({ preferredLanguage: true }).extend({
        instanceRole: z
          .enum(["admin", "moderator"], { error: "must be admin or moderator" })
          .nullable()
          .default(null),
      }),
    );
    const person = NewPersonInput.parse(input);
    return withDatabase(config, async ({ db }) => {
      const result = await db.transaction((tx) => createPerson(tx, person));
      if (!result.ok) {
        const messages = {
          "handle-taken": `The handle "${person.handle}" is taken (by a space or a person).`,
          "email-taken": `The email address "${person.email}" already has an account.`,
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const role = result.person.instanceRole
        ? ` (${result.person.instanceRole} of this instance)`
        : "";
      console.log(`Created @${result.person.handle}@${new URL(config.ORIGIN).host}${role}.`);
      return 0;
    });
  },
};

const list: Command = {
  summary: "List the accounts with their roles",
  help: `Usage: npm run hubnet -- user list

Lists every account: handle, name, email, their instance role (and whether they are suspended),
and their roles in spaces.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`user list takes no options (got ${args.join(" ")}).`);
    return withDatabase(config, async ({ db }) => {
      const everyone = await summarizePeople(db);
      if (everyone.length === 0) {
        console.log("No accounts yet. Create one with `user create` (or `setup`).");
        return 0;
      }
      const rows = everyone.map(({ person, roles }) => [
        person.handle,
        person.displayName,
        person.email,
        [person.instanceRole, person.suspendedAt ? "suspended" : null]
          .filter((word) => word != null)
          .join(", "),
        formatTime(person.createdAt),
        roles.map((r) => `${r.space}:${r.role}`).join(", "),
      ]);
      console.log(formatTable(["HANDLE", "NAME", "EMAIL", "INSTANCE", "CREATED", "ROLES"], rows));
      return 0;
    });
  },
};

const resetPasswordCommand: Command = {
  summary: "Set a new password and sign the person out everywhere",
  help: `Usage: npm run hubnet -- user reset-password --handle HANDLE [--password-stdin]

Sets a person's password and ends all their sessions, so every browser must sign in again.
Their API tokens stay valid; revoke them with \`token revoke\` if they may have leaked too.

Options:
  --handle HANDLE       whose password
  --password-stdin      read the new password (at least 10 characters) from the first line of
                        standard input; in a terminal, without it, you are asked
  --password PASSWORD   the password on the command line (it stays in your shell history)`,
  async run(args, config, io) {
    const { handle, password } = parseOptions(
      await withPasswordArgument(args, io, { confirm: true }),
      ["handle", "password"],
      z.object({ handle: HandleSchema, password: PasswordSchema }),
    );
    return withDatabase(config, async ({ db }) => {
      const result = await resetPassword(db, handle, password);
      if (!result.ok) {
        console.error(`No person has the handle "${handle}".`);
        return 1;
      }
      const n = result.sessionsEnded;
      console.log(`Set a new password for @${handle} and ended ${n} session${n === 1 ? "" : "s"}.`);
      return 0;
    });
  },
};

const ROLES = ["owner", "admin", "editor", "member", "none"] as const;

const setRole: Command = {
  summary: "Give a person a role in a space, or take it away",
  help: `Usage: npm run hubnet -- user set-role --handle HANDLE --space SPACE --role ROLE

Sets what a person may do in a space. The last owner of a space can be neither removed nor
demoted: make someone else owner first.

Options:
  --handle HANDLE   the person
  --space SPACE     the space's handle
  --role ROLE       owner, admin, editor, member, or none (removes their role)`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["handle", "space", "role"],
      z.object({
        handle: HandleSchema,
        space: HandleSchema,
        role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
      }),
    );
    return withDatabase(config, async ({ db }) => {
      const result = await changeRole(db, options.space, options.handle, options.role);
      if (!result.ok) {
        const messages = {
          "space-not-found": `No space has the handle "${options.space}".`,
          "person-not-found": `No person has the handle "${options.handle}".`,
          "last-owner": `@${options.handle} is the last owner of @${options.space}; make someone else owner first.`,
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const was = result.previous ? ` (was ${result.previous})` : " (had no role)";
      console.log(
        result.role === "none"
          ? `@${options.handle} has no role in @${options.space} any more${was}.`
          : `@${options.handle} is now ${result.role} of @${options.space}${was}.`,
      );
      return 0;
    });
  },
};

export const userCommand = commandGroup("user", "Manage accounts, passwords and roles", {
  create,
  list,
  "reset-password": resetPasswordCommand,
  "set-role": setRole,
  "set-instance-role": setInstanceRoleCommand,
  suspend: suspendCommand,
  unsuspend: unsuspendCommand,
  delete: deleteCommand,
});
