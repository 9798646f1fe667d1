import { parseArgs } from "node:util";
import type { z } from "zod";
import type { Config } from "../config.ts";
import type { CommandInput } from "./password-input.ts";
import { describeIssue } from "./words.ts";

export interface Command {
  summary: string;
  help: string;
  /** The help for these arguments, when it depends on them (a group answers for a subcommand). */
  helpFor?(args: string[]): string;
  /** Returns the process exit code; `input` is standard input and the terminal for prompts. */
  run(args: string[], config: Config, input: CommandInput): Promise<number>;
}

/**
 * A mistake in the command line itself: printed with the help (the subcommand's when `help` is
 * given, else the command's), exit code 64.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

/**
 * Parses `--name value` options and `--flag` switches (true when present), refusing unknown ones,
 * then validates them with a zod schema.
 */
export function parseOptions<T extends z.ZodType>(
  args: string[],
  names: string[],
  schema: T,
  flags: string[] = [],
): z.output<T> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries([
        ...names.map((n) => [n, { type: "string" as const }]),
        ...flags.map((n) => [n, { type: "boolean" as const }]),
      ]),
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v])),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `--${kebab(String(i.path[0] ?? "?"))}: ${describeIssue(i)}`,
    );
    throw new UsageError(problems.join("\n"));
  }
  return parsed.data;
}

export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
