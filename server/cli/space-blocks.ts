import { z } from "zod";
import { translatorFor } from "../../web/i18n/translator.ts";
import { HandleSchema } from "../handles/handles.ts";
import { spaceBlocksPage, unblockInSpace } from "../moderation/space-blocks.ts";
import { findSpaceByHandle } from "../spaces/spaces.ts";
import { withDatabase } from "./database.ts";
import { withFederation } from "./federation-context.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

const Target = z.string().trim().min(1).max(500);

export const spaceBlockCommand: Command = {
  summary: "Block a remote actor or domain in a space; their follows end",
  help: `Usage: npm run hubnet -- space block --space SPACE --target TARGET [--reason TEXT]

The target (@user@host, an actor's URL, or a domain) may no longer follow the space, reply to its
posts, vote on its proposals, answer its events or join it; their follows of it end now.

Options:
  --space SPACE     the space's handle
  --target TARGET   @user@host, https://… (an actor), or a domain such as spam.example
  --reason TEXT     why, shown in the open moderation log`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["space", "target", "reason"],
      z.object({
        space: HandleSchema,
        target: Target,
        reason: z.string().trim().max(500).default(""),
      }),
    );
    const { blockForSpace } = await import("../../federation/actions/space-blocks.ts");
    return withFederation(config, async (ctx) => {
      const space = await findSpaceByHandle(ctx.data.db, options.space);
      if (space == null) {
        console.error(`No space has the handle "${options.space}".`);
        return 1;
      }
      const result = await blockForSpace(ctx, space, options.target, options.reason, null);
      if (!result.ok) {
        const t = translatorFor("en");
        console.error(result.reason === "local" ? t("api.block-local") : t("api.nobody-there"));
        return 1;
      }
      const n = result.endedFollows;
      const m = result.endedMemberships;
      console.log(
        `@${space.handle} blocks ${result.block.target}; ${n} follow${n === 1 ? "" : "s"} ended` +
          (m > 0 ? `, ${m} membership${m === 1 ? "" : "s"} ended.` : "."),
      );
      return 0;
    });
  },
};

export const spaceUnblockCommand: Command = {
  summary: "Lift a space's block",
  help: `Usage: npm run hubnet -- space unblock --space SPACE --target TARGET

TARGET as \`space blocks\` lists it (an actor's URL or a domain).`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["space", "target"],
      z.object({ space: HandleSchema, target: Target }),
    );
    return withDatabase(config, async ({ db }) => {
      const space = await findSpaceByHandle(db, options.space);
      if (space == null || !(await unblockInSpace(db, space, options.target, null))) {
        console.error(`@${options.space} has no block of ${options.target}.`);
        return 1;
      }
      console.log(`@${space.handle} no longer blocks ${options.target}.`);
      return 0;
    });
  },
};

export const spaceBlocksCommand: Command = {
  summary: "List whom a space blocks",
  help: `Usage: npm run hubnet -- space blocks --space SPACE`,
  async run(args, config) {
    const options = parseOptions(args, ["space"], z.object({ space: HandleSchema }));
    return withDatabase(config, async ({ db }) => {
      const space = await findSpaceByHandle(db, options.space);
      if (space == null) {
        console.error(`No space has the handle "${options.space}".`);
        return 1;
      }
      const page = await spaceBlocksPage(db, space, undefined, 500);
      console.log(
        page.items.length === 0
          ? `@${space.handle} blocks nobody.`
          : formatTable(
              ["TARGET", "KIND", "SINCE", "REASON"],
              page.items.map((b) => [b.target, b.kind, formatTime(b.createdAt), b.reason]),
            ),
      );
      return 0;
    });
  },
};
