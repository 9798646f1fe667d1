import { existsSync } from "node:fs";
import { runCommandLine } from "./run.ts";

// Like server/main.ts, the command line is an entry point that reads the environment.
if (existsSync(".env")) process.loadEnvFile(".env");

process.exitCode = await runCommandLine(process.argv.slice(2), process.env);
