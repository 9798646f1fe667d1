import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { ROOT } from "./child.ts";
import type { BenchConfig } from "./config.ts";
import type { FanoutRun } from "./fanout.ts";
import type { IngestRun } from "./ingest.ts";
import type { LoadResult } from "./load.ts";
import { PAGE_TARGETS, type PagesRun, type PageTarget } from "./pages.ts";
import {
  COLD_SECONDS,
  COLD_TARGETS,
  READ_TARGETS,
  type ReadsRun,
  type ReadTarget,
} from "./reads.ts";
import type { SizeRun } from "./size.ts";
import type { StartupRun } from "./startup.ts";
import { type Summary, summarize } from "./stats.ts";

export interface Results {
  startedAt: Date;
  /** The commit measured, read when the run started (measuredCommit). */
  commit: string;
  postgres: string;
  startup: StartupRun[];
  reads: ReadsRun[];
  pages: PagesRun[];
  fanout: FanoutRun[];
  ingest: IngestRun[];
  follows: IngestRun[];
  size: SizeRun[];
  /** Phases that failed, with why. */
  errors: string[];
}

const DEPENDENCIES = [
  "@fedify/fedify",
  "@fedify/postgres",
  "hono",
  "@hono/node-server",
  "drizzle-orm",
  "postgres",
  "tsx",
  "autocannon",
];

const mb = (bytes: number) => bytes / 1024 / 1024;

function fmt(s: Summary, digits = 0): string {
  if (Number.isNaN(s.median)) return "not measured";
  // Small rates keep a decimal, so 0.4 a second does not read as 0.
  const places = digits === 0 && Math.abs(s.median) < 10 ? 1 : digits;
  const f = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: places });
  return s.values.length > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

const over = <T>(runs: T[], pick: (run: T) => number) => summarize(runs.map(pick));

type ReadsResults = ReadsRun["results"] | ReadsRun["single"];
/**
 * A read's req/s with its ratio to the bare-Hono ceiling of the same run and the same number of
 * connections beside it ("2,310 (0.31×)"), each the median over the runs.
 */
function rpsWithRatio(
  runs: ReadsRun[],
  of: (run: ReadsRun) => ReadsResults,
  name: ReadTarget,
  measured: (run: ReadsRun) => LoadResult = (run) => of(run)[name],
): string {
  const rps = over(runs, (run) => measured(run).rps);
  if (Number.isNaN(rps.median)) return "not measured";
  const ratio = over(runs, (run) => measured(run).rps / of(run).ceiling.rps);
  return `${fmt(rps)} (${ratio.median.toFixed(2)}×)`;
}

/** The CPU's model as the kernel names it ("model name" in /proc/cpuinfo), else as Node does. */
function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    const model = line?.slice(line.indexOf(":") + 1).trim();
    if (model) return model;
  } catch {
    // Not Linux: Node's name for it below.
  }
  return cpus()[0]?.model ?? "?";
}

/**
 * The commit a run measures, read as it starts and marked when the work tree differs from it
 * (the report and its results, which the run itself writes, aside).
 */
export function measuredCommit(output: string): string {
  const git = (...args: string[]) => {
    const done = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
    return done.status === 0 ? done.stdout.trim() : undefined;
  };
  const head = git("rev-parse", "HEAD") ?? "?";
  const own = [output, resultsPath(output)]
    .map((path) => relative(ROOT, resolve(ROOT, path)))
    .filter((path) => !path.startsWith(".."))
    .map((path) => `:(exclude)${path}`);
  return git("status", "--porcelain", "--untracked-files=no", "--", ".", ...own) === ""
    ? head
    : `${head} (with uncommitted changes)`;
}

/** Where a run keeps its raw results beside its report, so the report can be written again. */
export function resultsPath(output: string): string {
  return `${output.replace(/\.md$/, "")}.json`;
}

function version(name: string): string {
  try {
    return JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"))
      .version;
  } catch {
    return "?";
  }
}

interface Target {
  what: string;
  goal: string;
  measured: Summary;
  digits?: number;
  /** Its ratio to the ceiling of the same run, shown beside the figure. */
  ratio?: Summary;
  ceiling?: string;
  met: (value: number) => boolean;
}

