/** `npm run bench`: every benchmark of docs/benchmarks.md, on loopback, written to BENCH_OUTPUT. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import postgres from "postgres";
import { type BenchConfig, loadBenchConfig, type Phase } from "./config.ts";
import { benchFanout } from "./fanout.ts";
import { type Fleet, startFleet } from "./fleet.ts";
import { benchFollows, benchIngest } from "./ingest.ts";
import { benchPages } from "./pages.ts";
import { benchReads } from "./reads.ts";
import { measuredCommit, type Results, renderReport, resultsPath } from "./report.ts";
import { benchSize, seedSize } from "./size.ts";
import { benchStartup } from "./startup.ts";

const config = loadBenchConfig(process.env);

async function postgresVersion(adminUrl: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ server_version: string }[]>`SHOW server_version`;
  await sql.end();
  return row?.server_version ?? "?";
}

async function runPhase(phase: Phase, results: Results, fleet: Fleet) {
  for (let run = 1; run <= config.runs; run++) {
    console.log(`${phase}, run ${run} of ${config.runs}`);
    if (phase === "reads") results.reads.push(await benchReads(config, fleet));
    if (phase === "pages") results.pages.push(await benchPages(config));
    if (phase === "fanout") results.fanout.push(await benchFanout(config, fleet));
    if (phase === "ingest") results.ingest.push(await benchIngest(config, fleet));
    if (phase === "follows") results.follows.push(await benchFollows(config, fleet));
    if (phase === "startup") results.startup.push(...(await benchStartup()));
  }
}

async function runSize(results: Results, config: BenchConfig) {
  console.log(`size: seeding ${config.size.posts} posts`);
  const instance = await seedSize(config);
  try {
    for (let run = 1; run <= config.runs; run++) {
      console.log(`size, run ${run} of ${config.runs}`);
      results.size.push(await benchSize(config, instance));
    }
  } finally {
    await instance.stop();
  }
}

const write = async (settings: BenchConfig, results: Results) => {
  await mkdir(dirname(settings.output), { recursive: true });
  const saved = { config: settings, results };
  await writeFile(resultsPath(settings.output), `${JSON.stringify(saved, null, 1)}\n`);
  await writeFile(settings.output, renderReport(settings, results));
};

// BENCH_RENDER=1: the report written again from the last run's settings and results (after its
// notes changed); nothing is measured.
if (config.render) {
  const saved = JSON.parse(await readFile(resultsPath(config.output), "utf8"));
  const results = { ...saved.results, startedAt: new Date(saved.results.startedAt) };
  await write({ ...saved.config, output: config.output }, results);
  console.log(`Wrote ${config.output} again from ${resultsPath(config.output)}`);
  process.exit(0);
}

const results: Results = {
  startedAt: new Date(),
  commit: measuredCommit(config.output),
  postgres: await postgresVersion(config.adminUrl),
  startup: [],
  reads: [],
  pages: [],
  fanout: [],
  ingest: [],
  follows: [],
  size: [],
  errors: [],
};

const fleet = await startFleet();
try {
  for (const phase of config.phases) {
    try {
      if (phase === "size") await runSize(results, config);
      else await runPhase(phase, results, fleet);
    } catch (error) {
      console.error(`${phase} failed:`, error);
      results.errors.push(`${phase}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await write(config, results);
  }
} finally {
  await fleet.stop();
}
console.log(`Wrote ${config.output}`);
