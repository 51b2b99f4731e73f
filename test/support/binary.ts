/**
 * End-to-end support: the compiled `dist/porta-webhook`, built once per test
 * run when it is missing or older than its sources, started as a real child
 * process from a fresh temporary directory (the binary must run from
 * anywhere), and a small PORTA client that talks to it over HTTP.
 *
 * Nothing here sleeps: every wait is on the child's output or exit, with a
 * deadline that fails the test and shows what the child printed.
 */
import type { Subprocess } from "bun";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(ROOT, "dist", "porta-webhook");
export const KEY = "e2e-key-0123456789";

const START_DEADLINE_MS = 15_000;
const STOP_DEADLINE_MS = 10_000;
const COMMAND_DEADLINE_MS = 30_000;

/** The newest modification time among src/ and package.json (its version is baked in). */
function newestSourceMtime(): number {
  const src = join(ROOT, "src");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" })
    .map((f) => join(src, f))
    .concat(join(ROOT, "package.json"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

let built = false;

/** Builds dist/porta-webhook unless it is newer than every source file. */
export function ensureBinary(): string {
  if (built) return BINARY;
  let binaryMtime = -Infinity;
  try {
    binaryMtime = statSync(BINARY).mtimeMs;
  } catch {
    // Missing: build it.
  }
  if (binaryMtime < newestSourceMtime()) {
    const result = Bun.spawnSync([process.execPath, "run", "build"], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      timeout: 120_000,
    });
    if (result.exitCode !== 0) {
      throw new Error(
        `bun run build failed (exit ${result.exitCode}):\n` +
          result.stdout.toString() + result.stderr.toString(),
      );
    }
  }
  built = true;
  return BINARY;
}

/** A temporary directory, removed on dispose. */
export class TempDir implements Disposable {
  readonly path = mkdtempSync(join(tmpdir(), "porta-e2e-"));

  file(name: string): string {
    return join(this.path, name);
  }

  [Symbol.dispose](): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/**
 * The environment a child gets: only what a shell would need, so that the
 * tester's own PORTA_WEBHOOK_* variables cannot change what a test sees.
 */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: Bun.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...extra };
}

/** Collects a stream's lines as they arrive, and lets a test wait for one. */
class LineCollector {
  readonly lines: string[] = [];
  readonly ended: Promise<void>;
  private finished = false;
  private readonly listeners = new Set<() => void>();

  constructor(stream: ReadableStream<Uint8Array>) {
    this.ended = this.pump(stream);
  }

  private async pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of stream) {
      const parts = (partial + decoder.decode(chunk, { stream: true })).split("\n");
      partial = parts.pop()!;
      this.lines.push(...parts);
      this.notify();
    }
    partial += decoder.decode();
    if (partial !== "") this.lines.push(partial);
    this.finished = true;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves with the first line (already seen or to come) that matches. */
  waitFor(match: (line: string) => boolean, what: string, ms: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (finish: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(look);
        finish();
      };
      const look = () => {
        const line = this.lines.find(match);
        if (line !== undefined) done(() => resolve(line));
        else if (this.finished) done(() => reject(new Error(`output ended before ${what}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${what} within ${ms} ms`))),
        ms,
      );
      this.listeners.add(look);
      look();
    });
  }
}

/** A log line parsed as JSON, or null for any other line. */
export function jsonLine(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line);
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: Timer | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// A safety net for a test runner that dies with servers still running.
const running = new Set<Subprocess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface Answer {
  status: number;
  body: any;
}

export interface ServeOptions {
  /** The --key to pass; null starts the server with no key configured. */
  key?: string | null;
  /** The store; by default a fresh file in the server's own directory. */
  db?: string;
  args?: string[];
  env?: Record<string, string>;
}

/** A running `porta-webhook serve`, killed on dispose whatever happened. */
export class Server implements AsyncDisposable, Disposable {
  private constructor(
    readonly url: string,
    readonly process: Subprocess<"ignore", "pipe", "pipe">,
    private readonly stdout: LineCollector,
    private readonly stderr: LineCollector,
    private readonly dir: TempDir,
    readonly key: string | null,
  ) {}