function targets(r: Results): Target[] {
  const read = (name: ReadTarget) => over(r.reads, (run) => run.results[name].rps);
  /** A p99 at size (bench/size.ts) under `limitMs`. */
  const p99AtSize = (
    what: string,
    limitMs: number,
    pick: (run: SizeRun) => LoadResult,
  ): Target => ({
    what,
    goal: `< ${limitMs} ms`,
    measured: over(r.size, (run) => pick(run).p99),
    met: (v) => v < limitMs,
  });
  const ratio = (name: ReadTarget) =>
    over(r.reads, (run) => run.results[name].rps / run.results.ceiling.rps);
  const ceiling = `${fmt(read("ceiling"))} req/s (bare Hono route)`;
  const signedShare = (signed: ReadTarget, anonymous: ReadTarget) =>
    over(r.reads, (run) => run.results[signed].rps / run.results[anonymous].rps);
  const cold = (pick: (result: LoadResult) => number) =>
    over(r.reads, (run) => COLD_TARGETS.reduce((sum, name) => sum + pick(run.cold[name]), 0));
  const compiled = r.startup.filter((run) => run.mode === "compiled");
  return [
    {
      what: "actor reads",
      goal: "≥ 7,000 req/s",
      measured: read("actor"),
      ratio: ratio("actor"),
      ceiling,
      met: (v) => v >= 7000,
    },
    {
      what: "note reads",
      goal: "≥ 7,000 req/s",
      measured: read("note"),
      ratio: ratio("note"),
      ceiling,
      met: (v) => v >= 7000,
    },
    {
      what: "outbox page reads",
      goal: "≥ 3,000 req/s",
      measured: read("outbox page"),
      ratio: ratio("outbox page"),
      ceiling,
      met: (v) => v >= 3000,
    },
    ...pageTargets(r, ceiling),
    {
      what: "signed actor reads (50 connections), share of the anonymous rate",
      goal: "≥ 0.5×",
      measured: signedShare("actor (signed)", "actor"),
      digits: 2,
      met: (v) => v >= 0.5,
    },
    {
      what: "signed note reads (50 connections), share of the anonymous rate",
      goal: "≥ 0.5×",
      measured: signedShare("note (signed)", "note"),
      digits: 2,
      met: (v) => v >= 0.5,
    },
    {
      what: "signed note reads with authorized fetch (each signature verified), share of the anonymous rate",
      goal: "≥ 0.5×",
      measured: signedShare("note (signed, authorized fetch)", "note"),
      digits: 3,
      met: (v) => v >= 0.5,
    },
    {
      what: `cold start: timeouts, 50 connections from the first request (${COLD_TARGETS.join(", ")})`,
      goal: "none",
      measured: cold((result) => result.timeouts),
      met: (v) => v === 0,
    },
    {
      what: "fan-out, seconds to the last inbox",
      goal: "< 2 s",
      measured: over(r.fanout, (run) => run.seconds),
      digits: 2,
      met: (v) => v < 2,
    },
    {
      what: "inbox Create(Note) stored",
      goal: "≥ 1,000 /s",
      measured: over(r.ingest, (run) => run.perSecond),
      met: (v) => v >= 1000,
    },
    {
      what: "follows accepted (Accept delivered)",
      goal: "≥ 300 /s",
      measured: over(r.follows, (run) => run.perSecond),
      met: (v) => v >= 300,
    },
    {
      what: "idle RSS of the server process (npm start: compiled, embedded PostgreSQL)",
      goal: "< 150 MB",
      measured: over(compiled, (run) => mb(run.idleRss)),
      ceiling: `${fmt(over(r.reads, (run) => mb(run.results.ceiling.peakRss)))} MB (bare Hono, under load)`,
      met: (v) => v < 150,
    },
    {
      what: "start to listening (npm start, data folder already made)",
      goal: "< 5 s",
      measured: over(compiled, (run) => run.start),
      digits: 1,
      met: (v) => v < 5,
    },
    {
      what: "stop on Ctrl-C (npm start)",
      goal: "< 10 s",
      measured: over(compiled, (run) => run.stop),
      digits: 1,
      met: (v) => v < 10,
    },
    // What a peer gets: the page from the document cache (built once per change). The rows
    // after it are the same page built for every request, the cost of a miss.
    p99AtSize(
      "outbox page p99 at size (1 connection, as served: document cache)",
      20,
      (run) => run.outboxLatency,
    ),
    p99AtSize(
      "outbox page p99 at size (50 connections, as served: document cache)",
      100,
      (run) => run.outboxLoad,
    ),
    p99AtSize(
      "outbox page p99 at size (1 connection, built for each request)",
      20,
      (run) => run.outboxBuiltLatency,
    ),
    p99AtSize(
      "outbox collection (totalItems) p99 at size (1 connection, built for each request)",
      20,
      (run) => run.collectionLatency,
    ),
    p99AtSize("timeline p99 at size (1 connection)", 20, (run) => run.timelineLatency),
    p99AtSize(
      "outbox page p99 at size (50 connections, built for each request)",
      100,
      (run) => run.outboxBuiltLoad,
    ),
    p99AtSize(
      "outbox collection (totalItems) p99 at size (50 connections, built for each request)",
      100,
      (run) => run.collectionLoad,
    ),
    p99AtSize("timeline p99 at size (50 connections)", 100, (run) => run.timelineLoad),
  ];
}

