// Compiles Hubnet to JavaScript in dist/ (npm start and npm run hubnet run that, not tsx), unless
// dist/ was built from exactly these sources. Runs after `npm install` and before every start, so
// what runs is never stale. Type errors do not stop it (`npm run typecheck` reports them).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const SOURCES = ["server", "federation", "db", "web"];
const INPUTS = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];
const stampFile = join(dist, ".sources-sha256");

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

function fingerprint() {
  const hash = createHash("sha256");
  const paths = [
    ...SOURCES.flatMap((folder) => [...files(join(root, folder))]),
    ...INPUTS.map((name) => join(root, name)).filter(existsSync),
  ].sort();
  for (const path of paths)
    hash.update(relative(root, path)).update("\0").update(readFileSync(path));
  return hash.digest("hex");
}

// A deployment that ships only dist/ (the container image) has nothing to build from.
if (!existsSync(join(root, "server", "main.ts"))) process.exit(0);
const wanted = fingerprint();
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.error("Hubnet is not built yet and TypeScript is missing: run `npm install` first.");
  process.exit(1);
}
const started = Date.now();
console.error("Building Hubnet (dist/) from its sources…");
rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error("The build failed; see the messages above.");
  process.exit(1);
}
// What the code reads from beside itself at run time.
cpSync(join(root, "db", "migrations"), join(dist, "db", "migrations"), { recursive: true });
cpSync(join(root, "web", "static"), join(dist, "web", "static"), { recursive: true });
for (const path of files(join(root, "web"))) {
  if (path.endsWith(".json")) cpSync(path, join(dist, relative(root, path)));
}
cpSync(join(root, "package.json"), join(dist, "package.json"));
writeFileSync(stampFile, wanted);
console.error(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
