/**
 * @module bench/run
 * `bun run bench [--quick] [--out FILE] [--seconds N] [--hot-capacity N]
 * [--keep]`: builds the binary, measures the service and its two ceilings
 * on this machine in one run, and reports. The steps, in order:
 *
 * 1. the disk's own SQLite commit rate; `porta-webhook import` of the
 *    generated inventory (and of 100,000 slots, timed);
 * 2. the framework's ceiling (bench/bare-server.ts) and the store's
 *    (bench/store-ceiling.ts, including the cost of live holds on a slot);
 * 3. the binary with group commit: contended holds, spread holds, the
 *    hold-then-confirm flow, cancellations, health, at each connection
 *    count; then its start-up time, restarted on the store it filled;
 * 4. the tail at one connection: the binary with a metrics token, whose own
 *    histograms split a request's time into the server's and the commit's;
 * 5. the binary with `--max-batch 1` (one fsync per request);
 * 6. the binary on a store of a million slots and bookings.
 *
 * Servers run on one core, the load generator (bench/loadgen.mjs under
 * Node) on the other. Results: a table on stdout, bench/results/*.json, and
 * (full runs) the generated part of bench/RESULTS.md. `--quick` runs every
 * step with a couple of hundred requests on small stores, so that CI can
 * check that the whole script works; its numbers mean nothing.
 */
import { Database } from "bun:sqlite";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BINARY, ensureBinary, ROOT } from "../test/support/binary.ts";
import { bigStoreCounts, buildBigStore } from "./big-store.ts";
import {
  benchInventory,
  CATEGORY_ID,
  EXPERIENCE_ID,
  OPTION_ID,
  spreadSlotId,
  TIME_ZONE,
} from "./inventory.ts";
import {
  BENCH_DIR,
  type Child,
  freePort,
  isPinned,
  LOADGEN_CPU,
  NICENESS,
  pinned,
  runLoad,
  SERVER_CPU,
  startChild,
} from "./proc.ts";
import {
  type BenchReport,
  judge,
  markdownReport,
  type RunRecord,
  type ServerKind,
  type TailRecord,
  terminalReport,
  type Workload,
} from "./report.ts";
import type { CeilingResult, CeilingRun, CeilingSpec } from "./store-ceiling.ts";
import { bucketsBetween, quantileBound, scrape, shareAbove, total } from "./tail.ts";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    seconds: { type: "string" },
    "hot-capacity": { type: "string", default: "1000" },
    keep: { type: "boolean", default: false },
  },
});

const QUICK = flags.quick!;
const KEY = "bench-key-0123456789";
const METRICS_TOKEN = "bench-metrics-token-0123456789";
const SETTINGS = {
  secondsPerRun: Number(flags.seconds ?? 8),
  quickRequests: 200,
  warmupSeconds: QUICK ? 0 : 1,
  storeCeilingSeconds: QUICK ? 0.1 : 4,
  connections: QUICK ? [4] : [1, 16, 64],
  spreadSlots: QUICK ? 500 : 10_000,
  hotCapacity: Number(flags["hot-capacity"]),
  importSlots: QUICK ? 1_000 : 100_000,
  bigSlots: QUICK ? 5_000 : 1_000_000,
  bigBookings: QUICK ? 5_000 : 1_000_000,
  ledgerPreloads: QUICK ? [1_000] : [0, 1_000, 10_000, 100_000],
  startupRepeats: QUICK ? 1 : 5,
  maxBatch: 128,
  logLevel: "info",
  pinned: isPinned ? { server: SERVER_CPU, loadgen: LOADGEN_CPU } : "no taskset",
  niceness: NICENESS,
  holdBody: "1 adult, guide_language en, fresh uuid hold_id; expires 30 min later",
  confirmBody: "1 item, 2 mandatory answers (BY_PAX string, BOOKING phone), QR ticket",
};

const started = performance.now();
const startedAt = new Date().toISOString();
const work = mkdtempSync(join(tmpdir(), "porta-bench-"));
const firstDay = Temporal.Now.plainDateISO("UTC").add({ days: 7 });
const expirationTime = Temporal.Now.zonedDateTimeISO(TIME_ZONE).add({ minutes: 30 })
  .toPlainDateTime().toString({ smallestUnit: "second" });
const spreadIds = Array.from({ length: SETTINGS.spreadSlots }, (_, i) => spreadSlotId(i));
const runs: RunRecord[] = [];

