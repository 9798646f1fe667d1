import { z } from "zod";

/** Every setting Hubnet reads, with what a bad value should tell the operator. */
export const ConfigSchema = z.object({
  ORIGIN: z
    .url({
      protocol: /^https?$/,
      error: "must be an http:// or https:// URL, e.g. https://hub.example.org",
    })
    .default("http://localhost:3000")
    .refine((value) => !URL.canParse(value) || isBareOrigin(new URL(value)), {
      error:
        "must be the instance's public origin only, without a path, e.g. https://hub.example.org",
    })
    .transform((value) => new URL(value).origin),
  PORT: z.coerce
    .number({ error: "must be a whole number from 1 to 65535" })
    .int({ error: "must be a whole number from 1 to 65535" })
    .min(1, { error: "must be a whole number from 1 to 65535" })
    .max(65535, { error: "must be a whole number from 1 to 65535" })
    .default(3000),
  HOST: z
    .string()
    .regex(/^[a-zA-Z0-9.:\-[\]]+$/, { error: "must be a host name or IP address to listen on" })
    .default("127.0.0.1"),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" })
    .optional(),
  DATA_DIR: z.string().min(1, { error: "must be a folder path" }).default("./data"),
  LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warning", "error", "fatal"], {
      error: "must be one of trace, debug, info, warning, error, fatal",
    })
    .default("info"),
  ROLE: z
    .enum(["all", "web", "worker"], {
      error:
        "must be all (one process does everything), web (serves HTTP) or worker (runs the queue)",
    })
    .default("all"),
  QUEUE_WORKERS: z.coerce
    .number({
      error: "must be a whole number of queued messages a process handles at once, 1 to 64",
    })
    .int({ error: "must be a whole number from 1 to 64" })
    .min(1, { error: "must be a whole number from 1 to 64" })
    .max(64, { error: "must be a whole number from 1 to 64" })
    .default(4),
  WORKER_PROCESSES: z
    .string()
    .default("auto")
    .refine((value) => value === "auto" || (/^\d{1,2}$/.test(value) && Number(value) <= 16), {
      error:
        "must be auto (one helper on a machine of four cores and 2 GB or more) or a whole number of helper queue processes from 0 to 16",
    })
    .transform((value): "auto" | number => (value === "auto" ? "auto" : Number(value))),
  QUEUE: z
    .enum(["postgres", "redis"], {
      error: "must be postgres (the default: the queue lives in the database) or redis",
    })
    .default("postgres"),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
    .optional(),
  TRUST_PROXY: z
    .enum(["true", "false"], {
      error: "must be true (behind a reverse proxy that sets X-Forwarded-For) or false",
    })
    .default("false")
    .transform((value) => value === "true"),
  RATE_LIMIT_WRITES: z.coerce
    .number({ error: "must be a whole number of API writes allowed per caller every 5 minutes" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .default(300),
  RATE_LIMIT_LOGINS: z.coerce
    .number({
      error: "must be a whole number of sign-in attempts allowed per address every 5 minutes",
    })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .default(20),
  ALLOW_PRIVATE_ADDRESSES: z
    .enum(["true", "false"], {
      error:
        "must be true (this instance may contact loopback and private addresses) or false (the default)",
    })
    .default("false")
    .transform((value) => value === "true"),
  RATE_LIMIT_INBOX_HOST: z.coerce
    .number({
      error: "must be a whole number of activities accepted from one server every 5 minutes",
    })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .default(3000),
  RATE_LIMIT_INBOX_ADDRESS: z.coerce
    .number({
      error: "must be a whole number of inbox requests accepted from one address every 5 minutes",
    })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .default(12000),
  AUTHORIZED_FETCH: z
    .enum(["true", "false"], {
      error:
        "must be true (actors and posts are served to signed fetches only) or false (the default)",
    })
    .default("false")
    .transform((value) => value === "true"),
  SECRET_KEY: z
    .string()
    .min(32, { error: "must be at least 32 characters (or leave it unset to have one generated)" })
    .optional(),
});

/** Rules between variables, checked after each one is. */
const ConsistentConfig = ConfigSchema.superRefine((config, ctx) => {
  // Remote input names the addresses an instance contacts; on the internet, a private one would
  // let anyone make this server probe its own network.
  if (config.ALLOW_PRIVATE_ADDRESSES && !isPrivateName(new URL(config.ORIGIN).hostname))
    ctx.addIssue({
      code: "custom",
      path: ["ALLOW_PRIVATE_ADDRESSES"],
      message: `is only for instances on this machine or a private network (ORIGIN ${config.ORIGIN} is a public name); remove it`,
    });
  if (config.ROLE === "web" && config.WORKER_PROCESSES !== "auto" && config.WORKER_PROCESSES > 0)
    ctx.addIssue({
      code: "custom",
      path: ["WORKER_PROCESSES"],
      message:
        "is for ROLE=all or worker (a web process runs no queue); start worker processes apart, or remove it",
    });
  if (config.QUEUE === "redis" && config.REDIS_URL == null)
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_URL"],
      message: "is needed when QUEUE=redis (e.g. redis://127.0.0.1:6379)",
    });
});

export type Config = z.infer<typeof ConfigSchema>;
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a bad value throws a ConfigError whose message is one line per variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "unset", as in most twelve-factor apps.
  const present = Object.fromEntries(
    CONFIG_VARIABLES.filter((name) => env[name] != null && env[name] !== "").map((name) => [
      name,
      env[name],
    ]),
  );
  const result = ConsistentConfig.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "configuration");
    const got = present[name];
    const shown = name === "SECRET_KEY" || got == null ? "" : ` (got ${JSON.stringify(got)})`;
    return `Invalid ${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(lines.join("\n"));
}

/**
 * Names that only mean something on this machine or a private network: localhost, reserved
 * top-level names for testing and private networks (RFC 6761, 6762, 8375) and loopback or private IP addresses.
 */
export function isPrivateName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (name === "localhost" || /\.(localhost|test|local|internal|lan|home\.arpa)$/.test(name))
    return true;
  if (name === "::1" || /^f[cd][0-9a-f]{2}:/.test(name) || /^fe80:/.test(name)) return true;
  const ip = name
    .match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/)
    ?.slice(1)
    .map(Number);
  if (ip == null) return false;
  const [a = 0, b = 0] = ip;
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function isBareOrigin(url: URL): boolean {
  return (url.pathname === "" || url.pathname === "/") && url.search === "" && url.hash === "";
}
