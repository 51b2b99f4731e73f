/**
 * @module bench/report
 * What a benchmark run found, in the shapes it is reported in: the JSON
 * document, the terminal table, and the generated part of bench/RESULTS.md
 * (between its two markers; the prose around them is kept). Also the
 * issue's targets, each judged from the numbers of the same run.
 */
import type { CeilingResult } from "./store-ceiling.ts";
import type { LatencySummary, LoadResult } from "./proc.ts";

export type ServerKind = "group" | "batch1" | "bare" | "big";
export type Workload = "contended" | "spread" | "flow" | "cancel" | "health";

export interface RunRecord extends LoadResult {
  server: ServerKind;
  workload: Workload;
  connections: number;
  errors: number;
  refusedNoCapacity: number;
  peakRssMiB: number | null;
  /** Highest anonymous and file-backed resident memory, sampled every 50 ms. */
  peakAnonMiB?: number;
  peakFileMiB?: number;
  /** The machine's 1-minute load average as the run began. */
  load1: number;
}

/** One workload of the tail profile (bench/tail.ts), at one connection. */
export interface TailRecord {
  workload: "spread" | "flow";
  requests: number;
  othersCpu: number;
  routes: {
    kind: "hold" | "confirm";
    /** p99 as the load generator saw it, ms. */
    clientP99: number | null;
    /** The server's histogram of the same requests, from first byte to answer. */
    serverCount: number;
    serverOver2ms: number;
    serverP99AtMostMs: number;
  }[];
  /** The group commits of the run: COMMIT's time (the fsync), to bucket resolution. */
  commits: {
    count: number;
    writesPerCommit: number;
    p50AtMostMs: number;
    p99AtMostMs: number;
    over1ms: number;
    over2ms: number;
  };
}

export interface Target {
  name: string;
  want: string;
  got: string;
  met: boolean | null;
  /** Another process took more than NOISY_CORES during a run the verdict rests on. */
  noisy: boolean;
}

/** Cores' worth of other processes' CPU above which a run is called disturbed. */
export const NOISY_CORES = 0.25;

export interface BenchReport {
  startedAt: string;
  quick: boolean;
  settings: Record<string, unknown>;
  machine: Record<string, unknown>;
  disk: { commitsPerSecond: number; p50: number; p99: number; p999: number };
  imports: { slots: number; seconds: number }[];
  store: CeilingResult[];
  runs: RunRecord[];
  tail: TailRecord[];
  startup: Record<string, number[]>;
  bigStore: { counts: Record<string, number>; buildSeconds: number } | null;
  targets: Target[];
  seconds: number;
}

const f = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(digits);
const int = (v: number) => Math.round(v).toLocaleString("en-US");

export function findRun(
  report: Pick<BenchReport, "runs">,
  server: ServerKind,
  workload: Workload,
  connections: number,
): RunRecord | undefined {
  return report.runs.find(
    (r) => r.server === server && r.workload === workload && r.connections === connections,
  );
}

/** The store ceiling a workload is compared with: same slot pattern, same concurrency. */
export function storeCeilingFor(
  store: CeilingResult[],
  workload: Workload,
  connections: number,
): CeilingResult | undefined {
  const slot = workload === "contended" ? "hot" : "spread";
  return store.find(
    (s) => s.preload === undefined && s.slot === slot && s.inFlight === connections,
  );
}

interface Row {
  cells: string[];
}

function ratios(report: BenchReport, r: RunRecord) {
  const bare = findRun(report, "bare", "contended", r.connections);
  const store = storeCeilingFor(report.store, r.workload, r.connections);
  const fsync1 = findRun(report, "batch1", r.workload, r.connections);
  const isHold = r.workload === "contended" || r.workload === "spread";
  return {
    bare: bare && r.server !== "bare" ? r.rps / bare.rps : null,
    store: store && isHold && r.server !== "bare" ? r.rps / store.rps : null,
    fsync1: fsync1 && r.server === "group" ? r.rps / fsync1.rps : null,
  };
}

const RUN_HEADER = [
  "server", "workload", "conns", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors",
  "no seat", "peak RSS MiB", "anon MiB", "server CPU", "loadgen CPU", "others CPU", "÷ bare",
  "÷ store", "÷ fsync/req",
];

