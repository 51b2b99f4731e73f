/**
 * @module store/backup
 * `backup` takes a consistent copy of a live store with `VACUUM INTO`,
 * which reads one snapshot of the database (WAL lets the server go on
 * writing meanwhile). `restore` puts a copy back while the service is
 * stopped, after checking that the copy is sound and not from a newer
 * version; the swap is a rename, so a failed restore leaves the old file.
 */
import { Database } from "bun:sqlite";
import { existsSync, renameSync, rmSync } from "node:fs";
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

function summarize(path: string): BackupSummary {
  const db = new Database(path, { readonly: true, strict: true });
  try {
    const check = db.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get();
    if (check?.integrity_check !== "ok") {
      throw new BackupError(`${path} failed its integrity check: ${check?.integrity_check}`);
    }
    const version = db.query<{ user_version: number }, []>("PRAGMA user_version").get()!;
    const hasBookings = db.query("SELECT 1 FROM sqlite_master WHERE name = 'bookings'").get();
    const bookings = hasBookings
      ? db.query<{ n: number }, []>("SELECT count(*) AS n FROM bookings").get()!.n
      : 0;
    return {
      path,
      schema_version: version.user_version,
      bookings,
      bytes: Bun.file(path).size,
    };
  } finally {
    db.close();
  }
}

export function backup(dbPath: string, dest: string): BackupSummary {
  if (!existsSync(dbPath)) throw new BackupError(`no database at ${dbPath}`);
  if (existsSync(dest)) throw new BackupError(`${dest} exists; choose a new file`);

  const db = new Database(dbPath, { readonly: true, strict: true });
  try {
    db.query("VACUUM INTO ?").run(dest);
  } finally {
    db.close();
  }
  return summarize(dest);
}

export function restore(source: string, dbPath: string): BackupSummary {
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

  // Copy beside the target first, so the final step is one atomic rename.
  const staging = `${dbPath}.restoring`;
  rmSync(staging, { force: true });
  const src = new Database(source, { readonly: true, strict: true });
  try {
    src.query("VACUUM INTO ?").run(staging);
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