/**
 * Pages for people (bench/pages.ts): rates as a share of the bare-Hono ceiling of the reads phase,
 * and the p99 of a lone reader for the pages built for each request.
 */
function pageTargets(r: Results, ceiling: string): Target[] {
  const bare = over(r.reads, (run) => run.results.ceiling.rps).median;
  const rate = (name: PageTarget, share: number): Target => ({
    what: `${name}, 50 connections`,
    goal: `≥ ${share}× the ceiling (${Number.isNaN(bare) ? "?" : Math.round(bare * share).toLocaleString("en-US")} req/s)`,
    measured: over(r.pages, (run) => run.results[name].busy.rps),
    ceiling,
    met: (v) => v >= bare * share,
  });
  const alone = (name: PageTarget): Target => ({
    what: `${name}, p99 ms at 1 connection`,
    goal: "< 50 ms",
    measured: over(r.pages, (run) => run.results[name].lone.p99),
    met: (v) => v < 50,
  });
  return [
    rate("space page (anonymous)", 0.15),
    ...(
      ["home timeline (signed in)", "API posts (token)", "API timeline (token)"] as const
    ).flatMap((name) => [rate(name, 0.05), alone(name)]),
  ];
}

/** Each page of bench/pages.ts, by 50 connections and by one. */
function pagesTable(runs: PagesRun[]): string[] {
  const of = (name: PageTarget, pick: (run: PagesRun["results"][PageTarget]) => number) =>
    fmt(over(runs, (run) => pick(run.results[name])));
  return [
    "## Pages for people (autocannon; anonymous pages from a warm page cache)",
    "",
    table(
      [
        "page",
        "req/s, 50 connections",
        "p99 ms, 50 connections",
        "req/s, 1 connection",
        "p99 ms, 1 connection",
        "non-2xx + errors",
      ],
      PAGE_TARGETS.map((name) => [
        name,
        of(name, (x) => x.busy.rps),
        of(name, (x) => x.busy.p99),
        of(name, (x) => x.lone.rps),
        of(name, (x) => x.lone.p99),
        of(name, (x) => x.busy.failures + x.lone.failures),
      ]),
    ),
    "",
  ];
}

