/**
 * Self time of a CPU profile (`BENCH_PROFILE_DIR`) by package, so a phase's costs can be named:
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [from-to seconds] [--files]`.
 * Without a window it also prints the busy milliseconds of every second, to find the phase (the
 * first seconds of a profile are the server loading its code). "(writeBuffer)" and other
 * system calls include time the process waited for a core while in them: on a shared machine,
 * most of it is the scheduler running PostgreSQL or the fleet after a write woke them.
 */
import { readFileSync } from "node:fs";

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

const [file, window, mode] = process.argv.slice(2);
if (file == null)
  throw new Error("usage: profile-summary.ts <file.cpuprofile> [from-to] [--files]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
const [from = 0, to = Number.POSITIVE_INFINITY] = window?.includes("-")
  ? window.split("-").map(Number)
  : [];

function groupOf({ functionName, url }: { functionName: string; url: string }): string {
  if (url === "") return `(${functionName || "native"})`;
  const inPackage = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (mode === "--files")
    return url
      .replace(/.*node_modules\//, "")
      .replace(/^file:\/\/.*?\/(server|federation|db)\//, "$1/");
  if (inPackage) return inPackage[1] as string;
  if (url.startsWith("node:")) return "node internals";
  const own = url.match(/\/(server|federation|db|web)\//);
  return own ? `hubnet ${own[1]}` : url;
}

let clock = 0;
let total = 0;
const bySecond: number[] = [];
const byGroup = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  clock += delta;
  const frame = nodes.get(id);
  if (frame == null || frame.functionName === "(idle)") return;
  const second = Math.floor(clock / 1e6);
  bySecond[second] = (bySecond[second] ?? 0) + delta / 1e3;
  if (clock < from * 1e6 || clock >= to * 1e6) return;
  total += delta;
  const group = groupOf(frame);
  byGroup.set(group, (byGroup.get(group) ?? 0) + delta);
});
if (window == null)
  console.log(
    `busy ms per second: ${Array.from(bySecond, (ms, s) => `${s}:${Math.round(ms ?? 0)}`).join(" ")}`,
  );
console.log(`busy ${(total / 1e6).toFixed(2)} s${window ? ` in ${from}–${to} s` : ""}`);
for (const [group, time] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(
    `${(time / 1e3).toFixed(0).padStart(8)} ms ${((100 * time) / total).toFixed(1).padStart(5)}%  ${group}`,
  );
