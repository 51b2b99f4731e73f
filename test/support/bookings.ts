/**
 * Helpers for the booking tests: seat counts read straight from the store
 * (not through the service under test), a confirmed booking in one call,
 * and a snapshot of everything a confirmation or cancellation may write.
 */
import { expect } from "bun:test";
import { bookingBody, type Harness, holdBody } from "./harness.ts";

export interface Seats {
  held: number;
  booked: number;
}

/** Seats in live holds and in confirmed bookings on a slot, at `h.now`. */
export function seatsOn(h: Harness, slotId: string): Seats {
  return h.db.query<Seats, [string, number]>(`
    SELECT
      (SELECT coalesce(sum(h.seats), 0) FROM holds h JOIN slots s USING (slot_pk)
        WHERE s.slot_id = ?1 AND h.status = 'HELD' AND h.expires_at > ?2) AS held,
      (SELECT coalesce(sum(b.seats), 0) FROM bookings b JOIN slots s USING (slot_pk)
        WHERE s.slot_id = ?1 AND b.status = 'CONFIRMED') AS booked`)
    .get(slotId, h.now)!;
}

/** Every row a confirmation or a cancellation could add or change. */
export function storeRows(h: Harness) {
  const all = (sql: string) => h.db.query(sql).all();
  return {
    holds: all("SELECT hold_id, status FROM holds ORDER BY hold_id"),
    bookings: all("SELECT booking_id, status, hold_id FROM bookings ORDER BY booking_id"),
    booking_items: h.count("booking_items"),
    tickets: h.count("tickets"),
  };
}

/** Holds and confirms; fails the test at once if either is refused. */
export async function confirmed(
  h: Harness,
  holdOverrides: Record<string, unknown> = {},
  bookingOverrides: Record<string, unknown> = {},
) {
  const hold = holdBody(holdOverrides);
  expect((await h.hold(hold)).status).toBe(200);
  const booking = bookingBody(hold, bookingOverrides);
  const answer = await h.confirm(booking);
  expect(answer.status).toBe(200);
  return { hold, booking, body: answer.body };
}

/** The DELETE /booking body for a confirmed booking, as PORTA sends it. */
export function cancelBody(
  confirmation: { booking_id: string; transaction_id: string; tickets: { number: string }[] },
  overrides: Record<string, unknown> = {},
) {
  return {
    booking_id: confirmation.booking_id,
    transaction_id: confirmation.transaction_id,
    ticket_numbers: confirmation.tickets.map((t) => t.number),
    ...overrides,
  };
}