  static async start(options: ServeOptions = {}): Promise<Server> {
    const dir = new TempDir();
    const key = options.key === undefined ? KEY : options.key;
    const cmd = [
      ensureBinary(),
      "serve",
      "--port", "0",
      "--host", "127.0.0.1",
      "--db", options.db ?? dir.file("store.db"),
      ...(key === null ? [] : ["--key", key]),
      ...(options.args ?? []),
    ];
    const child = Bun.spawn({
      cmd,
      cwd: dir.path,
      env: childEnv(options.env),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    running.add(child);
    const stdout = new LineCollector(child.stdout);
    const stderr = new LineCollector(child.stderr);

    try {
      const line = await stdout.waitFor(
        (l) => jsonLine(l)?.msg === "listening",
        'the "listening" log line',
        START_DEADLINE_MS,
      );
      const url = jsonLine(line)!.url;
      if (typeof url !== "string") throw new Error(`no url in ${line}`);
      return new Server(url, child, stdout, stderr, dir, key);
    } catch (e) {
      child.kill("SIGKILL");
      running.delete(child);
      await child.exited;
      dir[Symbol.dispose]();
      throw new Error(
        `${cmd.join(" ")}: ${(e as Error).message}\n` +
          `stdout:\n${stdout.lines.join("\n")}\nstderr:\n${stderr.lines.join("\n")}`,
      );
    }
  }

  /** Waits for a line of the server's stdout or stderr, seen or to come. */
  waitForLine(
    stream: "stdout" | "stderr",
    match: (line: string) => boolean,
    what: string,
  ): Promise<string> {
    return this[stream].waitFor(match, what, START_DEADLINE_MS);
  }

  get stdoutLines(): readonly string[] {
    return this.stdout.lines;
  }

  get stderrLines(): readonly string[] {
    return this.stderr.lines;
  }

  /** Sends one request, with this server's key unless headers say otherwise. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const init: RequestInit = {
      method,
      headers: {
        ...(this.key === null ? {} : { "x-webhook-key": this.key }),
        "content-type": "application/json",
        ...headers,
      },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(this.url + path, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  hold = (body: unknown) => this.request("POST", "/hold", body);
  confirm = (body: unknown) => this.request("POST", "/booking", body);
  cancel = (body: unknown) => this.request("DELETE", "/booking", body);

  /**
   * SIGTERM, then waits for the exit and for both output streams to close,
   * so that everything the server printed is in stdoutLines/stderrLines.
   * Returns the exit code (null when a signal ended it).
   */
  async stop(): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill("SIGTERM");
    }
    try {
      await within(this.process.exited, STOP_DEADLINE_MS, "stopping the server");
    } finally {
      this.kill();
    }
    await within(
      Promise.all([this.stdout.ended, this.stderr.ended]),
      STOP_DEADLINE_MS,
      "closing the server's output",
    );
    return this.process.exitCode;
  }

  private kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill("SIGKILL");
    }
    running.delete(this.process);
  }

  [Symbol.dispose](): void {
    this.kill();
    this.dir[Symbol.dispose]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.kill();
    await this.process.exited;
    this.dir[Symbol.dispose]();
  }
}

/** Starts `porta-webhook serve` on a free port; see ServeOptions. */
export const startServer = (options?: ServeOptions) => Server.start(options);

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one porta-webhook command to completion, from a fresh directory. */
export async function runCommand(
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<CommandResult> {
  using dir = new TempDir();
  const child = Bun.spawn({
    cmd: [ensureBinary(), ...args],
    cwd: dir.path,
    env: childEnv(options.env),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: COMMAND_DEADLINE_MS,
    killSignal: "SIGKILL",
  });
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { exitCode: child.exitCode, stdout, stderr };
}
