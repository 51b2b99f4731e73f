import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { backup, BackupError, restore } from "../../src/store/backup.ts";
import { openDatabase } from "../../src/store/database.ts";
import { lockLine, lockStore, StoreInUseError } from "../../src/store/lock.ts";
import { SCHEMA_VERSION } from "../../src/store/migrations.ts";
import { bookingBody, Harness, holdBody } from "../support/harness.ts";

const bookingIds = (path: string) => {
  const db = openDatabase(path);
  const ids = db.query<{ booking_id: string }, []>("SELECT booking_id FROM bookings ORDER BY 1")
    .all().map((r) => r.booking_id);
  db.close();
  return ids;
};

describe("backup and restore", () => {
  test("a backup taken while the store is open holds every booking, and restores", async () => {
    using h = new Harness();
    for (const id of ["b-1", "b-2"]) {
      const hold = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] });
      await h.hold(hold);
      expect((await h.confirm(bookingBody(hold, { booking_id: id }))).status).toBe(200);
    }
    const copy = join(h.dir, "copy.db");
    expect(backup(join(h.dir, "store.db"), copy)).toMatchObject({
      schema_version: SCHEMA_VERSION,
      bookings: 2,
    });

    const target = join(h.dir, "restored.db");
    writeFileSync(`${target}-wal`, "a stale WAL that must not be replayed");
    expect(restore(copy, target).bookings).toBe(2);
    expect(bookingIds(target)).toEqual(["b-1", "b-2"]);
  });

  // Regression: both were 0644 under a usual umask, holders' data and all.
  test("a backup and a restored store are readable by their owner alone", () => {
    using h = new Harness();
    const mask = process.umask(0o022);
    try {
      const copy = join(h.dir, "copy.db");
      backup(join(h.dir, "store.db"), copy);
      const target = join(h.dir, "restored.db");
      restore(copy, target);
      expect([copy, target].map((f) => (statSync(f).mode & 0o777).toString(8)))
        .toEqual(["600", "600"]);
    } finally {
      process.umask(mask);
    }
  });

  test("backup refuses to overwrite a file", () => {
    using h = new Harness();
    const copy = join(h.dir, "copy.db");
    backup(join(h.dir, "store.db"), copy);
    expect(() => backup(join(h.dir, "store.db"), copy)).toThrow(BackupError);
  });

  test("restore refuses while a server holds the store, and a newer backup", () => {
    using h = new Harness();
    const copy = join(h.dir, "copy.db");
    backup(join(h.dir, "store.db"), copy);

    const target = join(h.dir, "served.db");
    const sleeper = Bun.spawn(["sleep", "30"]);
    writeFileSync(`${target}.pid`, lockLine(sleeper.pid));
    try {
      expect(() => restore(copy, target)).toThrow(StoreInUseError);
      expect(() => lockStore(target)).toThrow(/in use by another porta-webhook/);
    } finally {
      sleeper.kill();
    }

    const db = openDatabase(copy);
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => restore(copy, join(h.dir, "other.db"))).toThrow(/newer than this program's/);
  });

  test("a pid file naming a live process that is not the server it recorded is taken over", () => {
    using h = new Harness();
    const target = join(h.dir, "reused.db");
    writeFileSync(`${target}.pid`, "1\n");
    lockStore(target)();
  });

  test("a symlink to a served store finds the server's lock", () => {
    using h = new Harness();
    const target = join(h.dir, "served.db");
    const link = join(h.dir, "link.db");
    openDatabase(target).close();
    symlinkSync(target, link);
    const unlock = lockStore(target);
    const sleeper = Bun.spawn(["sleep", "30"]);
    try {
      writeFileSync(`${target}.pid`, lockLine(sleeper.pid));
      expect(() => lockStore(link)).toThrow(StoreInUseError);
    } finally {
      sleeper.kill();
      unlock();
    }
  });

  test("a pid file left by a killed server is taken over", () => {
    using h = new Harness();
    const target = join(h.dir, "crashed.db");
    const dead = Bun.spawnSync(["true"]).pid;
    writeFileSync(`${target}.pid`, `${dead}\n`);
    const unlock = lockStore(target);
    unlock();
  });
});

describe("restore refuses what would lose bookings", () => {
  test.each([
    ["an empty file", (path: string) => writeFileSync(path, "")],
    ["garbage", (path: string) => writeFileSync(path, "not a database at all, just text")],
    ["another program's SQLite file", (path: string) => {
      const other = new Database(path);
      other.run("CREATE TABLE x (a)");
      other.close();
    }],
  ])("%s is refused, and the store is left as it was", async (_what, make) => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);
    await h.confirm(bookingBody(hold, { booking_id: "kept" }));
    const live = join(h.dir, "store.db");
    const bad = join(h.dir, "bad.db");
    make(bad);
    expect(() => restore(bad, live)).toThrow(BackupError);
    expect(bookingIds(live)).toEqual(["kept"]);
  });

  test("a backup with fewer bookings than the store needs --force", async () => {
    using h = new Harness();
    const live = join(h.dir, "store.db");
    const old = join(h.dir, "old.db");
    backup(live, old);
    const hold = holdBody();
    await h.hold(hold);
    await h.confirm(bookingBody(hold, { booking_id: "newer" }));

    expect(() => restore(old, live)).toThrow(/holds 1 bookings, the backup 0/);
    expect(bookingIds(live)).toEqual(["newer"]);
    h.db.close();
    expect(restore(old, live, true).bookings).toBe(0);
  });
});

describe("restoring over a damaged store", () => {
  test("is refused with a pointer to --force, and done with it", async () => {
    using h = new Harness();
    const copy = join(h.dir, "copy.db");
    backup(join(h.dir, "store.db"), copy);
    const damaged = join(h.dir, "damaged.db");
    writeFileSync(damaged, "this was a store until the disk failed");

    expect(() => restore(copy, damaged)).toThrow(/pass --force/);
    expect(restore(copy, damaged, true).schema_version).toBe(SCHEMA_VERSION);
  });
});