const say = (text: string) => {
  const at = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`bench: [${at} s] ${text}\n`);
};

/**
 * Waits until the kernel has written back what the steps before wrote (an
 * import, the big store): its writeback threads would otherwise take CPU
 * and disk from the next measured run (an earlier run's bare ceiling at
 * one connection shared its core with 0.56 of others).
 */
async function settle(): Promise<void> {
  if (QUICK) return;
  Bun.spawnSync({ cmd: ["sync"] });
  await Bun.sleep(1000);
}

function sh(cmd: string[]): string {
  const r = Bun.spawnSync({ cmd, stdout: "pipe", stderr: "pipe" });
  return r.exitCode === 0 ? r.stdout.toString().trim() : `(${cmd[0]} failed)`;
}

function machine(): Record<string, string> {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
  return {
    nproc: sh(["nproc"]),
    cpu: cpu ?? "unknown",
    "free -h": sh(["free", "-h"]).split("\n").slice(0, 2).join("\n"),
    disk: sh(["df", "-h", "--output=source,fstype,size,avail", work]).split("\n").at(-1)!,
    kernel: sh(["uname", "-sr"]),
    bun: Bun.version,
    node: sh(["node", "--version"]),
    autocannon: JSON.parse(
      readFileSync(join(ROOT, "node_modules", "autocannon", "package.json"), "utf8"),
    ).version,
    "load average at start": readFileSync("/proc/loadavg", "utf8").trim(),
    // Others may be editing the tree: a dirty revision is not the commit.
    revision: sh(["git", "-C", ROOT, "describe", "--always", "--dirty"]),
  };
}

/** One SQLite commit at a time on this disk: what a lone durable write costs. */
function diskCommits(seconds: number): BenchReport["disk"] {
  const db = new Database(join(work, "disk.db"), { create: true, strict: true });
  db.run("PRAGMA journal_mode = WAL");
  db.run("PRAGMA synchronous = FULL");
  db.run("CREATE TABLE t (v TEXT NOT NULL) STRICT");
  const insert = db.query("INSERT INTO t VALUES (?)");
  const begin = db.query("BEGIN IMMEDIATE");
  const commit = db.query("COMMIT");
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    begin.run();
    insert.run("x".repeat(300));
    commit.run();
    times.push(performance.now() - t0);
  }
  db.close();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.ceil(q * times.length) - 1]!;
  return {
    commitsPerSecond: times.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
  };
}

function buildBinary(): void {
  if (QUICK) {
    ensureBinary();
    return;
  }
  say("building the binary");
  const r = Bun.spawnSync({ cmd: [process.execPath, "run", "build"], cwd: ROOT, stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`bun run build failed:\n${r.stderr}`);
}

/** Writes the inventory file and times `porta-webhook import` of it into `db`. */
function importTimed(db: string, inventory: unknown, slots: number) {
  const file = join(work, `inventory-${slots}.json`);
  writeFileSync(file, JSON.stringify(inventory));
  const t0 = performance.now();
  const r = Bun.spawnSync({ cmd: [BINARY, "import", file, "--db", db], stderr: "pipe" });
  const seconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`import of ${file} failed:\n${r.stderr}`);
  return { slots, seconds };
}

const hotSlot = (server: ServerKind, c: number) => `hot-${server}-${c}`;
const HOT_SLOTS = (["group", "batch1", "big"] as const).flatMap((s) => [
  `hot-${s}-warm`,
  ...SETTINGS.connections.map((c) => hotSlot(s, c)),
]);

function inventory(count: number) {
  return benchInventory({
    count,
    firstDay,
    hot: HOT_SLOTS,
    hotCapacity: SETTINGS.hotCapacity,
  });
}

async function serveBinary(db: string, extra: string[] = []): Promise<Child> {
  const port = freePort();
  return startChild({
    cmd: [BINARY, "serve", "--db", db, "--host", "127.0.0.1", "--port", String(port),
      "--key", KEY, "--log-level", SETTINGS.logLevel, ...extra],
    readyPath: "/health",
    headers: { "x-webhook-key": KEY },
    port,
    logFile: join(work, `server-${port}.log`),
    cwd: work,
  });
}

interface Measure {
  server: ServerKind;
  workload: Workload;
  connections: number;
  spec: Record<string, unknown>;
}