function runRows(report: BenchReport): Row[] {
  return report.runs.map((r) => {
    const x = ratios(report, r);
    const l = r.latency.all!;
    return {
      cells: [
        r.server, r.workload, String(r.connections), int(r.rps), f(l.p50), f(l.p99), f(l.p999),
        String(r.errors), String(r.refusedNoCapacity), f(r.peakRssMiB, 1), f(r.peakAnonMiB, 1),
        `${Math.round(r.serverCpu * 100)}%`, `${Math.round(r.loadgenCpu * 100)}%`,
        `${Math.round(r.othersCpu * 100)}%`,
        f(x.bare), f(x.store), f(x.fsync1),
      ],
    };
  });
}

const STORE_HEADER = ["store ceiling", "in flight", "preload", "holds/s", "p50 ms", "p99 ms",
  "p99.9 ms", "commits", "refused"];

function storeRows(report: BenchReport): Row[] {
  return report.store.map((s) => ({
    cells: [
      s.slot, String(s.inFlight), s.preload === undefined ? "–" : String(s.preload), int(s.rps),
      f(s.latency.p50), f(s.latency.p99), f(s.latency.p999), String(s.commits), String(s.refused),
    ],
  }));
}

function textTable(header: string[], rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map((r) => line(r.cells))].join("\n");
}

