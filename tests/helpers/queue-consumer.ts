/**
 * A process that takes messages `{ n }` from one channel of the work queue and records each in
 * the table `handled` with its process id, until SIGTERM (tests/queue-processes.test.ts).
 */
import postgres from "postgres";
import { PostgresWorkQueue } from "../../federation/queue.ts";

const url = process.env.QUEUE_DATABASE_URL;
if (!url) throw new Error("QUEUE_DATABASE_URL is not set");
const sql = postgres(url, { max: 4, onnotice: () => {} });
const queue = new PostgresWorkQueue(sql, { channel: "processes", workers: 3 });
const stopping = new AbortController();
const listening = queue.listen(
  async (message) => {
    // Long enough that both processes get a share of the backlog.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sql`INSERT INTO handled (n, pid) VALUES (${(message as { n: number }).n}, ${process.pid})`;
  },
  { signal: stopping.signal },
);
console.log("QUEUE_CONSUMER_READY");
process.once("SIGTERM", async () => {
  stopping.abort();
  await listening;
  await sql.end();
  process.exit(0);
});