/** One measured run against `child`, with its peak RSS and CPU. */
async function measure(child: Child, m: Measure): Promise<RunRecord> {
  // Without clear_refs the peak is the process's whole life so far.
  child.resetPeakRss();
  const memory = child.watchMemory();
  const load1 = Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  const result = await runLoad({
    url: child.url,
    key: KEY,
    connections: m.connections,
    // autocannon runs whole seconds at least: quick runs count requests.
    ...(QUICK ? { amount: SETTINGS.quickRequests } : { duration: SETTINGS.secondsPerRun }),
    experienceId: EXPERIENCE_ID,
    optionId: OPTION_ID,
    categoryId: CATEGORY_ID,
    expirationTime,
    serverPid: child.proc.pid,
    ...m.spec,
  }, work);
  const peak = memory();
  const refusedNoCapacity = result.outcomes.NO_CAPACITY_LEFT ?? 0;
  const ok = result.outcomes["200"] ?? 0;
  const record: RunRecord = {
    server: m.server,
    workload: m.workload,
    connections: m.connections,
    ...result,
    errors: result.requests - ok - refusedNoCapacity + result.socketErrors + result.timeouts,
    refusedNoCapacity,
    peakRssMiB: child.peakRssMiB(),
    peakAnonMiB: peak.anon,
    peakFileMiB: peak.file,
    load1,
  };
  runs.push(record);
  const l = record.latency.all!;
  say(`${m.server} ${m.workload} ×${m.connections}: ${Math.round(record.rps)} req/s, ` +
    `p99 ${l.p99?.toFixed(2)} ms, errors ${record.errors}`);
  return record;
}

/** Contended and spread holds on `child`, at every connection count. */
async function holdWorkloads(child: Child, server: ServerKind, which: Workload[]) {
  const warmup = SETTINGS.warmupSeconds;
  for (const workload of which) {
    for (const c of SETTINGS.connections) {
      const slots = workload === "contended" ? [hotSlot(server, c)] : spreadIds;
      const warmupSlots = workload === "contended" ? [`hot-${server}-warm`] : spreadIds;
      await measure(child, {
        server, workload, connections: c,
        spec: { workload: "hold", slots, warmup, warmupSlots },
      });
    }
  }
}

/** The flow at each connection count, then cancellations of what it confirmed. */
async function flowAndCancel(child: Child) {
  const files: string[] = [];
  const expected: number[] = [];
  for (const c of SETTINGS.connections) {
    const bookingsOut = join(work, `bookings-flow-${c}.json`);
    const r = await measure(child, {
      server: "group", workload: "flow", connections: c,
      spec: { workload: "flow", slots: spreadIds, warmup: SETTINGS.warmupSeconds, bookingsOut },
    });
    files.push(bookingsOut);
    // A cancellation costs about what a hold or a confirmation does.
    expected.push(QUICK ? SETTINGS.quickRequests
      : Math.ceil(r.rps * SETTINGS.secondsPerRun * 1.3));
  }

  const bookings = files.flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as unknown[]);
  const needed = expected.reduce((a, b) => a + b, 0);
  if (bookings.length < needed) {
    say(`confirming ${needed - bookings.length} more bookings to cancel`);
    const bookingsOut = join(work, "bookings-seed.json");
    const top = SETTINGS.connections.at(-1)!;
    await runLoad({
      url: child.url, key: KEY, workload: "flow", connections: top,
      amount: Math.max(top, 2 * (needed - bookings.length)),
      slots: spreadIds, experienceId: EXPERIENCE_ID, optionId: OPTION_ID,
      categoryId: CATEGORY_ID, expirationTime, bookingsOut,
    }, work);
    bookings.push(...(JSON.parse(readFileSync(bookingsOut, "utf8")) as unknown[]));
  }

  let next = 0;
  for (const [i, c] of SETTINGS.connections.entries()) {
    const share = bookings.slice(next, next + Math.max(c, expected[i]!));
    next += share.length;
    const cancelsFile = join(work, `cancels-${c}.json`);
    writeFileSync(cancelsFile, JSON.stringify(share));
    await measure(child, {
      server: "group", workload: "cancel", connections: c,
      spec: { workload: "cancel", cancelsFile, amount: share.length, duration: undefined },
    });
  }
}

async function healthWorkload(child: Child, server: ServerKind) {
  for (const c of SETTINGS.connections) {
    await measure(child, {
      server, workload: "health", connections: c,
      spec: { workload: "health", warmup: SETTINGS.warmupSeconds },
    });
  }
}

