/**
 * @module store/database
 * Opens the SQLite file with explicit pragmas and brings its schema up to
 * date. Every write that touches seats runs through `writeTransaction`,
 * which is `BEGIN IMMEDIATE`: the write lock is taken before the first
 * read, so no two requests can both see the same free seat.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.ts";

export type { Database };

/** The store cannot be used: a path that cannot be opened, a newer schema. */
export class StoreError extends Error {
  override readonly name: string = "StoreError";
}

/** The file's schema is newer than this program knows. */
export class SchemaError extends StoreError {
  override readonly name = "SchemaError";
}

export interface OpenOptions {
  /** How long a writer waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database {
  let db: Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { create: true, strict: true });
  } catch (e) {
    throw new StoreError(`cannot open the store at ${path}: ${(e as Error).message}`);
  }
  try {
    // Before any pragma: journal_mode = WAL would already write to the file.
    refuseForeign(db, path);
    db.run("PRAGMA journal_mode = WAL");
    // FULL: with WAL, each commit is fsync'd before it returns, so a 200 is
    // never sent for a write that a power cut could take back.
    db.run("PRAGMA synchronous = FULL");
    db.run("PRAGMA foreign_keys = ON");
    db.run(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    migrate(db);
  } catch (e) {
    if (db.inTransaction) db.run("ROLLBACK");
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError(`cannot use the store at ${path}: ${(e as Error).message}`);
  }
  return db;
}

/**
 * A file with tables but no schema version is another program's database:
 * a mistyped --db must not turn it into a porta-webhook store.
 */
function refuseForeign(db: Database, path: string): void {
  const version = db.query<{ user_version: number }, []>("PRAGMA user_version").get()!;
  if (version.user_version > 0) return;
  const tables = db.query<{ n: number }, []>(
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'",
  ).get()!;
  if (tables.n > 0) {
    throw new StoreError(
      `${path} is another program's SQLite database (it has tables but no ` +
        "porta-webhook schema): refusing to change it",
    );
  }
}

function migrate(db: Database): void {
  const current = db.query<{ user_version: number }, []>("PRAGMA user_version")
    .get()!.user_version;

  if (current > SCHEMA_VERSION) {
    throw new SchemaError(
      `the database has schema version ${current}, newer than this ` +
        `program's ${SCHEMA_VERSION}: upgrade porta-webhook to open it`,
    );
  }

  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;

  db.transaction(() => {
    for (const m of pending) {
      db.run(m.sql);
      db.run(`PRAGMA user_version = ${m.version}`);
    }
  }).immediate();
}

/** Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`; it must not await. */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
