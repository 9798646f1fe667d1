import { ConfigError, loadConfig } from "../config.ts";
import { COMMANDS } from "./commands.ts";
import { configureCliLogging } from "./logging.ts";
import { type Command, UsageError } from "./options.ts";
import { type CommandInput, processInput } from "./password-input.ts";

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `Usage: npm run hubnet -- <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nEach command takes --help.`;
}

/**
 * The command line as a function: runs `args` (without `node` and the script) against the
 * configuration in `env` and returns the exit code (64 usage, 78 configuration, 1 failure).
 * server/cli/main.ts calls it for `npm run hubnet`; tests call it in-process.
 */
export async function runCommandLine(
  args: string[],
  env: Record<string, string | undefined>,
  options: { input?: CommandInput; configureLogging?: boolean } = {},
): Promise<number> {
  const input = options.input ?? processInput();
  const [name, ...rest] = args;
  if (name == null || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name == null ? 64 : 0;
  }
  const command: Command | undefined = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command == null) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 64; // EX_USAGE
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.helpFor?.(rest) ?? command.help);
    return 0;
  }
  try {
    const config = loadConfig(env);
    if (options.configureLogging !== false) await configureCliLogging(config.LOG_LEVEL);
    return await command.run(rest, config, input);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78; // EX_CONFIG
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.help ?? command.help}`);
      return 64;
    }
    console.error(`hubnet ${name}: ${(error as Error).message}`);
    return 1;
  }
}
