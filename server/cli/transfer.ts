import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { HandleSchema } from "../handles/handles.ts";
import { parseArchive } from "../transfer/archive.ts";
import { exportSpace } from "../transfer/export-space.ts";
import { importSpace } from "../transfer/import-space.ts";
import { HUBNET_VERSION } from "../version.ts";
import { withDatabase } from "./database.ts";
import { type Command, parseOptions } from "./options.ts";
import { describeArchiveProblem } from "./words.ts";

const MAX_PROBLEMS_SHOWN = 10;

async function readJson(
  path: string,
): Promise<{ ok: true; data: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return {
      ok: false,
      message: `Cannot read ${path}: ${code === "ENOENT" ? "no such file" : message}`,
    };
  }
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `${path} is not JSON: ${(error as Error).message}` };
  }
}

export const exportCommand: Command = {
  summary: "Write one space (profile, people, follows, posts) to a JSON archive",
  help: `Usage: npm run hubnet -- export --space HANDLE [--output FILE]

Writes a space as a JSON archive that \`import\` restores on another instance: its profile and
settings, its people with their roles (handles, names, email addresses; never passwords), its
followers and whom it follows, and its posts. Keep the file private: it holds email addresses.

Options:
  --space HANDLE   the space to export
  --output FILE    where to write it (default: standard output)`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["space", "output"],
      z.object({ space: HandleSchema, output: z.string().min(1).optional() }),
    );
    return withDatabase(config, async ({ db }) => {
      const result = await exportSpace(
        db,
        config.ORIGIN,
        options.space,
        `Hubnet/${HUBNET_VERSION}`,
      );
      if (!result.ok) {
        console.error(`No space has the handle "${options.space}".`);
        return 1;
      }
      const json = `${JSON.stringify(result.archive, null, 2)}\n`;
      const { posts, people, followers, following } = result.archive;
      const summary = `Exported @${options.space}: ${posts.length} posts, ${people.length} people, ${followers.length} followers, ${following.length} following.`;
      if (options.output == null) {
        console.log(json);
        console.error(summary); // standard output holds the archive alone
      } else {
        await writeFile(options.output, json, { mode: 0o600 });
        console.log(`${summary}\nWrote ${options.output}.`);
      }
      return 0;
    });
  },
};

export const importCommand: Command = {
  summary: "Restore a space from an archive made by `export`",
  help: `Usage: npm run hubnet -- import --input FILE

Restores an exported space on this instance, which must not have that handle yet. The space gets
new keys; its posts and follows move to this instance's address (ORIGIN). People without an
account here get one with a random password: set theirs with \`user reset-password\`. Other
servers are not told of the move.

Options:
  --input FILE   the archive written by \`export\``,
  async run(args, config) {
    const { input } = parseOptions(args, ["input"], z.object({ input: z.string().min(1) }));
    const read = await readJson(input);
    if (!read.ok) {
      console.error(read.message);
      return 1;
    }
    const parsed = parseArchive(read.data);
    if (!parsed.ok) {
      const shown = parsed.problems
        .slice(0, MAX_PROBLEMS_SHOWN)
        .map((p) => `  ${describeArchiveProblem(p)}`);
      const more = parsed.problems.length - shown.length;
      if (more > 0) shown.push(`  … and ${more} more`);
      console.error(
        `${input} is not a Hubnet space archive this version can import:\n${shown.join("\n")}`,
      );
      return 1;
    }
    const { archive } = parsed;
    return withDatabase(config, async ({ db }) => {
      const result = await importSpace(db, config.ORIGIN, archive);
      if (!result.ok) {
        const messages = {
          "handle-taken": `This instance already has a space or person with the handle "${archive.space.handle}"; nothing was imported.`,
          "posts-exist":
            "Some of the archive's posts are already here (was it imported before?); nothing was imported.",
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const host = new URL(config.ORIGIN).host;
      const lines = [
        `Imported @${result.space.handle}@${host}: ${result.posts} posts, ${result.follows} follows, ${result.created.length + result.existing.length} roles.`,
      ];
      if (result.created.length > 0)
        lines.push(
          `Created ${result.created.map((p) => `@${p.handle}`).join(", ")} with random, unusable passwords: each must get one with \`npm run hubnet -- user reset-password --handle HANDLE --password PASSWORD\`.`,
        );
      if (result.existing.length > 0)
        lines.push(
          `Gave roles to existing accounts: ${result.existing.map((p) => `@${p.handle}`).join(", ")}.`,
        );
      for (const s of result.skipped)
        lines.push(
          s.reason === "email-taken"
            ? `Skipped @${s.handle}: another account here has their email address.`
            : `Skipped @${s.handle}: a space here has that handle.`,
        );
      if (result.droppedFollows > 0)
        lines.push(
          `Left out ${result.droppedFollows} follows with accounts of the old instance that are not here.`,
        );
      lines.push(
        "Other servers are not told of the new address: followers there keep following the old one.",
      );
      console.log(lines.join("\n"));
      return 0;
    });
  },
};
