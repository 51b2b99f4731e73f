/**
 * @module store/writer
 * Group commit. Every write to the store goes through `write(job)`: jobs
 * that arrive while the store is busy (within one turn of the event loop,
 * up to `maxBatch` of them) share one `BEGIN IMMEDIATE … COMMIT` and so
 * one fsync. Each job runs in its own savepoint, in arrival order, so it
 * sees exactly what it would have seen alone, and a job that throws rolls
 * back only its own changes. No job's promise settles before the shared
 * COMMIT has returned, i.e. before its write is on disk.
 *
 * A lone request is not delayed: the batch is flushed on the next
 * `setImmediate`, which runs as soon as the current I/O callbacks are done.
 * Jobs are synchronous (bun:sqlite is), so nothing interleaves inside a batch.
 *
 * When another process holds the write lock (an import, a backup's
 * checkpoint), BEGIN IMMEDIATE answers SQLITE_BUSY at once (the server opens
 * the store with a short busy timeout) and the batch is retried on a timer,
 * up to `lockWaitMs`. Waiting inside SQLite's own busy handler would block
 * the event loop: no health check, no docs, no signal while the lock is held.
 */
import type { Database } from "./database.ts";

export interface WriterOptions {
  /** Most jobs sharing one commit; 1 gives one transaction per request. */
  maxBatch?: number;
  /** How long a batch waits for another process's write lock, in ms. */
  lockWaitMs?: number;
}

const isBusy = (error: unknown) => (error as { code?: string })?.code === "SQLITE_BUSY";

export type Settled<T = unknown> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs in the same transaction right after its job, whether the job
 * succeeded or failed (its changes then already rolled back): the place to
 * record the outcome, e.g. in the audit trail, in the same commit.
 */
export type AfterJob<T> = (outcome: Settled<T>) => void;

/** What one committed batch cost; handed to the writer's observer. */
export interface CommitTiming {
  /** Jobs the batch held. */
  jobs: number;
  /** The COMMIT statement alone: the WAL written and fsync'd, in seconds. */
  commitSeconds: number;
}

interface Pending {
  job: () => unknown;
  after?: AfterJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export class Writer {
  private readonly maxBatch: number;
  private readonly lockWaitMs: number;
  /** Prepared once: `db.run(sql)` would compile each statement per job. */
  private readonly sql;
  /** When the batch at the queue's head first found the lock taken. */
  private lockedSince: number | null = null;
  private queue: Pending[] = [];
  private scheduled = false;
  private drained: (() => void)[] = [];
  private batches = 0;
  private jobs = 0;
  private observer: ((timing: CommitTiming) => void) | null = null;

  constructor(
    private readonly db: Database,
    options: WriterOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 128);
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
    // query(), not prepare(): cached statements are finalized by close().
    const statement = (text: string) => db.query<never, []>(text);
    this.sql = {
      begin: statement("BEGIN IMMEDIATE"),
      commit: statement("COMMIT"),
      savepoint: statement("SAVEPOINT job"),
      release: statement("RELEASE job"),
      rollbackTo: statement("ROLLBACK TO job"),
    };
  }

  write<T>(job: () => T, after?: AfterJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        job,
        after: after as AfterJob<unknown> | undefined,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.schedule();
    });
  }

  /** Batches and jobs committed so far, for metrics and benchmarks. */
  stats(): { batches: number; jobs: number } {
    return { batches: this.batches, jobs: this.jobs };
  }

  /**
   * Calls `observer` after every committed batch with what it cost (for
   * metrics: the commit's share is the disk's fsync). One observer; a
   * second call replaces the first.
   */
  observe(observer: (timing: CommitTiming) => void): void {
    this.observer = observer;
  }

  /** Resolves once every write queued so far has committed or failed. */
  drain(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      try {
        this.flush();
      } finally {
        if (!this.scheduled) for (const resolve of this.drained.splice(0)) resolve();
      }
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;

    try {
      this.sql.begin.run();
    } catch (error) {
      if (this.retryLater(batch, error)) return;
      for (const p of batch) p.reject(error);
      if (this.queue.length > 0) this.schedule();
      return;
    }
    this.lockedSince = null;
    if (this.queue.length > 0) this.schedule();

    let settled: Settled[];
    let committing: number;
    try {
      [settled, committing] = this.commit(batch);
    } catch (error) {
      // BEGIN or COMMIT failed (lock timeout, disk full): nothing of the
      // batch is on disk, so every job fails.
      for (const p of batch) p.reject(error);
      return;
    }
    this.batches++;
    this.jobs += batch.length;
    const commitSeconds = (performance.now() - committing) / 1000;
    batch.forEach((p, i) => {
      const s = settled[i]!;
      if (s.ok) p.resolve(s.value);
      else p.reject(s.error);
    });
    try {
      this.observer?.({ jobs: batch.length, commitSeconds });
    } catch {
      // Metrics never fail a write, nor stop the writer's next batch.
    }
  }

  /**
   * Puts a batch that found the write lock taken back at the head of the
   * queue and tries again shortly, unless it has waited `lockWaitMs`.
   */
  private retryLater(batch: Pending[], error: unknown): boolean {
    const now = performance.now();
    this.lockedSince ??= now;
    if (!isBusy(error) || now - this.lockedSince >= this.lockWaitMs) {
      this.lockedSince = null;
      return false;
    }
    this.queue.unshift(...batch);
    const waited = now - this.lockedSince;
    this.schedule(Math.min(50, 2 + waited / 10));
    return true;
  }

  /**
   * Runs the batch's jobs inside the transaction BEGIN has opened, and
   * commits; returns their outcomes and when COMMIT began.
   */
  private commit(batch: Pending[]): [Settled[], number] {
    const { db, sql } = this;
    try {
      const settled = batch.map((p): Settled => {
        sql.savepoint.run();
        try {
          const value = p.job();
          p.after?.({ ok: true, value });
          sql.release.run();
          return { ok: true, value };
        } catch (error) {
          sql.rollbackTo.run();
          try {
            p.after?.({ ok: false, error });
          } finally {
            sql.release.run();
          }
          return { ok: false, error };
        }
      });
      const committing = performance.now();
      sql.commit.run();
      return [settled, committing];
    } catch (error) {
      if (db.inTransaction) db.run("ROLLBACK");
      throw error;
    }
  }
}
