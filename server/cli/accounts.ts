import { z } from "zod";
import { translatorFor } from "../../web/i18n/translator.ts";
import { HandleSchema } from "../handles/handles.ts";
import { type AccountRefusal, suspendAccount, unsuspendAccount } from "../moderation/accounts.ts";
import { setInstanceRole } from "../people/instance-roles.ts";
import { withDatabase } from "./database.ts";
import { withFederation } from "./federation-context.ts";
import type { Command } from "./options.ts";
import { parseOptions } from "./options.ts";

const OPERATOR = { personId: null };
const Options = z.object({ handle: HandleSchema, reason: z.string().trim().max(500).default("") });

function refusal(handle: string, reason: AccountRefusal, wanted: string): string {
  if (reason === "not-found") return `No person has the handle "${handle}".`;
  if (reason === "already") return `@${handle} is already ${wanted}.`;
  const t = translatorFor("en");
  return t(reason === "has-instance-role" ? "api.account-has-role" : "api.account-last-owner");
}

export const setInstanceRoleCommand: Command = {
  summary: "Make someone an admin or moderator of this instance, or neither",
  help: `Usage: npm run hubnet -- user set-instance-role --handle HANDLE --role ROLE

Roles on the whole instance, apart from roles in spaces:
  admin       runs the instance: accounts, spaces, roles, the allowlist, and all a moderator does
  moderator   handles reports, blocks domains and actors, removes content, suspends accounts
  none        neither (the instance keeps at least one admin)`,
  async run(args, config) {
    const { handle, role } = parseOptions(
      args,
      ["handle", "role"],
      z.object({
        handle: HandleSchema,
        role: z.enum(["admin", "moderator", "none"], { error: "must be admin, moderator or none" }),
      }),
    );
    return withDatabase(config, async ({ db }) => {
      const result = await setInstanceRole(db, handle, role === "none" ? null : role, null);
      if (!result.ok) {
        console.error(
          result.reason === "last-admin"
            ? translatorFor("en")("api.last-admin")
            : `No person has the handle "${handle}".`,
        );
        return 1;
      }
      console.log(
        role === "none"
          ? `@${handle} has no instance role now.`
          : `@${handle} is now ${role} of this instance.`,
      );
      return 0;
    });
  },
};

export const suspendCommand: Command = {
  summary: "Suspend an account: no sign-in, sessions and tokens end, its actor answers 410",
  help: `Usage: npm run hubnet -- user suspend --handle HANDLE [--reason TEXT]

Suspends a person's account, recorded in the open moderation log. Lift it with \`user unsuspend\`.`,
  async run(args, config) {
    const { handle, reason } = parseOptions(args, ["handle", "reason"], Options);
    return withDatabase(config, async ({ db }) => {
      const result = await suspendAccount(db, handle, reason, OPERATOR);
      if (!result.ok) {
        console.error(refusal(handle, result.reason, "suspended"));
        return 1;
      }
      console.log(`Suspended @${handle}: signed out everywhere, tokens revoked.`);
      return 0;
    });
  },
};

export const unsuspendCommand: Command = {
  summary: "Lift an account's suspension",
  help: `Usage: npm run hubnet -- user unsuspend --handle HANDLE [--reason TEXT]`,
  async run(args, config) {
    const { handle, reason } = parseOptions(args, ["handle", "reason"], Options);
    return withDatabase(config, async ({ db }) => {
      const result = await unsuspendAccount(db, handle, reason, OPERATOR);
      if (!result.ok) {
        console.error(refusal(handle, result.reason, "not suspended"));
        return 1;
      }
      console.log(`@${handle} may sign in again.`);
      return 0;
    });
  },
};

export const deleteCommand: Command = {
  summary: "Delete an account and everything it made, telling its followers' servers",
  help: `Usage: npm run hubnet -- user delete --handle HANDLE [--reason TEXT]

Queues a Delete of the person's actor to their followers' servers (the running server sends it),
then deletes the account with its posts, reactions, votes, answers, follows, keys, sessions and
tokens. Its address answers 410 Gone from then on, and its handle is not given again.`,
  async run(args, config) {
    const { handle, reason } = parseOptions(args, ["handle", "reason"], Options);
    const { deleteAccountEverywhere } = await import("../../federation/actions/accounts.ts");
    return withFederation(config, async (ctx) => {
      const result = await deleteAccountEverywhere(ctx, handle, reason, OPERATOR);
      if (!result.ok) {
        console.error(refusal(handle, result.reason, "deleted"));
        return 1;
      }
      console.log(`Deleted @${handle}; their followers' servers are told.`);
      return 0;
    });
  },
};
