import { migrateCommand } from "./migrate.ts";
import type { Command } from "./options.ts";
import { setupCommand } from "./setup.ts";

export const COMMANDS: Record<string, Command> = {
  setup: setupCommand,
  migrate: migrateCommand,
};
