/** `directory …`: the spaces this instance has met. */
import { z } from "zod";
import { DirectoryFilters, everyDirectoryEntry } from "../directory/directory.ts";
import { pickLanguage } from "../i18n/languages.ts";
import { withDatabase } from "./database.ts";
import { withFederation } from "./federation-context.ts";
import { commandGroup } from "./group.ts";
import { type Command, parseOptions } from "./options.ts";
import { formatTable, formatTime } from "./table.ts";

const list: Command = {
  summary: "List the directory, filtered",
  help: `Usage: npm run hubnet -- directory list [--kind K] [--focus F] [--region R] [--language L] [--theme T]

Every space this instance has met, most recently active first: kind, members, followers, last
activity, and whether it answered its last refresh.

Options:
  --kind KIND         affiliate or hub
  --focus FOCUS       regional, language or thematic
  --region CODE       ISO 3166 (KE matches KE-30 too)
  --language TAG      BCP 47 (fr matches fr-CA too)
  --theme THEME`,
  async run(args, config) {
    const filters = parseOptions(
      args,
      ["kind", "focus", "region", "language", "theme"],
      DirectoryFilters,
    );
    return withDatabase(config, async ({ db }) => {
      const entries = await everyDirectoryEntry(db, filters);
      const rows = entries.map((e) => [
        e.handle,
        e.kind ?? "group",
        pickLanguage(e.name, [], e.defaultLanguage ?? "en")?.text ?? "",
        e.memberCount == null ? "-" : String(e.memberCount),
        e.followerCount == null ? "-" : String(e.followerCount),
        formatTime(e.lastActivityAt),
        e.unreachableSince ? `unreachable since ${formatTime(e.unreachableSince)}` : "ok",
      ]);
      console.log(
        formatTable(
          ["HANDLE", "KIND", "NAME", "MEMBERS", "FOLLOWERS", "LAST ACTIVE", "STATUS"],
          rows,
        ),
      );
      return 0;
    });
  },
};

const add: Command = {
  summary: "Add a space by @name@host or URL, and refresh it now",
  help: `Usage: npm run hubnet -- directory add --target TARGET`,
  async run(args, config) {
    const o = parseOptions(
      args,
      ["target"],
      z.object({ target: z.string().trim().min(3).max(500) }),
    );
    return withFederation(config, async (ctx) => {
      const { addToDirectory } = await import("../../federation/directory/refresh.ts");
      const result = await addToDirectory(ctx, o.target);
      if (!result.ok) {
        console.error(
          result.reason === "not-a-space"
            ? `${o.target} is not a space (a Group actor).`
            : `${o.target} was not found (check the spelling, and that its server is up).`,
        );
        return 1;
      }
      console.log(`Added ${result.iri} (${result.refreshed}).`);
      return 0;
    });
  },
};

const refresh: Command = {
  summary: "Refresh every space in the directory now",
  help: `Usage: npm run hubnet -- directory refresh

The running server refreshes each space in the background once a day; this does it now, one
after another, and says how it went.`,
  async run(args, config) {
    parseOptions(args, [], z.object({}));
    return withFederation(config, async (ctx) => {
      const { refreshDirectoryNow } = await import("../../federation/directory/refresh.ts");
      const tally = await refreshDirectoryNow(ctx);
      console.log(`Refreshed ${tally.refreshed}, unreachable ${tally.unreachable}.`);
      return 0;
    });
  },
};

export const directoryCommand = commandGroup("directory", "The directory of spaces met", {
  list,
  add,
  refresh,
});
