import { PostgresWorkQueue, QUEUE_CHANNELS } from "../../federation/queue.ts";
import { withDatabase } from "./database.ts";
import { commandGroup } from "./group.ts";
import { type Command, UsageError } from "./options.ts";
import { countByActivity, hostsInTrouble, queueTiming } from "./queue-report.ts";
import { formatTable, formatTime } from "./table.ts";

function formatAge(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

const status: Command = {
  summary: "Show what waits in the work queue and which hosts fail",
  help: `Usage: npm run hubnet -- queue status

Shows the work queue (deliveries and incoming activities): how many messages wait, how many are
due now or delayed (retries), how long the oldest due one has waited, and the count by activity
type. Then the remote hosts that are failing: recent failures counted by Fedify's delivery circuit
breaker (an "open" circuit holds deliveries back for a while) and deliveries being retried.`,
  async run(args, config) {
    if (args.length > 0)
      throw new UsageError(`queue status takes no options (got ${args.join(" ")}).`);
    return withDatabase(config, async ({ sql }) => {
      const depths = await Promise.all(
        QUEUE_CHANNELS.map((channel) => new PostgresWorkQueue(sql, { channel }).getDepth()),
      );
      const depth = depths.reduce((total, d) => ({
        queued: total.queued + d.queued,
        ready: (total.ready ?? 0) + (d.ready ?? 0),
        delayed: (total.delayed ?? 0) + (d.delayed ?? 0),
      }));
      const timing = await queueTiming(sql);
      const lines = [
        `Queued: ${depth.queued} (ready: ${depth.ready}, delayed: ${depth.delayed ?? 0}), being handled: ${timing.handling}`,
        `Oldest due message: ${timing.oldestDueSeconds == null ? "none" : `waiting for ${formatAge(timing.oldestDueSeconds)}`}`,
      ];
      const byActivity = await countByActivity(sql);
      if (byActivity.length > 0)
        lines.push(
          "",
          formatTable(
            ["QUEUE", "ACTIVITY", "MESSAGES"],
            byActivity.map((r) => [r.queue, r.activity, String(r.count)]),
          ),
        );
      const hosts = await hostsInTrouble(sql);
      lines.push("", hosts.length === 0 ? "No remote host is failing." : "Failing hosts:");
      if (hosts.length > 0)
        lines.push(
          formatTable(
            ["HOST", "CIRCUIT", "RECENT FAILURES", "LAST FAILURE", "RETRYING", "MAX ATTEMPT"],
            hosts.map((h) => [
              h.host,
              h.circuit ?? "-",
              String(h.recentFailures),
              h.lastFailure ? formatTime(h.lastFailure) : "-",
              String(h.retrying),
              String(h.maxAttempt),
            ]),
          ),
        );
      console.log(lines.join("\n"));
      return 0;
    });
  },
};

export const queueCommand = commandGroup("queue", "Inspect the work queue", { status });
