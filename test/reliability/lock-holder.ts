#!/usr/bin/env bun
/**
 * Another process holding the store's write lock, as a long import or an
 * operator's sqlite3 session would: `BEGIN IMMEDIATE`, one write, prints
 * "locked", holds the lock for the given milliseconds, `COMMIT`, prints
 * "released". The sleep is the point of the script: it is what makes the
 * server's requests wait.
 *
 *   bun test/reliability/lock-holder.ts STORE.db 3000
 */
import { Database } from "bun:sqlite";

const [path, ms] = [Bun.argv[2], Number(Bun.argv[3])];
if (!path || !Number.isInteger(ms) || ms < 0) {
  console.error("usage: bun test/reliability/lock-holder.ts STORE.db MILLISECONDS");
  process.exit(2);
}

const db = new Database(path, { strict: true });
db.run("PRAGMA busy_timeout = 10000");
db.run("BEGIN IMMEDIATE");
db.run(`INSERT INTO meta (key, value) VALUES ('lock_holder', ?1)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(process.pid)]);
console.log("locked");
await Bun.sleep(ms);
db.run("COMMIT");
db.close();
console.log("released");
