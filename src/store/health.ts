/**
 * @module store/health
 * Whether the store can be read and written: the health check's answer
 * (DECISIONS 6). It writes a timestamp in a real transaction, so a full
 * disk, a read-only file or a held lock past the busy timeout all fail it.
 */
import type { Database } from "./database.ts";
import type { Writer } from "./writer.ts";

export class StoreHealth {
  private readonly touch;
  private readonly read;

  constructor(
    db: Database,
    private readonly writer: Writer,
  ) {
    this.touch = db.query<never, [string]>(`
      INSERT INTO meta (key, value) VALUES ('health_checked_at', ?1)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    this.read = db.query<{ n: number }, []>("SELECT count(*) AS n FROM experiences");
  }

  /** Rejects when the store cannot be read and written. */
  check(now: number): Promise<void> {
    return this.writer.write(() => {
      this.read.get();
      this.touch.run(new Date(now).toISOString());
    });
  }
}
