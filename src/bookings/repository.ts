/**
 * @module bookings/repository
 * Bookings, their items and tickets. A booking row with no hold is the
 * record of a cancellation that came before any confirmation (DECISIONS
 * 17): it exists so that a late confirmation can be refused.
 */
import type { Database } from "../store/database.ts";
import type { Ticket } from "../webhook/schemas.ts";

export interface BookingRow {
  booking_id: string;
  transaction_id: string | null;
  hold_id: string | null;
  slot_pk: number | null;
  seats: number;
  status: "CONFIRMED" | "CANCELLED";
  request_hash: string | null;
  /** JSON of the confirmation's 200 body, replayed on a repeat. */
  response: string | null;
}

export interface NewBooking {
  booking_id: string;
  transaction_id: string;
  hold_id: string;
  slot_pk: number;
  seats: number;
  tuimm_booking_id: string;
  holder: string;
  request_hash: string;
  response: string;
  created_at: number;
}

export interface NewItem {
  request_id: string;
  holder_category_id: string;
  pickup_id: string | null;
  answers: string;
}

export class BookingRepository {
  private readonly q;

  constructor(db: Database) {
    this.q = {
      find: db.query<BookingRow, [string]>(`
        SELECT booking_id, transaction_id, hold_id, slot_pk, seats, status,
          request_hash, response
        FROM bookings WHERE booking_id = ?`),
      byHold: db.query<{ booking_id: string }, [string]>(
        "SELECT booking_id FROM bookings WHERE hold_id = ?",
      ),
      insert: db.query(`
        INSERT INTO bookings (booking_id, transaction_id, hold_id, slot_pk,
          seats, status, tuimm_booking_id, holder, request_hash, response,
          created_at)
        VALUES ($booking_id, $transaction_id, $hold_id, $slot_pk, $seats,
          'CONFIRMED', $tuimm_booking_id, $holder, $request_hash, $response,
          $created_at)`),
      insertCancelled: db.query<never, [string, number, string]>(`
        INSERT INTO bookings (booking_id, status, created_at, cancelled_at,
          cancel_reason)
        VALUES (?1, 'CANCELLED', ?2, ?2, ?3)`),
      cancel: db.query<never, [number, string, string]>(`
        UPDATE bookings SET status = 'CANCELLED', cancelled_at = ?, cancel_reason = ?
        WHERE booking_id = ? AND status = 'CONFIRMED'`),
      attachHold: db.query<never, [string, number, string]>(
        "UPDATE bookings SET hold_id = ?, slot_pk = ? WHERE booking_id = ? AND hold_id IS NULL",
      ),
      item: db.query(`
        INSERT INTO booking_items (booking_id, request_id, holder_category_id,
          pickup_id, answers)
        VALUES ($booking_id, $request_id, $holder_category_id, $pickup_id,
          $answers)`),
      ticket: db.query(`
        INSERT INTO tickets (number, booking_id, request_id, holder_category_id,
          type, format)
        VALUES ($number, $booking_id, $request_id, $holder_category_id, $type,
          $format)`),
      ticketExists: db.query<{ n: number }, [string]>(
        "SELECT 1 AS n FROM tickets WHERE number = ?",
      ),
    };
  }

  find(bookingId: string): BookingRow | null {
    return this.q.find.get(bookingId);
  }

  bookingOfHold(holdId: string): string | null {
    return this.q.byHold.get(holdId)?.booking_id ?? null;
  }

  insert(b: NewBooking, items: NewItem[], tickets: Ticket[]): void {
    this.q.insert.run({ ...b });
    for (const item of items) this.q.item.run({ booking_id: b.booking_id, ...item });
    for (const t of tickets) {
      this.q.ticket.run({
        number: t.number,
        booking_id: b.booking_id,
        request_id: t.request_id ?? null,
        holder_category_id: t.holder_category_id ?? null,
        type: t.type,
        format: t.format,
      });
    }
  }

  ticketExists(number: string): boolean {
    return this.q.ticketExists.get(number) !== null;
  }

  /** Records a cancellation for a booking we have never confirmed. */
  insertCancelled(bookingId: string, now: number, reason: string): void {
    this.q.insertCancelled.run(bookingId, now, reason);
  }

  cancel(bookingId: string, now: number, reason: string): void {
    this.q.cancel.run(now, reason, bookingId);
  }

  /** Links a cancellation record to the hold a late confirmation named. */
  attachHold(bookingId: string, holdId: string, slotPk: number): void {
    this.q.attachHold.run(holdId, slotPk, bookingId);
  }
}
