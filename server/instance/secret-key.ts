import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config.ts";

/** SECRET_KEY, or the one generated under DATA_DIR on first start and kept for the next ones. */
export async function loadSecretKey(config: Config): Promise<string> {
  if (config.SECRET_KEY != null) return config.SECRET_KEY;
  const path = join(config.DATA_DIR, "secret_key");
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  await mkdir(config.DATA_DIR, { recursive: true });
  const key = randomBytes(48).toString("base64url");
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  return key;
}
