/**
 * @module store/checkpointer
 * Moves SQLite's WAL checkpoints off the event loop. Left to itself, SQLite
 * checkpoints inside whichever commit takes the WAL past 1,000 pages: that
 * commit copies the pages back into the database file and fsyncs it, on
 * the server's one thread, and the request waiting for it (and every other)
 * waits too. Here a Worker thread (store/checkpoint-worker.ts) does it on
 * its own connection, and the server's connection checkpoints only past
 * `SAFETY_PAGES`, a bound the worker normally keeps the WAL far below.
 *
 * Durability does not change: a commit is fsync'd into the WAL before its
 * answer, whoever copies it to the database file later. If the worker dies
 * or cannot start, that is logged and the server's connection checkpoints
 * as SQLite does by default; the service goes on either way.
 */
import type { Database } from "./database.ts";

/** SQLite's own threshold, restored when the worker is gone. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The server's own checkpoint threshold while the worker runs (about
 * 40 MiB of WAL): reached only if the worker stalls, or under a load that
 * never lets it catch up with the last commit.
 */
export const SAFETY_PAGES = 10_000;

/**
 * The longest pause between two passes of the worker (the pause shortens
 * as commits come faster). A pass with nothing to copy reads a few bytes
 * of shared memory.
 */
const INTERVAL_MS = 200;

/**
 * WAL pages after which the server's connection finishes a round itself
 * (see `restartWal`); at ten pages a commit, once every 400 commits or so.
 */
export const RESTART_PAGES = 4000;

/** A row of `PRAGMA wal_checkpoint`. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type ToWorker =
  | { type: "start"; path: string; intervalMs: number }
  | { type: "pass" }
  | { type: "stop" };

export type FromWorker =
  | ({ type: "checkpoint" | "passed" } & CheckpointResult)
  | { type: "stopped" };

/** What the checkpointer logs through; a pino logger is one. */
export interface CheckpointLog {
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface CheckpointerOptions {
  /** Longest pause between two checkpoint passes of the worker, in ms. */
  intervalMs?: number;
  /** How long `stop` waits for the worker to close its connection, in ms. */
  stopTimeoutMs?: number;
}

/**
 * The worker's entry point, which `bun run build` compiles into the
 * executable beside src/main.ts. Inside the executable every bundled
 * module's `import.meta.url` is the executable's own, at the root of the
 * bundle (src/, the entry points' common folder); from source it is this
 * file's.
 */
const WORKER_URL = import.meta.url.includes("/$bunfs/")
  ? new URL("./store/checkpoint-worker.ts", import.meta.url)
  : new URL("./checkpoint-worker.ts", import.meta.url);

export class Checkpointer {
  private readonly worker: Worker;
  private state: "running" | "stopping" | "gone" = "running";
  private stopped: (() => void) | null = null;
  /** Callers of `checkpoint`, in the order the worker answers them. */
  private passing: ((result: CheckpointResult | null) => void)[] = [];
  private passes = 0;

  constructor(
    private readonly db: Database,
    path: string,
    private readonly log: CheckpointLog,
    private readonly options: CheckpointerOptions = {},
  ) {
    db.run(`PRAGMA wal_autocheckpoint = ${SAFETY_PAGES}`);
    this.worker = new Worker(WORKER_URL.href, { smol: true });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.received(event.data);
    this.worker.addEventListener("error", (event) => {
      this.fallBack({ error: (event as ErrorEvent).message });
    });
    this.worker.addEventListener("close", () => {
      if (this.state === "running") this.fallBack({ error: "the worker exited" });
      this.gone();
    });
    const start: ToWorker = { type: "start", path, intervalMs: options.intervalMs ?? INTERVAL_MS };
    this.worker.postMessage(start);
  }

  /** Whether the worker still checkpoints (false once it died or stopped). */
  get running(): boolean {
    return this.state === "running";
  }

  /** Passes of the worker that copied pages, for tests and metrics. */
  get checkpoints(): number {
    return this.passes;
  }

  /**
   * One pass of the worker now, resolving with its result; null when the
   * worker is gone.
   */
  checkpoint(): Promise<CheckpointResult | null> {
    if (this.state !== "running") return Promise.resolve(null);
    return new Promise((resolve) => {
      this.passing.push(resolve);
      const pass: ToWorker = { type: "pass" };
      this.worker.postMessage(pass);
    });
  }

  /**
   * Stops the worker and waits until its connection is closed (or
   * `stopTimeoutMs` has passed), so that closing the server's connection
   * next, as the last one, checkpoints what is left and removes the WAL.
   */
  async stop(): Promise<void> {
    if (this.state !== "running") return;
    this.state = "stopping";
    const closed = new Promise<void>((resolve) => (this.stopped = resolve));
    const stop: ToWorker = { type: "stop" };
    this.worker.postMessage(stop);
    let timer: Timer | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.stopTimeoutMs ?? 2000);
    });
    await Promise.race([closed, timeout]);
    clearTimeout(timer);
    this.worker.terminate();
    this.gone();
  }

  private received(message: FromWorker): void {
    if (message.type === "stopped") {
      this.stopped?.();
      return;
    }
    const { busy, log, checkpointed } = message;
    if (message.type === "passed") this.passing.shift()?.({ busy, log, checkpointed });
    else this.passes++;
    this.log.debug({ log, checkpointed }, "wal checkpoint");
    if (log >= RESTART_PAGES && checkpointed === log) this.restartWal();
  }

  /**
   * The server's connection starts the WAL over from its head only if, at
   * the start of a commit, every page in it has been copied; a pass of the
   * worker that ends while a commit is under way (under load, nearly all)
   * leaves that commit's pages behind, and the WAL file grows instead. A
   * growing file costs every commit: its fsync must also write the new
   * size. So once the worker has caught up with a long WAL, this thread
   * copies the last few commits itself, between two callbacks of the event
   * loop: a few pages and one fsync, where SQLite's own checkpoint copies
   * a thousand pages.
   */
  private restartWal(): void {
    if (this.state !== "running") return;
    try {
      this.db.query("PRAGMA wal_checkpoint(PASSIVE)").get();
    } catch (error) {
      this.log.error({ err: error }, "wal checkpoint failed");
    }
  }

  /** The worker is gone while the server runs: SQLite's own checkpoints again. */
  private fallBack(fields: object): void {
    if (this.state !== "running") return;
    this.state = "gone";
    this.log.error(
      fields,
      "checkpoint worker failed: checkpoints run on the server's thread from now on",
    );
    try {
      this.db.run(`PRAGMA wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The store is closed already: nothing left to checkpoint.
    }
    this.worker.terminate();
    this.gone();
  }

  private gone(): void {
    this.state = "gone";
    this.stopped?.();
    this.stopped = null;
    for (const resolve of this.passing.splice(0)) resolve(null);
  }
}
