import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, SchemaError, StoreError } from "../../src/store/database.ts";
import { SCHEMA_VERSION } from "../../src/store/migrations.ts";

const FIXTURES = join(import.meta.dir, "..", "fixtures");
const versions = readdirSync(FIXTURES)
  .map((f) => /^schema-v(\d+)\.db$/.exec(f)?.[1])
  .filter((v): v is string => v !== undefined);

interface Totals {
  held: number;
  booked: number;
  held_rows: number;
  booked_rows: number;
}

function scratchCopy(file: string): { path: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), "porta-migrate-"));
  const path = join(dir, "store.db");
  copyFileSync(file, path);
  return { path, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("schema migrations", () => {
  test("a database file is kept for every schema version up to this one", () => {
    expect(versions.map(Number).sort()).toContain(SCHEMA_VERSION);
  });

  test.each(versions)(
    "a database written at schema version %s opens, migrated forward, its bookings intact",
    (v) => {
      using copy = scratchCopy(join(FIXTURES, `schema-v${v}.db`));
      const db = openDatabase(copy.path);
      expect(
        db.query<{ user_version: number }, []>("PRAGMA user_version").get()!.user_version,
      ).toBe(SCHEMA_VERSION);
      expect(db.query("SELECT booking_id, status FROM bookings").all()).toEqual([
        { booking_id: "fixture-booking", status: "CONFIRMED" },
      ]);
      // The running seat totals (v3) start from the holds and bookings already there.
      const totals = db.query(`
        SELECT s.slot_pk, t.held, t.booked,
          (SELECT coalesce(sum(seats), 0) FROM holds h
            WHERE h.slot_pk = s.slot_pk AND h.status = 'HELD') AS held_rows,
          (SELECT coalesce(sum(seats), 0) FROM bookings b
            WHERE b.slot_pk = s.slot_pk AND b.status = 'CONFIRMED') AS booked_rows
        FROM slots s LEFT JOIN slot_seats t USING (slot_pk)`).all() as Totals[];
      expect(totals.length).toBeGreaterThan(0);
      for (const t of totals) expect([t.held, t.booked]).toEqual([t.held_rows, t.booked_rows]);
      expect(totals.some((t) => t.held > 0) && totals.some((t) => t.booked > 0)).toBe(true);
      expect(db.query<{ ok: string }, []>("PRAGMA integrity_check").get()).toEqual({
        integrity_check: "ok",
      } as never);
      db.close();
    },
  );

  test("a database from a newer version is refused with a clear message and left unchanged", () => {
    using copy = scratchCopy(join(FIXTURES, `schema-v${SCHEMA_VERSION}.db`));
    const db = openDatabase(copy.path);
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(copy.path)).toThrow(SchemaError);
    expect(() => openDatabase(copy.path)).toThrow(/newer than this program's/);
  });
});

describe("opening a file that is not a porta-webhook store", () => {
  test("another program's database is refused and left untouched", () => {
    using copy = scratchCopy(join(FIXTURES, `schema-v${SCHEMA_VERSION}.db`));
    const other = new Database(copy.path + ".other", { create: true });
    other.run("CREATE TABLE customers (name TEXT)");
    other.close();
    expect(() => openDatabase(copy.path + ".other")).toThrow(/another program's SQLite database/);
    const after = new Database(copy.path + ".other", { readonly: true });
    expect(after.query("SELECT name FROM sqlite_master").all()).toEqual([{ name: "customers" }]);
    after.close();
  });

  test("a file that is not a database is a StoreError, not a crash", () => {
    using copy = scratchCopy(join(FIXTURES, `schema-v${SCHEMA_VERSION}.db`));
    writeFileSync(copy.path, "not a database");
    expect(() => openDatabase(copy.path)).toThrow(StoreError);
  });
});