/** Spawn to first healthy answer, `n` times on the same store. */
/**
 * Spread holds, then the flow, at one connection on a server with a
 * metrics token, each after an unmeasured warm-up: the load generator's
 * latency beside the server's own histograms of the same requests.
 */
async function tailProfile(db: string): Promise<TailRecord[]> {
  const child = await serveBinary(db, ["--metrics-token", METRICS_TOKEN]);
  const length = QUICK ? { amount: SETTINGS.quickRequests } : { duration: SETTINGS.secondsPerRun };
  const base = {
    url: child.url, key: KEY, connections: 1, experienceId: EXPERIENCE_ID,
    optionId: OPTION_ID, categoryId: CATEGORY_ID, expirationTime, serverPid: child.proc.pid,
  };
  const kinds = [
    { workload: "spread", spec: { workload: "hold", slots: spreadIds }, routes: ["hold"] },
    { workload: "flow", spec: { workload: "flow", slots: spreadIds }, routes: ["hold", "confirm"] },
  ] as const;
  const ROUTE = { hold: "POST /hold", confirm: "POST /booking" };
  const records: TailRecord[] = [];
  try {
    for (const { workload, spec, routes } of kinds) {
      if (!QUICK) {
        await runLoad({ ...base, ...spec, duration: SETTINGS.warmupSeconds + 1 }, work);
      }
      const before = await scrape(child.url, METRICS_TOKEN);
      const result = await runLoad({ ...base, ...spec, ...length }, work);
      const after = await scrape(child.url, METRICS_TOKEN);
      const commits = bucketsBetween(before, after, "porta_webhook_commit_seconds");
      const writes = (after.get("porta_webhook_commit_writes_sum{}") ?? 0) -
        (before.get("porta_webhook_commit_writes_sum{}") ?? 0);
      records.push({
        workload,
        requests: result.requests,
        othersCpu: result.othersCpu,
        routes: routes.map((kind) => {
          const server = bucketsBetween(before, after, "porta_webhook_request_duration_seconds",
            { route: ROUTE[kind] });
          return {
            kind,
            clientP99: result.latency[kind]?.p99 ?? null,
            serverCount: total(server),
            serverOver2ms: shareAbove(server, 0.002),
            serverP99AtMostMs: quantileBound(server, 0.99) * 1000,
          };
        }),
        commits: {
          count: total(commits),
          writesPerCommit: writes / Math.max(1, total(commits)),
          p50AtMostMs: quantileBound(commits, 0.5) * 1000,
          p99AtMostMs: quantileBound(commits, 0.99) * 1000,
          over1ms: shareAbove(commits, 0.001),
          over2ms: shareAbove(commits, 0.002),
        },
      });
      say(`tail ${workload} ×1: ${result.requests} requests, ${total(commits)} commits`);
    }
  } finally {
    await child.stop();
  }
  return records;
}

async function startups(db: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const child = await serveBinary(db);
    times.push(child.startupMs);
    await child.stop();
  }
  return times;
}

async function bareCeiling() {
  const port = freePort();
  const child = await startChild({
    cmd: [process.execPath, join(BENCH_DIR, "bare-server.ts"), String(port)],
    readyPath: "/ready",
    port,
    logFile: join(work, "bare.log"),
  });
  try {
    for (const c of SETTINGS.connections) {
      await measure(child, {
        server: "bare", workload: "contended", connections: c,
        spec: { workload: "hold", slots: [hotSlot("group", c)], warmup: SETTINGS.warmupSeconds },
      });
    }
  } finally {
    await child.stop();
  }
}

