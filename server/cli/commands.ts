import { demoCommand } from "./demo.ts";
import { directoryCommand } from "./directory.ts";
import { domainCommand } from "./domain.ts";
import { archiveCommand, engagementCommand } from "./engagement.ts";
import { followCommand } from "./follow.ts";
import { hubCommand } from "./hub.ts";
import { migrateCommand } from "./migrate.ts";
import { moderationLogCommand } from "./moderation-log.ts";
import type { Command } from "./options.ts";
import { queueCommand } from "./queue.ts";
import { recountCommand } from "./recount.ts";
import { reportCommand } from "./report.ts";
import { setupCommand } from "./setup.ts";
import { spaceCommand } from "./space.ts";
import { tokenCommand } from "./token.ts";
import { exportCommand, importCommand } from "./transfer.ts";
import { userCommand } from "./user.ts";

export const COMMANDS: Record<string, Command> = {
  setup: setupCommand,
  migrate: migrateCommand,
  space: spaceCommand,
  user: userCommand,
  token: tokenCommand,
  follow: followCommand,
  export: exportCommand,
  import: importCommand,
  queue: queueCommand,
  domain: domainCommand,
  report: reportCommand,
  "moderation-log": moderationLogCommand,
  demo: demoCommand,
  hub: hubCommand,
  directory: directoryCommand,
  engagement: engagementCommand,
  archive: archiveCommand,
  recount: recountCommand,
};
