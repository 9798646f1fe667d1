import { z } from "zod";
import { HandleSchema } from "../handles/handles.ts";
import { findPersonByHandle } from "../people/people.ts";
import { createToken, listTokens, revokeToken, SCOPES } from "../tokens/tokens.ts";
import { withDatabase } from "./database.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

const Scopes = z
  .string()
  .transform((list) => list.split(",").map((scope) => scope.trim().toLowerCase()))
  .pipe(
    z
      .array(z.enum(SCOPES, { error: `each scope must be one of ${SCOPES.join(", ")}` }))
      .min(1, { error: "choose at least one scope" }),
  );

const create: Command = {
  summary: "Create an API token for a person (shown once)",
  help: `Usage: npm run hubnet -- token create --handle HANDLE --name NAME [--scopes SCOPES]

Creates a personal access token for the API and prints it. Only its hash is kept: copy it now,
it cannot be shown again.

Options:
  --handle HANDLE   whose token (it acts as this person)
  --name NAME       what it is for, e.g. the script that uses it
  --scopes SCOPES   comma-separated: read, write, admin (default: read)`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["handle", "name", "scopes"],
      z.object({
        handle: HandleSchema,
        name: z.string().trim().min(1, { error: "give the token a name" }).max(100),
        scopes: Scopes.default(["read"]),
      }),
    );
    return withDatabase(config, async ({ db }) => {
      const person = await findPersonByHandle(db, options.handle);
      if (person == null) {
        console.error(`No person has the handle "${options.handle}".`);
        return 1;
      }
      const { token, secret } = await createToken(db, person.id, {
        name: options.name,
        scopes: options.scopes,
      });
      console.log(
        `Created the token "${token.name}" (id ${token.id}) for @${person.handle}, scopes: ${token.scopes.join(", ")}.\n\n${secret}\n\nCopy it now: it will not be shown again.`,
      );
      return 0;
    });
  },
};

const list: Command = {
  summary: "List a person's API tokens (never their secrets)",
  help: `Usage: npm run hubnet -- token list --handle HANDLE

Lists a person's tokens that are not revoked: id, name, scopes, when created and last used.`,
  async run(args, config) {
    const { handle } = parseOptions(args, ["handle"], z.object({ handle: HandleSchema }));
    return withDatabase(config, async ({ db }) => {
      const person = await findPersonByHandle(db, handle);
      if (person == null) {
        console.error(`No person has the handle "${handle}".`);
        return 1;
      }
      const tokens = await listTokens(db, person.id);
      if (tokens.length === 0) {
        console.log(`@${handle} has no API tokens.`);
        return 0;
      }
      const rows = tokens.map((t) => [
        t.id,
        t.name,
        t.scopes.join(","),
        formatTime(t.createdAt),
        formatTime(t.lastUsedAt),
      ]);
      console.log(formatTable(["ID", "NAME", "SCOPES", "CREATED", "LAST USED"], rows));
      return 0;
    });
  },
};

const revoke: Command = {
  summary: "Revoke an API token by its id",
  help: `Usage: npm run hubnet -- token revoke --id ID

Revokes a token at once: requests with it are refused from now on. \`token list\` shows the ids.

Options:
  --id ID   the token's id (a UUID)`,
  async run(args, config) {
    const { id } = parseOptions(
      args,
      ["id"],
      z.object({ id: z.uuid({ error: "must be a token id (a UUID, see `token list`)" }) }),
    );
    return withDatabase(config, async ({ db }) => {
      if (!(await revokeToken(db, id, undefined))) {
        console.error(`No active token has the id ${id}.`);
        return 1;
      }
      console.log(`Revoked the token ${id}.`);
      return 0;
    });
  },
};

export const tokenCommand = commandGroup("token", "Create, list and revoke API tokens", {
  create,
  list,
  revoke,
});
