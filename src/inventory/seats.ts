/**
 * @module inventory/seats
 * Seat accounting for a slot. Remaining seats are never stored: they are
 * capacity minus seats in live holds minus seats in confirmed bookings,
 * computed against the clock (DECISIONS 9, 11). A hold past its expiry
 * stops counting the moment it expires, whether or not anything noticed.
 *
 * The counting reads the running totals of `slot_seats` (schema v3, kept
 * by triggers) and subtracts the holds that expired since the slot was
 * last swept, so its cost does not grow with the live holds on the slot.
 * Writers sweep as they count ({@link SeatLedger.settle}), which keeps that
 * window short. A clock that went back behind the last sweep cannot use
 * the totals; the seats are then summed from the holds themselves.
 */
import type { Database } from "../store/database.ts";

export interface SeatCount {
  held: number;
  booked: number;
}

interface Totals {
  held: number;
  expired: number;
  booked: number;
  swept_to: number;
}

export class SeatLedger {
  private readonly q;

  constructor(db: Database) {
    this.q = {
      totals: db.query<Totals, [number, number]>(`
        SELECT held, booked, swept_to,
          (SELECT coalesce(sum(h.seats), 0) FROM holds h
            WHERE h.slot_pk = s.slot_pk AND h.status = 'HELD'
              AND h.expires_at > s.swept_to AND h.expires_at <= ?2) AS expired
        FROM slot_seats s WHERE slot_pk = ?1`),
      recount: db.query<SeatCount, [number, number]>(`
        SELECT
          (SELECT coalesce(sum(seats), 0) FROM holds
            WHERE slot_pk = ?1 AND status = 'HELD' AND expires_at > ?2) AS held,
          (SELECT coalesce(sum(seats), 0) FROM bookings
            WHERE slot_pk = ?1 AND status = 'CONFIRMED') AS booked`),
      sweep: db.query<never, [number, number, number, number]>(`
        INSERT INTO slot_seats (slot_pk, held, swept_to, booked) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (slot_pk) DO UPDATE SET
          held = excluded.held, swept_to = excluded.swept_to, booked = excluded.booked`),
    };
  }

  /** Seats held or booked on the slot at the instant `now` (epoch ms); writes nothing. */
  taken(slotPk: number, now: number): SeatCount {
    return this.count(slotPk, now).seats;
  }

  /**
   * The same count, for a writer inside its transaction: the holds that
   * expired since the last sweep leave the running total for good.
   */
  settle(slotPk: number, now: number): SeatCount {
    const { seats, swept } = this.count(slotPk, now);
    if (swept) this.q.sweep.run(slotPk, seats.held, now, seats.booked);
    return seats;
  }

  private count(slotPk: number, now: number): { seats: SeatCount; swept: boolean } {
    const totals = this.q.totals.get(slotPk, now);
    if (totals && now >= totals.swept_to) {
      const seats = { held: totals.held - totals.expired, booked: totals.booked };
      return { seats, swept: totals.expired > 0 };
    }
    const seats = this.q.recount.get(slotPk, now)!;
    // Behind the last sweep, or no totals at all: the recount is exact at
    // `now`, so it becomes the totals, swept to `now`.
    return { seats, swept: true };
  }
}
