import { z } from "zod";
import { HandleSchema } from "../handles/handles.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { foundSpace } from "../spaces/founding.ts";
import { summarizeSpaces } from "../spaces/overview.ts";
import { NewSpaceInput } from "../spaces/spaces.ts";
import { withDatabase } from "./database.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions, UsageError } from "./options.ts";
import { spaceBlockCommand, spaceBlocksCommand, spaceUnblockCommand } from "./space-blocks.ts";
import { formatTable } from "./table.ts";

const CreateOptions = z
  .object({
    handle: HandleSchema,
    name: z.string().trim().min(1, { error: "the space needs a name" }).max(200),
    kind: z.enum(["affiliate", "hub"], { error: "must be affiliate or hub" }).default("affiliate"),
    focus: z
      .enum(["regional", "language", "thematic"], {
        error: "must be regional, language or thematic",
      })
      .optional(),
    language: LanguageTagSchema.default("en"),
    owner: HandleSchema.optional(),
  })
  .refine((o) => o.kind === "hub" || o.focus == null, {
    path: ["focus"],
    error: "only hubs have a focus (add --kind hub)",
  });

const create: Command = {
  summary: "Create a space (an affiliate or a hub), optionally with its owner",
  help: `Usage: npm run hubnet -- space create --handle HANDLE --name NAME [options]

Creates a space with its signing keys. It is federated at once as @HANDLE@<your host>.

Options:
  --handle HANDLE   the space's handle: lowercase letters, digits, underscores
  --name NAME       its name, in its main language
  --kind KIND       affiliate (default) or hub
  --focus FOCUS     for a hub: regional, language or thematic
  --language TAG    main language, a BCP 47 tag (default: en)
  --owner HANDLE    an existing person who becomes its owner`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["handle", "name", "kind", "focus", "language", "owner"],
      CreateOptions,
    );
    const input = NewSpaceInput.parse({
      handle: options.handle,
      kind: options.kind,
      focus: options.focus,
      defaultLanguage: options.language,
      name: { [options.language]: options.name },
      languages: [options.language],
    });
    return withDatabase(config, async ({ db }) => {
      const result = await foundSpace(db, input, options.owner);
      if (!result.ok) {
        const messages = {
          "handle-taken": `The handle "${options.handle}" is taken (by a space or a person).`,
          "owner-not-found": `No person has the handle "${options.owner}"; create them first with \`user create\`.`,
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const host = new URL(config.ORIGIN).host;
      const owner = result.owner ? `, owned by @${result.owner.handle}` : " (no owner yet)";
      console.log(`Created the ${result.space.kind} @${result.space.handle}@${host}${owner}.`);
      return 0;
    });
  },
};

const list: Command = {
  summary: "List the spaces with their follower counts",
  help: `Usage: npm run hubnet -- space list

Lists every space of this instance: handle, kind, name and number of (accepted) followers.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`space list takes no options (got ${args.join(" ")}).`);
    return withDatabase(config, async ({ db }) => {
      const spaces = await summarizeSpaces(db, config.ORIGIN);
      if (spaces.length === 0) {
        console.log("No spaces yet. Create one with `space create`.");
        return 0;
      }
      const rows = spaces.map((s) => [
        s.space.handle,
        s.space.focus ? `${s.space.kind} (${s.space.focus})` : s.space.kind,
        s.name,
        String(s.followers),
      ]);
      console.log(formatTable(["HANDLE", "KIND", "NAME", "FOLLOWERS"], rows));
      return 0;
    });
  },
};

export const spaceCommand = commandGroup("space", "Create and list spaces, and their blocks", {
  create,
  list,
  block: spaceBlockCommand,
  unblock: spaceUnblockCommand,
  blocks: spaceBlocksCommand,
});
