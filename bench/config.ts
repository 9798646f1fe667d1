import { z } from "zod";

/** Settings of one benchmark run, from BENCH_* environment variables (`BENCH_QUICK=1` for a smoke run). */
const Env = z.object({
  BENCH_QUICK: z.enum(["0", "1", "true", "false"]).default("0"),
  BENCH_RUNS: z.coerce.number().int().min(1).max(20).optional(),
  /** Seconds each autocannon measurement lasts. */
  BENCH_DURATION: z.coerce.number().int().min(1).max(120).optional(),
  /** A PostgreSQL user that may create databases; each benchmark makes its own and drops it. */
  BENCH_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default("postgres://postgres@127.0.0.1:5432/postgres"),
  /** Comma-separated phases to run (startup, reads, pages, fanout, ingest, follows, size); all by default. */
  BENCH_ONLY: z.string().optional(),
  /** QUEUE_WORKERS of the server under test (its own default when unset). */
  BENCH_QUEUE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** WORKER_PROCESSES of the server under test (its own default, auto, when unset). */
  BENCH_WORKER_PROCESSES: z
    .union([z.literal("auto"), z.coerce.number().int().min(0).max(16)])
    .optional(),
  /** A folder for CPU profiles of the server under test (read by bench/child.ts). */
  BENCH_PROFILE_DIR: z.string().min(1).optional(),
  /** Where the report goes (its raw results beside it, as .json). */
  BENCH_OUTPUT: z.string().default("docs/benchmarks.md"),
  /** 1: only write the report again from the results of the last run. */
  BENCH_RENDER: z.enum(["0", "1"]).default("0"),
});

export const PHASES = ["startup", "reads", "pages", "fanout", "ingest", "follows", "size"] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchConfig {
  quick: boolean;
  runs: number;
  duration: number;
  adminUrl: string;
  phases: Phase[];
  output: string;
  /** Only write the report again from the last run's results (BENCH_RENDER=1). */
  render: boolean;
  fanout: { followers: number; instances: number };
  ingest: { actors: number; perActor: number };
  follows: { actors: number };
  size: { posts: number };
}

export function loadBenchConfig(env: Record<string, string | undefined>): BenchConfig {
  const parsed = Env.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  const quick = parsed.BENCH_QUICK === "1" || parsed.BENCH_QUICK === "true";
  const only = parsed.BENCH_ONLY?.split(",").map((s) => s.trim());
  const phases = only ? z.array(z.enum(PHASES)).parse(only) : [...PHASES];
  return {
    quick,
    runs: parsed.BENCH_RUNS ?? (quick ? 1 : 3),
    duration: parsed.BENCH_DURATION ?? (quick ? 2 : 5),
    adminUrl: parsed.BENCH_DATABASE_URL,
    phases,
    output: parsed.BENCH_OUTPUT,
    render: parsed.BENCH_RENDER === "1",
    fanout: quick ? { followers: 1_000, instances: 50 } : { followers: 10_000, instances: 500 },
    ingest: quick ? { actors: 100, perActor: 2 } : { actors: 100, perActor: 20 },
    follows: { actors: quick ? 300 : 10_000 },
    size: { posts: quick ? 100_000 : 1_000_000 },
  };
}