/** Each search of bench/search.ts, by name, over the runs. */
function searchTable(runs: SizeRun[]): string[] {
  const names = runs[0]?.search.map((s) => s.name) ?? [];
  if (names.length === 0) return ["Search: not measured."];
  const of = (run: SizeRun, name: string) => run.search.find((s) => s.name === name);
  const rows = names.map((name) => {
    const measured = runs.map((run) => of(run, name)).filter((s) => s != null);
    const busy = measured.flatMap((s) => (s.busy ? [s.busy] : []));
    return [
      name,
      fmt(over(measured, (s) => s.found)),
      measured[0]?.order ?? "",
      fmt(over(measured, (s) => s.lone.p50)),
      fmt(over(measured, (s) => s.lone.p99)),
      busy.length ? fmt(over(busy, (b) => b.rps)) : "",
      busy.length ? fmt(over(busy, (b) => b.p99)) : "",
    ];
  });
  return [
    "Search (`GET /api/v1/search`, anonymous, 20 posts a page):",
    "",
    table(
      [
        "search",
        "posts found",
        "order",
        "p50 ms, 1 connection",
        "p99 ms, 1 connection",
        "req/s, 50 connections",
        "p99 ms, 50 connections",
      ],
      rows,
    ),
  ];
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

export function renderReport(config: BenchConfig, r: Results): string {
  const cpu = cpus();
  const out: string[] = [];
  out.push("# Benchmarks", "");
  out.push(
    "Written by `npm run bench` (bench/run.ts); do not edit by hand. Every figure is the median of",
    `${config.runs} run(s), with the lowest and highest in brackets.${config.quick ? " **Quick mode (BENCH_QUICK=1): smaller sizes, not comparable with the targets.**" : ""}`,
    "",
  );
  out.push(
    table(
      ["", ""],
      [
        ["date", r.startedAt.toISOString()],
        [
          "machine",
          `${cpuModel()}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
        ],
        ["commit", r.commit],
        ["Node", process.version],
        ["PostgreSQL", r.postgres],
        ["dependencies", DEPENDENCIES.map((d) => `${d} ${version(d)}`).join(", ")],
        [
          "sizes",
          `reads ${config.duration} s × 50 connections; fan-out ${config.fanout.followers.toLocaleString("en-US")} followers on ${config.fanout.instances} instances; ingest ${config.ingest.actors} actors × ${config.ingest.perActor}; follows ${config.follows.actors.toLocaleString("en-US")}; size ${config.size.posts.toLocaleString("en-US")} posts`,
        ],
      ],
    ),
    "",
  );
  if (r.errors.length > 0)
    out.push("**Phases that failed:**", "", ...r.errors.map((e) => `- ${e}`), "");

  out.push("## Targets", "");
  out.push(
    table(
      ["what", "target", "measured", "ceiling", "verdict"],
      targets(r).map((t) => [
        t.what,
        t.goal,
        t.ratio == null
          ? fmt(t.measured, t.digits ?? 0)
          : `${fmt(t.measured, t.digits ?? 0)} (${t.ratio.median.toFixed(2)}× ceiling)`,
        t.ceiling ?? "",
        Number.isNaN(t.measured.median)
          ? "not measured"
          : t.met(t.measured.median)
            ? "met"
            : "**missed**",
      ]),
    ),
    "",
  );

  out.push("## Start, idle memory and stop", "");
  out.push(
    table(
      ["how", "first start s (new data folder)", "start s", "idle RSS MB", "stop s"],
      (["compiled", "tsx"] as const).map((mode) => {
        const runs = r.startup.filter((run) => run.mode === mode);
        return [
          mode === "compiled"
            ? "`npm start` (node dist/server/main.js)"
            : "`npm run dev` (tsx server/main.ts)",
          fmt(
            over(runs, (x) => x.firstStart),
            1,
          ),
          fmt(
            over(runs, (x) => x.start),
            1,
          ),
          fmt(over(runs, (x) => mb(x.idleRss))),
          fmt(
            over(runs, (x) => x.stop),
            1,
          ),
        ];
      }),
    ),
    "",
  );
  out.push("## Reads", "");
  out.push(
    "autocannon against each document, warm (after a first read and a second of warm-up): one",
    "connection (a single reader), then fifty. Signed reads are signed as Mastodon signs (draft-cavage,",
    "`(request-target) host date`) by a fleet actor whose key the instance fetches; the last signed",
    "row is a second instance with `AUTHORIZED_FETCH=true`, which verifies every signature. Beside every",
    "req/s, its ratio to the bare Hono route serving the actor's JSON in the same run, with as many",
    "connections.",
    "",
  );
  out.push(
    table(
      [
        "document",
        "req/s, 1 connection",
        "p99 ms, 1 connection",
        "req/s, 50 connections",
        "p99 ms, 50 connections",
        "non-2xx + errors",
        "peak RSS MB",
      ],
      READ_TARGETS.map((name) => [
        name,
        rpsWithRatio(r.reads, (run) => run.single, name),
        fmt(over(r.reads, (run) => run.single[name].p99)),
        rpsWithRatio(r.reads, (run) => run.results, name),
        fmt(over(r.reads, (run) => run.results[name].p99)),
        fmt(over(r.reads, (run) => run.results[name].failures + run.single[name].failures)),
        fmt(over(r.reads, (run) => mb(run.results[name].peakRss))),
      ]),
    ),
    "",
  );
  out.push(
    `Cold: the server process restarted before each document, then fifty connections from the first`,
    `request for ${COLD_SECONDS} s (no warm-up; autocannon gives up on a request after 10 s). A 503`,
    "(with Retry-After) is the server shedding load it cannot build in time; a timeout is a reader",
    "left waiting.",
    "",
  );
  out.push(
    table(
      ["document", "req/s, 50 connections", "p99 ms", "timeouts", "non-2xx + errors"],
      COLD_TARGETS.map((name) => [
        `${name}, cold`,
        rpsWithRatio(
          r.reads,
          (run) => run.results,
          name,
          (run) => run.cold[name],
        ),
        fmt(over(r.reads, (run) => run.cold[name].p99)),
        fmt(over(r.reads, (run) => run.cold[name].timeouts)),
        fmt(over(r.reads, (run) => run.cold[name].failures)),
      ]),
    ),
    "",
  );

  out.push(...pagesTable(r.pages));

  out.push("## Fan-out", "");
  out.push(
    table(
      [
        "seconds to last inbox",
        "inboxes reached",
        "POSTs",
        "refused signatures",
        "publish request ms",
        "idle → peak RSS MB",
      ],
      [
        [
          fmt(
            over(r.fanout, (x) => x.seconds),
            2,
          ),
          fmt(over(r.fanout, (x) => x.reached)),
          fmt(over(r.fanout, (x) => x.posts)),
          fmt(over(r.fanout, (x) => x.rejected)),
          fmt(over(r.fanout, (x) => x.publishMs)),
          `${fmt(over(r.fanout, (x) => mb(x.idleRss)))} → ${fmt(over(r.fanout, (x) => mb(x.peakRss)))}`,
        ],
      ],
    ),
    "",
  );

  out.push("## Inbox ingest", "");
  const ingestRow = (name: string, runs: IngestRun[]) => [
    name,
    fmt(over(runs, (x) => x.sent)),
    fmt(over(runs, (x) => x.done)),
    fmt(over(runs, (x) => x.perSecond)),
    fmt(over(runs, (x) => x.answeredPerSecond)),
    fmt(over(runs, (x) => x.p99Ms)),
    fmt(over(runs, (x) => x.failures)),
    `${fmt(over(runs, (x) => mb(x.idleRss)))} → ${fmt(over(runs, (x) => mb(x.peakRss)))}`,
  ];
  out.push(
    table(
      [
        "activity",
        "sent",
        "done",
        "done /s",
        "202 answers /s",
        "answer p99 ms",
        "non-2xx",
        "idle → peak RSS MB",
      ],
      [
        ingestRow("Create(Note) → stored post", r.ingest),
        ingestRow("Follow → Accept delivered", r.follows),
      ],
    ),
    "",
  );

  out.push(
    `## At size (${config.size.posts.toLocaleString("en-US")} posts, with likes, boosts, replies and mentions)`,
    "",
  );
  out.push(
    table(
      [
        "request",
        "p50 ms, 1 connection",
        "p99 ms, 1 connection",
        "req/s, 50 connections",
        "p99 ms, 50 connections",
      ],
      (
        [
          ["outbox page", (x: SizeRun) => x.outboxLatency, (x: SizeRun) => x.outboxLoad],
          [
            "outbox page, built for each request",
            (x: SizeRun) => x.outboxBuiltLatency,
            (x: SizeRun) => x.outboxBuiltLoad,
          ],
          [
            "outbox collection (totalItems), built for each request",
            (x: SizeRun) => x.collectionLatency,
            (x: SizeRun) => x.collectionLoad,
          ],
          ["API timeline", (x: SizeRun) => x.timelineLatency, (x: SizeRun) => x.timelineLoad],
        ] as const
      ).map(([name, lone, busy]) => [
        name,
        fmt(over(r.size, (x) => lone(x).p50)),
        fmt(over(r.size, (x) => lone(x).p99)),
        fmt(over(r.size, (x) => busy(x).rps)),
        fmt(over(r.size, (x) => busy(x).p99)),
      ]),
    ),
    "",
  );
  out.push(...searchTable(r.size), "");

  out.push(readFileSync(join(ROOT, "bench", "notes.md"), "utf8"));
  return out.join("\n");
}
