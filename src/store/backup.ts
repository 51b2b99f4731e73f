/**
 * @module store/backup
 * `backup` takes a consistent copy of a live store with `VACUUM INTO`,
 * which reads one snapshot of the database (WAL lets the server go on
 * writing meanwhile). `restore` puts a copy back while the service is
 * stopped, after checking that the copy is sound and not from a newer
 * version; the swap is a rename, so a failed restore leaves the old file.
 */
import { Database } from "bun:sqlite";
import { closeSync, existsSync, openSync, renameSync, rmSync } from "node:fs";
import { SCHEMA_VERSION } from "./migrations.ts";
import { openDatabase } from "./database.ts";
import { serverPid, StoreInUseError } from "./lock.ts";

export class BackupError extends Error {
  override readonly name = "BackupError";
}

export interface BackupSummary {
  path: string;
  schema_version: number;
  bookings: number;
  bytes: number;
}

const STORE_TABLES = ["meta", "experiences", "slots", "holds", "bookings", "tickets"];

/** What a store file holds; refuses anything that is not a sound porta-webhook store. */
function summarize(path: string): BackupSummary {
  let db: Database;
  try {
    db = new Database(path, { readonly: true, strict: true });
  } catch (e) {
    throw new BackupError(`cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    const check = db.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get();
    if (check?.integrity_check !== "ok") {
      throw new BackupError(`${path} failed its integrity check: ${check?.integrity_check}`);
    }
    const version = db.query<{ user_version: number }, []>("PRAGMA user_version").get()!;
    const tables = new Set(
      db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all().map((t) => t.name),
    );
    const missing = STORE_TABLES.filter((t) => !tables.has(t));
    if (version.user_version < 1 || missing.length > 0) {
      throw new BackupError(`${path} is not a porta-webhook store`);
    }
    const bookings = db.query<{ n: number }, []>("SELECT count(*) AS n FROM bookings").get()!.n;
    return {
      path,
      schema_version: version.user_version,
      bookings,
      bytes: Bun.file(path).size,
    };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${path} is not a sound porta-webhook store: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * The store a restore would replace. One that cannot be read (the usual
 * reason to restore) is replaced only with `force`, which says so.
 */
function readableStore(dbPath: string, force: boolean): BackupSummary | null {
  try {
    return summarize(dbPath);
  } catch (e) {
    if (force) return null;
    throw new BackupError(
      `${(e as Error).message}; to replace it with the backup anyway, pass --force`,
    );
  }
}

/**
 * Creates `path` empty and readable by its owner alone, for VACUUM INTO to
 * fill: a store holds holders' names, emails and answers, and a file made
 * under a usual umask (022) would be readable by every local user.
 */
function createPrivate(path: string): void {
  closeSync(openSync(path, "wx", 0o600));
}

export function backup(dbPath: string, dest: string): BackupSummary {
  if (!existsSync(dbPath)) throw new BackupError(`no database at ${dbPath}`);
  if (existsSync(dest)) throw new BackupError(`${dest} exists; choose a new file`);

  const db = new Database(dbPath, { readonly: true, strict: true });
  try {
    createPrivate(dest);
    db.query("VACUUM INTO ?").run(dest);
  } catch (e) {
    throw new BackupError(`cannot write the backup ${dest}: ${(e as Error).message}`);
  } finally {
    db.close();
  }
  return summarize(dest);
}

/**
 * Replaces the store at `dbPath` with `source`. A store holding more
 * bookings than the backup is only replaced with `force`: restoring an old
 * copy over a live store loses every booking made since.
 */
export function restore(source: string, dbPath: string, force = false): BackupSummary {
  const pid = serverPid(dbPath);
  if (pid !== null) {
    throw new StoreInUseError(`porta-webhook (pid ${pid}) is serving ${dbPath}: stop it first`);
  }
  if (!existsSync(source)) throw new BackupError(`no backup at ${source}`);

  const summary = summarize(source);
  if (summary.schema_version > SCHEMA_VERSION) {
    throw new BackupError(
      `${source} has schema version ${summary.schema_version}, newer than ` +
        `this program's ${SCHEMA_VERSION}`,
    );
  }
  const current = existsSync(dbPath) ? readableStore(dbPath, force) : null;
  if (current && current.bookings > summary.bookings && !force) {
    throw new BackupError(
      `${dbPath} holds ${current.bookings} bookings, the backup ${summary.bookings}: ` +
        "restoring would lose the difference (pass --force to restore anyway)",
    );
  }

  // Copy beside the target first, so the final step is one atomic rename.
  const staging = `${dbPath}.restoring`;
  rmSync(staging, { force: true });
  const src = new Database(source, { readonly: true, strict: true });
  try {
    createPrivate(staging);
    src.query("VACUUM INTO ?").run(staging);
  } catch (e) {
    throw new BackupError(`cannot write ${staging}: ${(e as Error).message}`);
  } finally {
    src.close();
  }
  // A WAL left by the old file must not be replayed onto the restored one.
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  renameSync(staging, dbPath);

  // Opening migrates an older backup forward and proves the file is usable.
  openDatabase(dbPath).close();
  return summarize(dbPath);
}
