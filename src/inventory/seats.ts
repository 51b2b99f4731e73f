/**
 * @module inventory/seats
 * Seat accounting for a slot. Remaining seats are never stored: they are
 * capacity minus seats in live holds minus seats in confirmed bookings,
 * computed against the clock (DECISIONS 9, 11). A hold past its expiry
 * stops counting the moment it expires, whether or not anything noticed.
 */
import type { Database } from "../store/database.ts";

export interface SeatCount {
  held: number;
  booked: number;
}

export class SeatLedger {
  private readonly count;

  constructor(db: Database) {
    this.count = db.query<SeatCount, [number, number, number]>(`
      SELECT
        (SELECT coalesce(sum(seats), 0) FROM holds
          WHERE slot_pk = ?1 AND status = 'HELD' AND expires_at > ?2) AS held,
        (SELECT coalesce(sum(seats), 0) FROM bookings
          WHERE slot_pk = ?3 AND status = 'CONFIRMED') AS booked
    `);
  }

  /** Seats held or booked on the slot at the instant `now` (epoch ms). */
  taken(slotPk: number, now: number): SeatCount {
    return this.count.get(slotPk, now, slotPk)!;
  }
}