function markdownTable(header: string[], rows: Row[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const align = header.map((_, i) => (i < 2 ? "---" : "---:"));
  return [line(header), line(align), ...rows.map((r) => line(r.cells))].join("\n");
}

const pct = (share: number) => `${f(share * 100, 1)}%`;

function tailLines(report: BenchReport): string[] {
  return report.tail.map((t) => {
    const c = t.commits;
    const routes = t.routes.map((r) =>
      `${r.kind} p99 ${ms(r.clientP99)} at the client, ≤ ${f(r.serverP99AtMostMs, 1)} ms ` +
      `inside the server (${pct(r.serverOver2ms)} of ${int(r.serverCount)} over 2 ms)`
    );
    return `- ${t.workload === "spread" ? "Spread holds" : "Flow (hold, then confirm)"}, ` +
      `${int(t.requests)} requests: ${routes.join("; ")}. ${int(c.count)} commits ` +
      `(${f(c.writesPerCommit, 2)} writes each): COMMIT p50 ≤ ${f(c.p50AtMostMs, 2)} ms, ` +
      `p99 ≤ ${f(c.p99AtMostMs, 2)} ms; ${pct(c.over1ms)} over 1 ms, ` +
      `${pct(c.over2ms)} over 2 ms.` +
      (t.othersCpu > NOISY_CORES ? ` (Disturbed: others took ${f(t.othersCpu)} cores.)` : "");
  });
}

/** What other processes of the machine took while runs were measured. */
function interference(report: BenchReport): string {
  const others = report.runs.map((r) => r.othersCpu);
  const mean = others.reduce((a, b) => a + b, 0) / Math.max(1, others.length);
  const worst = Math.max(0, ...others);
  const verdict = worst > NOISY_CORES
    ? "the machine was shared: these numbers understate the service"
    : "the machine was otherwise quiet";
  return `other processes took ${f(mean)} cores on average during the measured runs ` +
    `(${f(worst)} at worst): ${verdict}`;
}

export function terminalReport(report: BenchReport): string {
  const targets = report.targets.map((t) =>
    `${t.met === null ? "  ?" : t.met ? " ok" : "NOT"}  ${t.name}: ${t.got} (target ${t.want})` +
    (t.noisy ? " [disturbed run]" : "")
  );
  return [
    textTable(RUN_HEADER, runRows(report)),
    "",
    textTable(STORE_HEADER, storeRows(report)),
    "",
    `disk (SQLite commit, synchronous=FULL, alone): ${int(report.disk.commitsPerSecond)}/s, ` +
      `p50 ${f(report.disk.p50, 3)} ms, p99 ${f(report.disk.p99, 3)} ms, ` +
      `p99.9 ${f(report.disk.p999, 3)} ms`,
    ...tailLines(report),
    ...report.imports.map((i) => `import of ${int(i.slots)} slots: ${f(i.seconds)} s`),
    ...Object.entries(report.startup).map(([k, v]) =>
      `first healthy answer, ${k} store: ${v.map((ms) => f(ms, 0)).join(", ")} ms`
    ),
    "",
    interference(report),
    "",
    ...targets,
  ].join("\n");
}

/** Wraps prose and list items at 100 columns; tables and headings stay as they are. */
function wrapMarkdown(text: string, width = 100): string {
  return text.split("\n").flatMap((line) => {
    if (line.length <= width || line.startsWith("|") || line.startsWith("#")) return [line];
    const indent = line.startsWith("- ") ? "  " : "";
    const out: string[] = [];
    let current = "";
    for (const word of line.split(" ")) {
      if (current !== "" && current.length + 1 + word.length > width) {
        out.push(current);
        current = indent + word;
      } else {
        current = current === "" ? word : `${current} ${word}`;
      }
    }
    return [...out, current];
  }).join("\n");
}

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const verdict = (t: Target) =>
    (t.met === null ? "not measured" : t.met ? "met" : "**not met**") +
    (t.noisy ? " (disturbed run)" : "");
  const targets = report.targets.map((t) => `| ${t.name} | ${t.want} | ${t.got} | ${verdict(t)} |`);
  return [
    `Run of ${report.startedAt}, ${f(report.seconds / 60, 1)} min in all` +
      (report.quick ? " (quick mode: numbers are not meaningful)" : "") + "; " +
      interference(report) + ".",
    "",
    "### Targets",
    "",
    "| target | wanted | this run | |",
    "| --- | --- | --- | --- |",
    ...targets,
    "",
    `A verdict marked "disturbed run" rests on a run during which other processes took ` +
      `more than ${NOISY_CORES} of a core: it tells more about the machine than the service.`,
    "",
    "### Workloads",
    "",
    "Latency is per request, as the load generator saw it (request written to response " +
      "read). `errors` are answers other than 200 and NO_CAPACITY_LEFT, plus socket " +
      "errors and timeouts; `no seat` counts NO_CAPACITY_LEFT. CPU is in shares of one " +
      "core; `others CPU` is what every other process of the machine took meanwhile. " +
      "`÷ bare` is req/s over the bare framework's at the same connections, " +
      "`÷ store` over the in-process store ceiling at the same number in flight, " +
      "`÷ fsync/req` over the same workload on the server with `--max-batch 1`. " +
      "`peak RSS` is the kernel's high-water mark of the whole resident set; `anon` the " +
      "highest anonymous part of it (sampled every 50 ms): the rest is file-backed, pages " +
      "of the executable itself mapped from disk.",
    "",
    markdownTable(RUN_HEADER, runRows(report)),
    "",
    "### The tail at one connection",
    "",
    "The same binary with a metrics token, one connection, after a warm-up: the load " +
      "generator's p99 beside the server's own histograms of the same requests (time from " +
      "the request's arrival to its answer) and of the group commits' COMMIT (the WAL " +
      "written and fsync'd). Histogram figures are bucket bounds: \"≤ 2\" means the " +
      "quantile lies in the bucket that ends at 2 ms.",
    "",
    ...tailLines(report),
    "",
    "### Store ceiling (in-process HoldService + Writer, no HTTP)",
    "",
    markdownTable(STORE_HEADER, storeRows(report)),
    "",
    "### Store, start-up, import",
    "",
    `- Disk: one SQLite commit (WAL, synchronous=FULL) at a time: ` +
      `${int(report.disk.commitsPerSecond)}/s, p50 ${f(report.disk.p50, 3)} ms, ` +
      `p99 ${f(report.disk.p99, 3)} ms, p99.9 ${f(report.disk.p999, 3)} ms.`,
    ...report.imports.map((i) =>
      `- \`porta-webhook import\` of ${int(i.slots)} slots into a fresh store: ${f(i.seconds)} s.`
    ),
    ...Object.entries(report.startup).map(([k, v]) =>
      `- First healthy answer after spawning the binary, ${k} store: ` +
      `${v.map((ms) => f(ms, 0)).join(", ")} ms.`
    ),
    ...(report.bigStore
      ? [`- Big store: ${Object.entries(report.bigStore.counts)
        .map(([t, n]) => `${int(n)} ${t}`).join(", ")}; built in ` +
        `${f(report.bigStore.buildSeconds, 0)} s.`]
      : []),
    "",
    "### Machine and settings",
    "",
    ...Object.entries(m).map(([k, v]) => `- ${k}: ${String(v).trim().replace(/\s+/g, " ")}`),
    ...Object.entries(report.settings).map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`),
  ].map((line) => wrapMarkdown(line)).join("\n");
}

export const latencyOf = (r: RunRecord | undefined, kind: string): LatencySummary | undefined =>
  r?.latency[kind];

const ms = (v: number | null | undefined) => `${f(v)} ms`;

/** The issue's targets, judged from this run's numbers (null: not measured). */
export function judge(report: Omit<BenchReport, "targets">): Target[] {
  const targets: Target[] = [];
  const add = (
    name: string,
    want: string,
    got: string,
    met: boolean | null,
    basis: (RunRecord | undefined)[] = [],
  ) => {
    const noisy = basis.some((r) => r !== undefined && r.othersCpu > NOISY_CORES);
    targets.push({ name, want, got, met, noisy });
  };
  const top = Math.max(...report.runs.map((r) => r.connections));

  const hot = findRun(report, "group", "contended", top);
  const bare = findRun(report, "bare", "contended", top);
  const one = findRun(report, "batch1", "contended", top);
  const okRps = (r: RunRecord | undefined) => (r ? r.rps : NaN);
  add(`contended holds at ${top} connections ÷ bare framework`, "≥ 0.50",
    f(okRps(hot) / okRps(bare)), hot && bare ? hot.rps / bare.rps >= 0.5 : null, [hot, bare]);
  add(`contended holds at ${top} connections, p99`, "< 10 ms",
    ms(hot?.latency.all?.p99), hot ? hot.latency.all!.p99! < 10 : null, [hot]);
  add(`contended holds at ${top} connections ÷ one fsync per request`, "≥ 5",
    f(okRps(hot) / okRps(one)), hot && one ? hot.rps / one.rps >= 5 : null, [hot, one]);

  const p99At1 = (name: string, r: RunRecord | undefined, kind: string) => {
    const p99 = latencyOf(r, kind)?.p99;
    add(`${name}, p99 at 1 connection`, "< 2 ms", ms(p99), p99 == null ? null : p99 < 2, [r]);
  };
  p99At1("hold (spread)", findRun(report, "group", "spread", 1), "hold");
  p99At1("hold (contended)", findRun(report, "group", "contended", 1), "hold");
  p99At1("confirm (in the flow)", findRun(report, "group", "flow", 1), "confirm");
  p99At1("cancel", findRun(report, "group", "cancel", 1), "cancel");

  const measured = report.runs.filter((r) => r.server !== "bare" && r.peakRssMiB !== null);
  const rss = measured.map((r) => r.peakRssMiB!);
  const peak = rss.length ? Math.max(...rss) : null;
  const anon = Math.max(...measured.map((r) => r.peakAnonMiB ?? NaN));
  const anonPart = Number.isFinite(anon) ? ` (its anonymous part: ${f(anon, 1)} MiB)` : "";
  add("peak RSS under load (any run)", "< 100 MB", `${f(peak, 1)} MiB${anonPart}`,
    peak === null ? null : peak * 1.048576 < 100,
    measured.filter((r) => r.peakRssMiB === peak));

  const starts = report.startup.small ?? [];
  const slowest = starts.length ? Math.max(...starts) : null;
  add("first healthy answer after start (slowest of the small store's starts)", "≤ 200 ms",
    ms(slowest), slowest === null ? null : slowest <= 200);

  const smallRun = findRun(report, "group", "spread", 1);
  const bigRun = findRun(report, "big", "spread", 1);
  const small = smallRun?.latency.hold;
  const big = bigRun?.latency.hold;
  const p50 = small && big ? big.p50! / small.p50! : null;
  const p99 = small && big ? big.p99! / small.p99! : null;
  add("hold latency at 1 connection, big store ÷ small store (p50; p99 beside it)", "≤ 1.20",
    `${f(p50)} (p99 ${f(p99)})`, p50 === null ? null : p50 <= 1.2, [smallRun, bigRun]);

  const largest = report.imports.at(-1);
  add(`import of ${largest ? int(largest.slots) : "?"} slots`, "< 10 s (100,000 slots)",
    `${f(largest?.seconds)} s`, largest ? largest.seconds < 10 : null);
  return targets;
}
