import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { UsageError } from "./options.ts";

/** Where a command reads what is not on its command line. */
export interface CommandInput {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where prompts go (the terminal, not standard output, so output stays clean to pipe). */
  prompts: NodeJS.WritableStream;
}

export const processInput = (): CommandInput => ({ stdin: process.stdin, prompts: process.stderr });

/**
 * A password belongs neither in shell history nor in the process list, so besides `--password`
 * (kept for scripts that already use it) a command takes `--password-stdin` (the first line of
 * standard input) or, in a terminal, asks for it without echo. Returns the arguments with
 * `--password VALUE` in place of whichever was used.
 */
export async function withPasswordArgument(
  args: string[],
  input: CommandInput,
  options: { confirm?: boolean } = {},
): Promise<string[]> {
  const fromStdin = args.includes("--password-stdin");
  const rest = args.filter((a) => a !== "--password-stdin");
  const given = rest.some((a) => a === "--password" || a.startsWith("--password="));
  if (fromStdin && given) throw new UsageError("Give either --password or --password-stdin.");
  if (given || rest.includes("--help")) return rest;
  if (fromStdin) return [...rest, "--password", await firstLine(input.stdin)];
  // Not in a terminal: the options' check says that the password is missing, with the help.
  if (!input.stdin.isTTY) return rest;
  const password = await ask(input, "Password: ");
  if (options.confirm && (await ask(input, "Same password again: ")) !== password)
    throw new UsageError("The two passwords differ; nothing was changed.");
  return [...rest, "--password", password];
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes("\n") || text.length > 10_000) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

async function ask(input: CommandInput, question: string): Promise<string> {
  input.prompts.write(question);
  // Keystrokes are not echoed: readline writes to a stream that drops them.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: input.stdin, output: silent, terminal: true });
  try {
    return await lines.question("");
  } finally {
    lines.close();
    input.prompts.write("\n");
  }
}
