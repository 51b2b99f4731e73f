/**
 * What a store's database file alone holds, as if its WAL were lost: the
 * rows that a checkpoint has copied into it. Read from a copy, so that the
 * store itself is not opened (opening it would checkpoint).
 */
import { Database } from "bun:sqlite";
import { copyFileSync } from "node:fs";
import { join } from "node:path";

export function rowsInMainFile(path: string, copyDir: string, table: string): number {
  const copy = join(copyDir, `copy-${crypto.randomUUID()}.db`);
  copyFileSync(path, copy);
  const db = new Database(copy);
  try {
    return db.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${table}"`).get()!.n;
  } finally {
    db.close();
  }
}
