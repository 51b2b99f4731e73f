/**
 * @module bench/profile
 * Where the server's time goes: `bun bench/profile.ts [WORKLOAD [CONNS [SECONDS]]]`
 * runs the server from source under `bun --cpu-prof`, pinned like the
 * benchmark's, drives it with the same load generator (contended holds at
 * 64 connections by default), stops it with SIGTERM so that the profile is
 * written, and prints the profile's self time grouped by area and by
 * function as Markdown, ready for bench/RESULTS.md.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BINARY, ensureBinary, ROOT } from "../test/support/binary.ts";
import {
  benchInventory,
  CATEGORY_ID,
  EXPERIENCE_ID,
  OPTION_ID,
  spreadSlotId,
  TIME_ZONE,
} from "./inventory.ts";
import { freePort, runLoad, startChild } from "./proc.ts";

const workload = process.argv[2] ?? "contended";
const connections = Number(process.argv[3] ?? 64);
const seconds = Number(process.argv[4] ?? 8);
const KEY = "bench-key-0123456789";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the stack a frame belongs to, by its source file. */
function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url.includes("/src/")) return url.slice(url.indexOf("/src/") + 1);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("bun:") || url.startsWith("node:")) return url;
  if (url === "" && ["get", "run", "all", "values"].includes(functionName)) {
    return "bun:sqlite (native: SQLite itself)";
  }
  if (url === "") return `native ${functionName || "(anonymous)"}`;
  return url;
}

function summarise(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const group = (key: (n: ProfileNode) => string) => {
    const sums = new Map<string, number>();
    for (const [id, us] of self) {
      const k = key(byId.get(id)!);
      sums.set(k, (sums.get(k) ?? 0) + us);
    }
    return [...sums].sort((a, b) => b[1] - a[1]);
  };
  const rows = (list: [string, number][], n: number) =>
    list.slice(0, n).map(([k, us]) =>
      `| ${(100 * us / total).toFixed(1)}% | ${(us / 1e6).toFixed(2)} s | \`${k}\` |`
    );
  const fn = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${url.replace(`${ROOT}/`, "")}:${lineNumber + 1}` : "native";
    return `${functionName || "(anonymous)"} ${where}`;
  };
  return [
    `Self time of the server, ${(total / 1e6).toFixed(1)} s sampled, ` +
      `${workload} at ${connections} connections for ${seconds} s:`,
    "",
    "| share | time | area |",
    "| ---: | ---: | --- |",
    ...rows(group(area), 15),
    "",
    "| share | time | function |",
    "| ---: | ---: | --- |",
    ...rows(group(fn), 25),
  ].join("\n");
}

async function main() {
  ensureBinary();
  const work = mkdtempSync(join(tmpdir(), "porta-profile-"));
  try {
    const firstDay = Temporal.Now.plainDateISO("UTC").add({ days: 7 });
    const inventory = join(work, "inventory.json");
    await Bun.write(inventory, JSON.stringify(benchInventory({
      count: 10_000, firstDay, hot: ["hot"], hotCapacity: 1000,
    })));
    const db = join(work, "store.db");
    Bun.spawnSync({ cmd: [BINARY, "import", inventory, "--db", db] });
    copyFileSync(db, join(work, "fresh.db"));

    const port = freePort();
    const profiles = join(work, "profiles");
    const child = await startChild({
      cmd: [process.execPath, "--cpu-prof", `--cpu-prof-dir=${profiles}`,
        join(ROOT, "src", "main.ts"), "serve", "--db", db, "--port", String(port),
        "--key", KEY],
      readyPath: "/health",
      headers: { "x-webhook-key": KEY },
      port,
      logFile: join(work, "server.log"),
    });
    const expirationTime = Temporal.Now.zonedDateTimeISO(TIME_ZONE).add({ minutes: 30 })
      .toPlainDateTime().toString({ smallestUnit: "second" });
    const slots = workload === "contended"
      ? ["hot"]
      : Array.from({ length: 10_000 }, (_, i) => spreadSlotId(i));
    const result = await runLoad({
      url: child.url, key: KEY, connections, duration: seconds,
      workload: workload === "contended" || workload === "spread" ? "hold" : workload,
      slots, experienceId: EXPERIENCE_ID, optionId: OPTION_ID, categoryId: CATEGORY_ID,
      expirationTime,
    }, work);
    await child.stop();

    const file = readdirSync(profiles).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("the server wrote no profile");
    // For a closer look (e.g. in Chrome's DevTools): PROFILE_OUT=path.cpuprofile
    if (Bun.env.PROFILE_OUT) copyFileSync(join(profiles, file), Bun.env.PROFILE_OUT);
    console.log(`${Math.round(result.rps)} req/s, p99 ${result.latency.all?.p99?.toFixed(2)} ms\n`);
    console.log(summarise(JSON.parse(readFileSync(join(profiles, file), "utf8"))));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