async function storeCeiling(): Promise<CeilingResult[]> {
  const ceilingRuns: CeilingRun[] = [
    ...SETTINGS.connections.map((c) => ({ name: `hot-${c}`, slot: "hot" as const, inFlight: c })),
    ...SETTINGS.connections.map((c) => ({
      name: `spread-${c}`, slot: "spread" as const, inFlight: c,
    })),
    ...SETTINGS.ledgerPreloads.map((n) => ({
      name: `preload-${n}`, slot: "hot" as const, inFlight: 1, preload: n,
    })),
  ];
  const spec: CeilingSpec = {
    dir: work,
    seconds: SETTINGS.storeCeilingSeconds,
    spread: SETTINGS.spreadSlots,
    hotCapacity: SETTINGS.hotCapacity,
    firstDay: firstDay.toString(),
    expirationTime,
    runs: ceilingRuns,
  };
  const specFile = join(work, "ceiling.json");
  writeFileSync(specFile, JSON.stringify(spec));
  const child = Bun.spawn({
    cmd: pinned(SERVER_CPU, [process.execPath, join(BENCH_DIR, "store-ceiling.ts"), specFile]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`store ceiling exited ${code}:\n${err}`);
  return JSON.parse(out);
}

async function main(): Promise<BenchReport> {
  buildBinary();
  const info = machine();
  say("disk commit rate");
  const disk = diskCommits(QUICK ? 0.1 : 3);

  say("importing the inventories");
  const fresh = join(work, "fresh.db");
  const imports = [importTimed(fresh, inventory(SETTINGS.spreadSlots), SETTINGS.spreadSlots)];
  imports.push(importTimed(join(work, "import-check.db"),
    benchInventory({ count: SETTINGS.importSlots, firstDay }), SETTINGS.importSlots));

  await settle();
  say("framework ceiling");
  await bareCeiling();
  say("store ceiling");
  const store = await storeCeiling();
  await settle();

  const startup: Record<string, number[]> = {};
  const groupDb = join(work, "group.db");
  copyFileSync(fresh, groupDb);
  const group = await serveBinary(groupDb);
  try {
    await holdWorkloads(group, "group", ["contended", "spread"]);
    await flowAndCancel(group);
    await healthWorkload(group, "group");
  } finally {
    await group.stop();
  }
  startup.small = [group.startupMs, ...await startups(groupDb, SETTINGS.startupRepeats - 1)];

  say("the tail at one connection");
  const tailDb = join(work, "tail.db");
  copyFileSync(fresh, tailDb);
  await settle();
  const tail = await tailProfile(tailDb);

  const batch1Db = join(work, "batch1.db");
  copyFileSync(fresh, batch1Db);
  await settle();
  const batch1 = await serveBinary(batch1Db, ["--max-batch", "1"]);
  try {
    await holdWorkloads(batch1, "batch1", ["contended", "spread"]);
  } finally {
    await batch1.stop();
  }

  say(`building the big store (${SETTINGS.bigSlots} slots, ${SETTINGS.bigBookings} bookings)`);
  const bigDb = join(work, "big.db");
  const { seconds: buildSeconds } = buildBigStore({
    path: bigDb,
    slots: SETTINGS.bigSlots,
    spread: SETTINGS.spreadSlots,
    bookings: SETTINGS.bigBookings,
    firstDay,
    hot: HOT_SLOTS,
  });
  const counts = bigStoreCounts(bigDb);
  await settle();
  const big = await serveBinary(bigDb);
  try {
    await holdWorkloads(big, "big", ["spread"]);
  } finally {
    await big.stop();
  }
  startup.big = [big.startupMs, ...await startups(bigDb, SETTINGS.startupRepeats - 1)];

  info["load average at end"] = readFileSync("/proc/loadavg", "utf8").trim();
  const report = {
    startedAt,
    quick: QUICK,
    settings: SETTINGS,
    machine: info,
    disk,
    imports,
    store,
    runs,
    tail,
    startup,
    bigStore: { counts, buildSeconds },
    seconds: (performance.now() - started) / 1000,
  };
  return { ...report, targets: judge(report) };
}

const BEGIN = "<!-- bench:begin (generated by bun run bench; edits here are lost) -->";
const END = "<!-- bench:end -->";

function writeResultsMd(report: BenchReport): void {
  const path = join(BENCH_DIR, "RESULTS.md");
  const generated = `${BEGIN}\n${markdownReport(report)}\n${END}`;
  const old = existsSync(path)
    ? readFileSync(path, "utf8")
    : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  const from = old.indexOf(BEGIN);
  const to = old.indexOf(END);
  const next = from >= 0 && to > from
    ? old.slice(0, from) + generated + old.slice(to + END.length)
    : `${old.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, next);
}

try {
  const report = await main();
  const out = flags.out ?? join(BENCH_DIR, "results",
    `${QUICK ? "quick" : "bench"}-${startedAt.replaceAll(":", "-")}.json`);
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  if (!QUICK) writeResultsMd(report);
  console.log(terminalReport(report));
  console.log(`\nbench: results in ${out}${QUICK ? "" : " and bench/RESULTS.md"}`);
} finally {
  if (!flags.keep) rmSync(work, { recursive: true, force: true });
  else say(`kept ${work}`);
}
