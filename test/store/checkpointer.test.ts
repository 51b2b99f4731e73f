/**
 * The checkpoint worker in-process (src/store/checkpointer.ts): it copies
 * commits into the database file, lets the WAL start over, stops cleanly,
 * and when it dies or cannot start, SQLite's own checkpoints take over.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Checkpointer,
  DEFAULT_AUTOCHECKPOINT_PAGES,
  SAFETY_PAGES,
} from "../../src/store/checkpointer.ts";
import { type Database as Store, openDatabase } from "../../src/store/database.ts";
import { rowsInMainFile } from "../support/checkpointed.ts";

/** A store file in a fresh directory, with a table of fat rows. */
function store() {
  const dir = mkdtempSync(join(tmpdir(), "porta-checkpoint-"));
  const path = join(dir, "store.db");
  const db = openDatabase(path);
  db.run("CREATE TABLE t (v TEXT NOT NULL) STRICT");
  return {
    dir,
    path,
    db,
    [Symbol.dispose]: () => {
      db.close(false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the checkpointer logged, and a way to wait for a line of it. */
class Log {
  readonly lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  private waiting: { match: (fields: Record<string, unknown>) => boolean; done: () => void }[] =
    [];

  debug = (fields: object, message: string) => this.add("debug", fields, message);
  error = (fields: object, message: string) => this.add("error", fields, message);

  /** Resolves at the next line whose fields match. */
  next(match: (fields: Record<string, unknown>) => boolean): Promise<void> {
    return new Promise((done) => this.waiting.push({ match, done }));
  }

  private add(level: string, fields: object, message: string): void {
    const f = fields as Record<string, unknown>;
    this.lines.push({ level, fields: f, message });
    this.waiting = this.waiting.filter((w) => !(w.match(f) && (w.done(), true)));
  }
}

const insert = (db: Store, n: number) => {
  for (let i = 0; i < n; i++) db.run("INSERT INTO t VALUES (?)", ["x".repeat(1000)]);
};

const checkpointedRows = (path: string, dir: string) => rowsInMainFile(path, dir, "t");

const walBytes = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

const autocheckpoint = (db: Store) =>
  db.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!
    .wal_autocheckpoint;

describe("checkpoints on a worker thread", () => {
  test("the worker copies commits into the database file on its timer", async () => {
    using s = store();
    const log = new Log();
    const checkpointer = new Checkpointer(s.db, s.path, log, { intervalMs: 5 });
    expect(autocheckpoint(s.db)).toBe(SAFETY_PAGES);

    // 300 commits: about 300 WAL pages, under SQLite's own threshold of
    // 1,000, so without the worker none of them would be in the file yet.
    insert(s.db, 300);
    // A copy taken while the worker writes the file may be torn: try again
    // after its next pass.
    const copied = () => {
      try {
        return checkpointedRows(s.path, s.dir);
      } catch {
        return -1;
      }
    };
    while (copied() !== 300) await log.next(() => true);
    expect(checkpointer.running).toBe(true);
    expect(checkpointer.checkpoints).toBeGreaterThan(0);
    expect(log.lines.at(-1)).toMatchObject({ level: "debug", message: "wal checkpoint" });

    await checkpointer.stop();
    expect(log.lines.filter((l) => l.level === "error")).toEqual([]);
  });

  test("once a pass has copied everything, the WAL starts over instead of growing", async () => {
    using s = store();
    const checkpointer = new Checkpointer(s.db, s.path, new Log(), { intervalMs: 60_000 });
    insert(s.db, 300);
    const first = (await checkpointer.checkpoint())!;
    expect(first.checkpointed).toBe(first.log);
    const size = walBytes(s.path);

    for (let round = 0; round < 5; round++) {
      insert(s.db, 300);
      // The same number of pages again, not ten times as many.
      const pass = (await checkpointer.checkpoint())!;
      expect(pass).toEqual({ busy: 0, log: pass.checkpointed, checkpointed: pass.checkpointed });
      expect(pass.log).toBeLessThanOrEqual(first.log + 2);
    }
    expect(walBytes(s.path)).toBeLessThanOrEqual(size + 2 * 4096);
    expect(checkpointedRows(s.path, s.dir)).toBe(1800);
    await checkpointer.stop();
  });

  test("stop closes the worker's connection, so closing the store's folds the WAL in", async () => {
    using s = store();
    const checkpointer = new Checkpointer(s.db, s.path, new Log(), { intervalMs: 1000 });
    insert(s.db, 200);
    await checkpointer.stop();
    expect(checkpointer.running).toBe(false);
    s.db.close();
    expect(walBytes(s.path)).toBe(0);
    expect(checkpointedRows(s.path, s.dir)).toBe(200);
  });

  test("a worker killed while serving is logged; SQLite's own checkpoints take over", async () => {
    using s = store();
    const log = new Log();
    const checkpointer = new Checkpointer(s.db, s.path, log, { intervalMs: 1000 });
    const failed = log.next((f) => "error" in f);
    (checkpointer as unknown as { worker: Worker }).worker.terminate();
    await failed;

    expect(checkpointer.running).toBe(false);
    expect(log.lines.at(-1)).toMatchObject({ level: "error" });
    expect(log.lines.at(-1)!.message).toContain("checkpoint worker failed");
    expect(autocheckpoint(s.db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);

    // Writes go on, and past SQLite's default bound (1,000 pages; the
    // worker's bound is ten times that) the server's connection checkpoints.
    insert(s.db, 1500);
    expect(walBytes(s.path)).toBeLessThan(5 * 1024 * 1024);
    expect(checkpointedRows(s.path, s.dir)).toBeGreaterThan(500);
    await checkpointer.stop();
  });

  test("a worker that cannot open the store is logged, and the server goes on", async () => {
    using s = store();
    const log = new Log();
    const failed = log.next((f) => "error" in f);
    const checkpointer = new Checkpointer(s.db, join(s.dir, "missing", "store.db"), log);
    await failed;
    expect(checkpointer.running).toBe(false);
    expect(autocheckpoint(s.db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    insert(s.db, 10);
    await checkpointer.stop();
  });
});
