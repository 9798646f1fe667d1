import { existsSync } from "node:fs";
import { ConfigError, loadConfig } from "../config.ts";
import { COMMANDS } from "./commands.ts";
import { configureCliLogging } from "./logging.ts";
import { type Command, UsageError } from "./options.ts";

// Like server/main.ts, the command line is an entry point that reads the environment.
if (existsSync(".env")) process.loadEnvFile(".env");

const [name, ...args] = process.argv.slice(2);

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `Usage: npm run hubnet -- <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nEach command takes --help.`;
}

if (name == null || name === "--help" || name === "-h" || name === "help") {
  console.log(usage());
  process.exit(name == null ? 64 : 0);
}
const command: Command | undefined = COMMANDS[name];
if (command == null) {
  console.error(`Unknown command "${name}".\n\n${usage()}`);
  process.exit(64); // EX_USAGE
}
if (args.includes("--help") || args.includes("-h")) {
  console.log(command.helpFor?.(args) ?? command.help);
  process.exit(0);
}

try {
  const config = loadConfig(process.env);
  await configureCliLogging(config.LOG_LEVEL);
  process.exitCode = await command.run(args, config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 78;
  } else if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${error.help ?? command.help}`);
    process.exitCode = 64;
  } else {
    console.error(`hubnet ${name}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
