import { Readable, Writable } from "node:stream";
import { runCommandLine } from "../../server/cli/run.ts";
import type { Finished } from "./spawn.ts";

let previous: Promise<unknown> = Promise.resolve();

/**
 * Runs `npm run hubnet -- …` in this process, as the command line does once Node has started it:
 * same parsing, configuration, commands and exit codes, its output captured. Runs take turns,
 * since output is captured from the console. `stdin` is what is piped in (for --password-stdin).
 */
export function runCli(
  env: Record<string, string>,
  args: string[],
  stdin?: string,
): Promise<Finished> {
  const run = previous.then(() => capture(env, args, stdin));
  previous = run.catch(() => {});
  return run;
}

async function capture(env: Record<string, string>, args: string[], stdin?: string) {
  let stdout = "";
  let stderr = "";
  const { log, error } = console;
  console.log = (...parts: unknown[]) => {
    stdout += `${parts.map(String).join(" ")}\n`;
  };
  console.error = (...parts: unknown[]) => {
    stderr += `${parts.map(String).join(" ")}\n`;
  };
  try {
    const input = {
      stdin: Object.assign(Readable.from(stdin == null ? [] : [stdin]), { isTTY: false }),
      prompts: new Writable({ write: (_chunk, _encoding, done) => done() }),
    };
    const code = await runCommandLine(args, env, { input, configureLogging: false });
    return { code, stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
  }
}
