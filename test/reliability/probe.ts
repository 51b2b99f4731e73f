/**
 * A read-only look into a store that a server (running, or just killed) is
 * using: SQLite's own integrity check, seats per slot computed here with
 * our own SQL rather than the server's, the rows behind an answer, and the
 * cross-table rules that must hold whatever the interleaving. Each check
 * reads one snapshot; the clock is read after the snapshot is taken, so a
 * hold the server admitted just before it can never look like an oversell.
 */
import { Database } from "bun:sqlite";

export interface SlotLoad {
  slot_pk: number;
  slot_id: string;
  capacity: number | null;
  held: number;
  booked: number;
}

export interface HoldRow {
  hold_id: string;
  transaction_id: string;
  status: string;
  seats: number;
  expires_at: number;
}

export interface BookingRow {
  booking_id: string;
  transaction_id: string | null;
  hold_id: string | null;
  status: string;
  response: string | null;
  tickets: string | null;
}

/** Seats per slot at `?1`: live holds (unconfirmed, unexpired) and bookings. */
const LOAD_SQL = `
  SELECT s.slot_pk, s.slot_id, s.capacity,
    (SELECT coalesce(sum(h.seats), 0) FROM holds h
      WHERE h.slot_pk = s.slot_pk AND h.status = 'HELD' AND h.expires_at > ?1) AS held,
    (SELECT coalesce(sum(b.seats), 0) FROM bookings b
      WHERE b.slot_pk = s.slot_pk AND b.status = 'CONFIRMED') AS booked
  FROM slots s ORDER BY s.slot_pk`;

/** Rules between holds and bookings; each query returns the offenders. */
const STRUCTURE: Record<string, string> = {
  "a CONFIRMED hold has no confirmed booking": `
    SELECT h.hold_id AS id FROM holds h
    WHERE h.status = 'CONFIRMED' AND NOT EXISTS (SELECT 1 FROM bookings b
      WHERE b.hold_id = h.hold_id AND b.transaction_id IS NOT NULL)`,
  "a confirmed booking's hold is not CONFIRMED, or differs in seats or slot": `
    SELECT b.booking_id AS id FROM bookings b LEFT JOIN holds h ON h.hold_id = b.hold_id
    WHERE b.transaction_id IS NOT NULL AND (h.hold_id IS NULL
      OR h.status <> 'CONFIRMED' OR h.seats <> b.seats OR h.slot_pk <> b.slot_pk)`,
  "a RELEASED hold has no cancellation record naming it": `
    SELECT h.hold_id AS id FROM holds h
    WHERE h.status = 'RELEASED' AND NOT EXISTS (SELECT 1 FROM bookings b
      WHERE b.hold_id = h.hold_id AND b.status = 'CANCELLED' AND b.transaction_id IS NULL)`,
  "a confirmed booking has no tickets": `
    SELECT b.booking_id AS id FROM bookings b
    WHERE b.transaction_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.booking_id = b.booking_id)`,
};

export class StoreProbe implements Disposable {
  private readonly db: Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, strict: true });
  }

  /** `["ok"]` when SQLite finds nothing wrong with the file. */
  integrity(): string[] {
    return this.db.query<{ integrity_check: string }, []>("PRAGMA integrity_check")
      .all().map((r) => r.integrity_check);
  }

  foreignKeyFaults(): number {
    return this.db.query("PRAGMA foreign_key_check").all().length;
  }

  /** Seats per slot in one snapshot, counted at a clock read after it. */
  load(at?: number): { now: number; slots: SlotLoad[] } {
    return this.snapshot(() => {
      const now = at ?? Date.now();
      return { now, slots: this.db.query<SlotLoad, [number]>(LOAD_SQL).all(now) };
    });
  }

  /** Slots holding more seats than they have, at this instant. */
  overbooked(): { now: number; slots: SlotLoad[] } {
    const { now, slots } = this.load();
    return {
      now,
      slots: slots.filter((s) => s.capacity !== null && s.held + s.booked > s.capacity),
    };
  }

  /** Every broken rule between holds, bookings and tickets, with offenders. */
  structureFaults(): string[] {
    return this.snapshot(() =>
      Object.entries(STRUCTURE).flatMap(([rule, sql]) => {
        const ids = this.db.query<{ id: string }, []>(sql).all().map((r) => r.id);
        return ids.length === 0 ? [] : [`${rule}: ${ids.slice(0, 5).join(", ")}`];
      })
    );
  }

  holds(): Map<string, HoldRow> {
    const rows = this.db.query<HoldRow, []>(
      "SELECT hold_id, transaction_id, status, seats, expires_at FROM holds",
    ).all();
    return new Map(rows.map((r) => [r.hold_id, r]));
  }

  /** Bookings with their ticket numbers, sorted and comma-joined. */
  bookings(): Map<string, BookingRow> {
    const rows = this.db.query<BookingRow, []>(`
      SELECT b.booking_id, b.transaction_id, b.hold_id, b.status, b.response,
        (SELECT group_concat(number, ',') FROM
          (SELECT number FROM tickets t WHERE t.booking_id = b.booking_id ORDER BY number))
          AS tickets
      FROM bookings b`).all();
    return new Map(rows.map((r) => [r.booking_id, r]));
  }

  /** The request ids that the audit trail records an outcome for. */
  auditedRequests(): Set<string> {
    const rows = this.db.query<{ id: string }, []>(
      "SELECT request_id AS id FROM audit WHERE request_id IS NOT NULL",
    ).all();
    return new Set(rows.map((r) => r.id));
  }

  count(sql: string): number {
    return Object.values(this.db.query(sql).get() as Record<string, number>)[0]!;
  }

  /** The last instant at which any hold still counts seats. */
  lastExpiry(): number {
    return this.count("SELECT coalesce(max(expires_at), 0) FROM holds WHERE status = 'HELD'");
  }

  private snapshot<T>(read: () => T): T {
    this.db.run("BEGIN");
    try {
      // The first read fixes the snapshot; everything after sees it.
      this.db.query("SELECT count(*) FROM holds").get();
      return read();
    } finally {
      this.db.run("COMMIT");
    }
  }

  [Symbol.dispose](): void {
    this.db.close();
  }
}

/** Opens a probe, runs `look` and closes it again. */
export function probe<T>(path: string, look: (p: StoreProbe) => T): T {
  using p = new StoreProbe(path);
  return look(p);
}
