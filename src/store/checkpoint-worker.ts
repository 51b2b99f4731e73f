/**
 * @module store/checkpoint-worker
 * The thread behind store/checkpointer.ts: its own connection to the
 * store, on which it runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs`. PASSIVE copies the WAL's committed pages back into the
 * database file and fsyncs it without taking the write lock, so the
 * server's commits go on meanwhile. Once a pass has copied everything, the
 * server's next commit starts the WAL over from its head.
 *
 * Messages in: `start` (once), `pass` (one pass now, answered `passed`),
 * `stop` (answered `stopped` once the connection is closed). Out, besides
 * those answers: `checkpoint` after a timer's pass that copied pages. Any
 * failure escapes as an uncaught error: the main thread sees the worker
 * die and falls back to SQLite's own checkpoints.
 */
import { Database } from "bun:sqlite";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import type { CheckpointResult, FromWorker, ToWorker } from "./checkpointer.ts";

declare const self: Worker;

/**
 * Pages a pass aims to copy. Each pass fsyncs the database file, and a
 * commit of the server's that meets that fsync waits longer for its own:
 * fewer, larger passes meet fewer commits. The pause between passes follows
 * the rate of commits, from `MIN_PAUSE_MS` under a heavy load to the
 * configured interval when idle.
 */
const TARGET_PAGES = 2000;
const MIN_PAUSE_MS = 20;

/**
 * The lowest CPU priority for this thread alone (Linux: a thread id is a
 * pid to setpriority). Copying pages costs CPU in bursts of a few ms; where
 * the server has one core (or is pinned to one, as in the benchmark), a
 * request must not wait behind them. The fsyncs are waits, not CPU, so
 * the checkpoints still keep up; if they ever fell behind, SAFETY_PAGES
 * bounds the WAL. Best effort: elsewhere the thread keeps its priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    if (Number.isInteger(tid) && tid !== process.pid) setPriority(tid, 19);
  } catch {
    // No /proc, or not allowed: the priority stays.
  }
}

let db: Database | null = null;
let timer: Timer | undefined;
let last: CheckpointResult | null = null;
let lastAt = performance.now();

function pass(): CheckpointResult {
  return db!.query<CheckpointResult, []>("PRAGMA wal_checkpoint(PASSIVE)").get()!;
}

/** Whether a pass found commits that the one before it had not seen. */
const copiedMore = (pass: CheckpointResult, before: CheckpointResult | null) =>
  pass.log !== before?.log || pass.checkpointed !== before.checkpointed;

const send = (message: FromWorker) => self.postMessage(message);

function onTimer(intervalMs: number): void {
  const now = performance.now();
  const result = pass();
  // A pass with nothing new to copy answers as the one before it.
  if (result.checkpointed > 0 && copiedMore(result, last)) {
    send({ type: "checkpoint", ...result });
  }
  // Pages written since the last pass; fewer than it saw: the WAL started over.
  const before = last?.log ?? 0;
  const fresh = result.log >= before ? result.log - before : result.log;
  const perMs = fresh / Math.max(1, now - lastAt);
  const pause = perMs > 0 ? TARGET_PAGES / perMs : intervalMs;
  last = result;
  lastAt = now;
  timer = setTimeout(
    () => onTimer(intervalMs),
    Math.min(intervalMs, Math.max(Math.min(MIN_PAUSE_MS, intervalMs), pause)),
  );
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "start":
      lowerPriority();
      // Never create: a store that is not there is a fault to report.
      db = new Database(message.path, { readwrite: true, strict: true });
      // A checkpoint fsyncs the database file before the WAL may be reused,
      // as the server's own would.
      db.run("PRAGMA synchronous = FULL");
      onTimer(message.intervalMs);
      break;
    case "pass":
      send({ type: "passed", ...pass() });
      break;
    case "stop":
      clearTimeout(timer);
      db?.close();
      db = null;
      send({ type: "stopped" });
      break;
  }
};
