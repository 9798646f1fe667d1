import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestCa } from "../tests/helpers/tls.ts";
import { type Child, freePort, startChild } from "./child.ts";
import { FLEET_DOMAIN } from "./fleet-names.ts";
import type { InboxTally } from "./fleet-process.ts";

export interface Fleet {
  port: number;
  /** The CA the instance under test must trust to reach the fleet. */
  caFile: string;
  /** Every fleet person signs with this one RSA key (making 10,000 keys would take minutes). */
  privateKey: CryptoKey;
  child: Child;
  tally(): Promise<Record<string, InboxTally>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFleet(): Promise<Fleet> {
  const dir = await mkdtemp(join(tmpdir(), "hubnet-bench-fleet-"));
  const ca = createTestCa();
  const { key, cert } = ca.issue(`*.${FLEET_DOMAIN}`);
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const files = {
    ca: join(dir, "ca.pem"),
    key: join(dir, "fleet.key.pem"),
    cert: join(dir, "fleet.cert.pem"),
    publicKey: join(dir, "people.pub.pem"),
  };
  await Promise.all([
    writeFile(files.ca, ca.cert),
    writeFile(files.key, key, { mode: 0o600 }),
    writeFile(files.cert, cert),
    writeFile(files.publicKey, pair.publicKey.export({ type: "spki", format: "pem" })),
  ]);
  const port = await freePort();
  const child = await startChild("fleet-process.ts", {
    PORT: String(port),
    BENCH_FLEET_KEY_FILE: files.key,
    BENCH_FLEET_CERT_FILE: files.cert,
    BENCH_FLEET_PUBLIC_KEY_FILE: files.publicKey,
  });
  const privateKey = await crypto.subtle.importKey(
    "pkcs8",
    pair.privateKey.export({ type: "pkcs8", format: "der" }),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    true,
    ["sign"],
  );
  return {
    port,
    caFile: files.ca,
    privateKey,
    child,
    tally: () => child.ask({ type: "tally" }),
    reset: async () => {
      await child.ask({ type: "reset" });
    },
    stop: async () => {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
