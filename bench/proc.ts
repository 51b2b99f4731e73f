/**
 * @module bench/proc
 * Processes of a benchmark run: the server (the compiled binary, or a bun
 * script for the ceilings) and the load generator, each pinned to its own
 * core when `taskset` exists, so that on a 2-core machine they do not take
 * turns on one. Also what is read about a running server from /proc: its
 * peak RSS (VmHWM, reset between runs through clear_refs), the anonymous
 * and file-backed parts of its resident memory, and its CPU time.
 */
import type { Subprocess } from "bun";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BENCH_DIR = import.meta.dir;
export const SERVER_CPU = "1";
export const LOADGEN_CPU = "0";

const TASKSET = ["/usr/bin/taskset", "/bin/taskset"].find((p) => existsSync(p));
const NICE = ["/usr/bin/nice", "/bin/nice"].find((p) => existsSync(p));

/**
 * The priority the benchmark's processes run at: as root, well above
 * everything else, so that other work on a shared machine takes less of
 * their cores (it still shares the disk).
 */
export const NICENESS = process.getuid?.() === 0 && NICE ? -15 : 0;

/** Prefixes a command with `taskset -c CPU` and `nice` when the machine has them. */
export function pinned(cpu: string, cmd: string[]): string[] {
  const niced = NICENESS !== 0 ? [NICE!, "-n", String(NICENESS), ...cmd] : cmd;
  return TASKSET ? [TASKSET, "-c", cpu, ...niced] : niced;
}

export const isPinned = TASKSET !== undefined;

/** A port that was free a moment ago (the listener that found it is closed). */
export function freePort(): number {
  const probe = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: { data() {} },
  });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Milliseconds from `since` (performance.now()) to the first 2xx of `url`. */
export async function firstOk(
  url: string,
  headers: Record<string, string>,
  since: number,
  deadlineMs = 15_000,
): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.ok) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - since > deadlineMs) {
      throw new Error(`${url}: no 2xx answer within ${deadlineMs} ms`);
    }
    await Bun.sleep(1);
  }
}

/** A server process under test, and its /proc readings. */
export class Child {
  constructor(
    readonly proc: Subprocess,
    readonly url: string,
    /** Spawn to first healthy answer, in ms. */
    readonly startupMs: number,
  ) {}

  private procFile(name: string): string {
    return readFileSync(`/proc/${this.proc.pid}/${name}`, "utf8");
  }

  /** Starts a new peak-RSS window (Linux: writing 5 to clear_refs). */
  resetPeakRss(): boolean {
    try {
      writeFileSync(`/proc/${this.proc.pid}/clear_refs`, "5");
      return true;
    } catch {
      return false;
    }
  }

  /** VmHWM in MiB: the peak resident set since start or the last reset. */
  peakRssMiB(): number {
    const kb = /VmHWM:\s+(\d+) kB/.exec(this.procFile("status"))?.[1];
    return Number(kb) / 1024;
  }

  /**
   * Resident memory now, in MiB, in two parts: anonymous (the heap and
   * everything else the process allocated) and file-backed (pages of
   * mapped files, nearly all the executable's own code: clean, shared with
   * any other process running it, and dropped first under memory pressure).
   */
  memoryMiB(): { anon: number; file: number } {
    const status = this.procFile("status");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
    return { anon: kb("RssAnon") / 1024, file: kb("RssFile") / 1024 };
  }

  /**
   * Samples `memoryMiB` every `everyMs` until the returned function is
   * called, which returns the highest of each part (the kernel keeps a
   * peak of the whole resident set only).
   */
  watchMemory(everyMs = 50): () => { anon: number; file: number } {
    const peak = { anon: 0, file: 0 };
    const sample = () => {
      try {
        const now = this.memoryMiB();
        peak.anon = Math.max(peak.anon, now.anon);
        peak.file = Math.max(peak.file, now.file);
      } catch {
        // The process is gone: the peaks so far stand.
      }
    };
    sample();
    const timer = setInterval(sample, everyMs);
    return () => {
      clearInterval(timer);
      sample();
      return peak;
    };
  }

  async stop(): Promise<void> {
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    await this.proc.exited;
    clearTimeout(timer);
  }
}

export interface StartOptions {
  cmd: string[];
  /** Path answered with 2xx once the server is ready. */
  readyPath: string;
  port: number;
  headers?: Record<string, string>;
  logFile: string;
  cwd?: string;
}

/** Spawns a server pinned to its core, its output to a file, and waits until it answers. */
export async function startChild(options: StartOptions): Promise<Child> {
  const started = performance.now();
  const proc = Bun.spawn({
    cmd: pinned(SERVER_CPU, options.cmd),
    cwd: options.cwd,
    env: { PATH: Bun.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" },
    stdin: "ignore",
    stdout: Bun.file(options.logFile),
    stderr: Bun.file(`${options.logFile}.err`),
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    const ms = await firstOk(url + options.readyPath, options.headers ?? {}, started);
    return new Child(proc, url, ms);
  } catch (e) {
    proc.kill("SIGKILL");
    await proc.exited;
    const err = existsSync(`${options.logFile}.err`)
      ? readFileSync(`${options.logFile}.err`, "utf8")
      : "";
    throw new Error(`${options.cmd.join(" ")}: ${(e as Error).message}\n${err}`);
  }
}

export interface LatencySummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latency: Record<string, LatencySummary>;
  outcomes: Record<string, number>;
  socketErrors: number;
  timeouts: number;
  repeats: number;
  /** Shares of one core over the measured run. */
  loadgenCpu: number;
  serverCpu: number;
  othersCpu: number;
}

/** Runs bench/loadgen.mjs under Node on its own core with `spec`. */
export async function runLoad(spec: Record<string, unknown>, dir: string): Promise<LoadResult> {
  const specFile = join(dir, `spec-${crypto.randomUUID()}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const child = Bun.spawn({
    cmd: pinned(LOADGEN_CPU, ["node", join(BENCH_DIR, "loadgen.mjs"), specFile]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`loadgen exited ${code}:\n${err}`);
  return JSON.parse(out);
}
