import type postgres from "postgres";
import type { Database } from "../db/client.ts";
import type { Config } from "./config.ts";

/** Everything one Hubnet instance is built from; several can live in one process (tests do). */
export interface Deps {
  config: Config;
  db: Database;
  sql: postgres.Sql;
  secretKey: string;
  version: string;
  /** ALLOW_PRIVATE_ADDRESSES (or a loopback test): Fedify may fetch from and deliver to private addresses. */
  allowPrivateAddress: boolean;
}
