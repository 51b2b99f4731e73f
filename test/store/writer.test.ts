import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/database.ts";
import { Writer } from "../../src/store/writer.ts";
import { Harness, holdBody } from "../support/harness.ts";

const fresh = () => {
  const db = openDatabase(":memory:");
  db.run("CREATE TABLE t (v TEXT NOT NULL) STRICT");
  return db;
};
const rows = (db: ReturnType<typeof fresh>) =>
  db
    .query<{ v: string }, []>("SELECT v FROM t ORDER BY rowid")
    .all()
    .map((r) => r.v);

describe("group commit", () => {
  test("jobs queued together share one commit, in arrival order", async () => {
    const db = fresh();
    const writer = new Writer(db);
    const insert = (v: string) => () => db.run("INSERT INTO t VALUES (?)", [v]);
    await Promise.all(["a", "b", "c"].map((v) => writer.write(insert(v))));
    expect(rows(db)).toEqual(["a", "b", "c"]);
    expect(writer.stats()).toEqual({ batches: 1, jobs: 3 });
  });

  test("a failing job inside a batch rolls back only its own changes", async () => {
    const db = fresh();
    const writer = new Writer(db);
    const results = await Promise.allSettled([
      writer.write(() => db.run("INSERT INTO t VALUES ('first')")),
      writer.write(() => {
        db.run("INSERT INTO t VALUES ('doomed')");
        throw new Error("refused");
      }),
      writer.write(() => rows(db)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // The third job saw the first's row and not the failed one's.
    expect((results[2] as PromiseFulfilledResult<string[]>).value).toEqual(["first"]);
    expect(rows(db)).toEqual(["first"]);
    expect(writer.stats().batches).toBe(1);
  });

  test("tells its observer what each commit held and how long COMMIT took", async () => {
    const db = fresh();
    const writer = new Writer(db, { maxBatch: 2 });
    const seen: { jobs: number; commitSeconds: number }[] = [];
    writer.observe((timing) => seen.push(timing));
    await Promise.all(
      ["a", "b", "c"].map((v) => writer.write(() => db.run("INSERT INTO t VALUES (?)", [v]))),
    );
    expect(seen.map((t) => t.jobs)).toEqual([2, 1]);
    for (const t of seen) expect(t.commitSeconds).toBeGreaterThan(0);
  });

  test("an observer that throws fails no write and stops no later batch", async () => {
    const db = fresh();
    const writer = new Writer(db, { maxBatch: 1 });
    writer.observe(() => {
      throw new Error("metrics broke");
    });
    const insert = (v: string) => () => db.run("INSERT INTO t VALUES (?)", [v]);
    await Promise.all([writer.write(insert("a")), writer.write(insert("b"))]);
    await writer.write(insert("c"));
    expect(rows(db)).toEqual(["a", "b", "c"]);
  });

  test("a batch never grows past maxBatch", async () => {
    const db = fresh();
    const writer = new Writer(db, { maxBatch: 2 });
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((v) =>
        writer.write(() => db.run("INSERT INTO t VALUES (?)", [v])),
      ),
    );
    expect(rows(db)).toEqual(["a", "b", "c", "d", "e"]);
    expect(writer.stats()).toEqual({ batches: 3, jobs: 5 });
  });

  test("when the commit cannot begin, every job fails and nothing is written", async () => {
    const db = fresh();
    const writer = new Writer(db);
    db.run("BEGIN"); // a transaction already open makes BEGIN IMMEDIATE fail
    const results = await Promise.allSettled([
      writer.write(() => db.run("INSERT INTO t VALUES ('x')")),
      writer.write(() => db.run("INSERT INTO t VALUES ('y')")),
    ]);
    db.run("ROLLBACK");
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(rows(db)).toEqual([]);
  });

  test("parallel holds in one batch get the answers they would have had one by one", async () => {
    using h = new Harness();
    // s-1500 has 4 seats: the first two holds of 2 fit, the third is refused.
    const bodies = [1, 2, 3].map(() => holdBody());
    const answers = await Promise.all(bodies.map((b) => h.hold(b)));
    expect(answers.map((a) => (a.status === 200 ? "ok" : a.body.code))).toEqual([
      "ok",
      "ok",
      "NO_CAPACITY_LEFT",
    ]);
  });
});

describe("another process's write lock", () => {
  const pair = () => {
    const dir = mkdtempSync(join(tmpdir(), "porta-writer-"));
    const path = join(dir, "store.db");
    const ours = openDatabase(path);
    ours.run("CREATE TABLE t (v TEXT NOT NULL) STRICT");
    ours.run("PRAGMA busy_timeout = 0");
    const theirs = new Database(path);
    return { ours, theirs, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
  };

  test("a batch that finds the lock taken waits for it on a timer, then commits", async () => {
    using p = pair();
    const writer = new Writer(p.ours, { lockWaitMs: 5_000 });
    p.theirs.run("BEGIN IMMEDIATE");
    const written = writer.write(() => p.ours.run("INSERT INTO t VALUES ('after')"));

    // The event loop stays free while the batch waits, so this timer can
    // run: it sees nothing written yet, then releases the lock.
    let beforeRelease: string[] | null = null;
    setTimeout(() => {
      beforeRelease = rows(p.ours);
      p.theirs.run("COMMIT");
    }, 20);
    await written;
    expect(beforeRelease).toEqual([] as never);
    expect(rows(p.ours)).toEqual(["after"]);
  });

  test("past lockWaitMs the batch fails with SQLITE_BUSY and writes nothing", async () => {
    using p = pair();
    const writer = new Writer(p.ours, { lockWaitMs: 40 });
    p.theirs.run("BEGIN IMMEDIATE");
    const written = writer.write(() => p.ours.run("INSERT INTO t VALUES ('never')"));
    expect(written).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    await written.catch(() => {});
    p.theirs.run("COMMIT");
    expect(rows(p.ours)).toEqual([]);
  });
});
