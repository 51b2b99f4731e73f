/**
 * @module admin/repository
 * The SQL of the admin API and CLI that the webhook services do not
 * share: usage counts that decide whether a delete is refused, the
 * deletes themselves, capacity, archiving, and the filtered listings of
 * slots, holds and bookings. Statements are prepared once; optional
 * filters are `$x IS NULL OR …`, so no SQL is built per call.
 */
import type { Database } from "../store/database.ts";
import type { BookingsQuery, HoldsQuery } from "./schemas.ts";

export interface SlotRef {
  experience_id: string;
  option_id: string;
  slot_id: string;
}

/** What inventory/slot-time.ts needs to place a slot in time. */
export interface SlotTiming {
  kind: "DAILY" | "OPEN" | "TIME";
  date: string | null;
  start_local: string | null;
  open_type: "DURATION_DAYS" | "END_DATE" | null;
  end_date: string | null;
  time_zone: string;
}

export interface SlotListRow extends SlotRef, SlotTiming {
  slot_pk: number;
  end_local: string | null;
  capacity: number | null;
  experience_name: string;
}

export interface HoldListRow {
  hold_id: string;
  transaction_id: string;
  experience_id: string;
  option_id: string;
  slot_id: string;
  date: string | null;
  start_local: string | null;
  pickup_id: string | null;
  seats: number;
  quantities: string;
  expiration_time: string;
  status: "HELD" | "EXPIRED" | "CONFIRMED" | "RELEASED";
  created_at: number;
}

/** A booking recorded only as cancelled (DECISIONS 17) has no slot. */
export interface BookingListRow extends Partial<SlotTiming> {
  booking_id: string;
  tuimm_booking_id: string | null;
  transaction_id: string | null;
  status: "CONFIRMED" | "CANCELLED";
  slot_pk: number | null;
  experience_id: string | null;
  option_id: string | null;
  slot_id: string | null;
  seats: number;
  holder: string | null;
  created_at: number;
  cancelled_at: number | null;
  cancel_reason: string | null;
  hold_id: string | null;
  pickup_id: string | null;
  pickup_name: string | null;
  pickup_type: string | null;
  time_margin: number | null;
}

export interface ItemRow {
  request_id: string;
  holder_category_id: string;
  pickup_id: string | null;
  answers: string;
}

export interface TicketRow {
  number: string;
  type: string;
  format: string;
  request_id: string | null;
  holder_category_id: string | null;
}

type Params = Record<string, string | number | null>;

/** Optional filters as statement parameters: absent ones are null. */
function filterParams(filter: Partial<HoldsQuery & BookingsQuery>, now: number): Params {
  return {
    experience_id: filter.experience_id ?? null,
    option_id: filter.option_id ?? null,
    slot_id: filter.slot_id ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    status: filter.status ?? null,
    limit: filter.limit === undefined ? 100 : Number(filter.limit),
    now,
  };
}

const SLOT_FILTER = `
  ($experience_id IS NULL OR s.experience_id = $experience_id)
  AND ($option_id IS NULL OR s.option_id = $option_id)
  AND ($slot_id IS NULL OR s.slot_id = $slot_id)
  AND ($from IS NULL OR s.date >= $from)
  AND ($to IS NULL OR s.date <= $to)`;

// A HELD hold past its expiry holds no seats (DECISIONS 11): it is shown
// as EXPIRED, although nothing has rewritten its row.
const HOLD_STATUS = `
  CASE WHEN h.status = 'HELD' AND h.expires_at <= $now THEN 'EXPIRED' ELSE h.status END`;

const SLOT_TIMING = "s.kind, s.date, s.start_local, s.open_type, s.end_date, e.time_zone";

const BOOKING_COLUMNS = `
  b.booking_id, b.tuimm_booking_id, b.transaction_id, b.status, b.slot_pk,
  s.experience_id, s.option_id, s.slot_id, ${SLOT_TIMING}, b.seats,
  b.holder, b.created_at, b.cancelled_at, b.cancel_reason, b.hold_id,
  h.pickup_id, p.name AS pickup_name, p.type AS pickup_type, p.time_margin
  FROM bookings b
  LEFT JOIN slots s ON s.slot_pk = b.slot_pk
  LEFT JOIN experiences e ON e.experience_id = s.experience_id
  LEFT JOIN holds h ON h.hold_id = b.hold_id
  LEFT JOIN pickups p ON p.pickup_id = h.pickup_id`;

export class AdminRepository {
  private readonly q;

  constructor(db: Database) {
    const count = (sql: string) => db.query<{ n: number }, [string]>(sql);
    this.q = {
      slotPk: db.query<{ slot_pk: number; capacity: number | null }, [string, string, string]>(`
        SELECT slot_pk, capacity FROM slots
        WHERE experience_id = ? AND option_id = ? AND slot_id = ?`),
      slotUse: db.query<{ holds: number; bookings: number }, [number]>(`
        SELECT (SELECT count(*) FROM holds WHERE slot_pk = ?1) AS holds,
          (SELECT count(*) FROM bookings WHERE slot_pk = ?1) AS bookings`),
      experienceUse: db.query<{ holds: number; bookings: number }, [string]>(`
        SELECT
          (SELECT count(*) FROM holds JOIN slots USING (slot_pk)
            WHERE experience_id = ?1) AS holds,
          (SELECT count(*) FROM bookings JOIN slots USING (slot_pk)
            WHERE experience_id = ?1) AS bookings`),
      vendorUse: count("SELECT count(*) AS n FROM experiences WHERE vendor_id = ?"),
      pickupUse: db.query<{ slots: number; holds: number; items: number }, [string]>(`
        SELECT (SELECT count(*) FROM slot_pickups WHERE pickup_id = ?1) AS slots,
          (SELECT count(*) FROM holds WHERE pickup_id = ?1) AS holds,
          (SELECT count(*) FROM booking_items WHERE pickup_id = ?1) AS items`),
      setCapacity: db.query<never, [number | null, number]>(
        "UPDATE slots SET capacity = ? WHERE slot_pk = ?",
      ),
      setArchived: db.query<never, [number, string]>(
        "UPDATE experiences SET archived = ? WHERE experience_id = ?",
      ),
      deleteVendor: db.query<never, [string]>("DELETE FROM vendors WHERE vendor_id = ?"),
      deletePickup: db.query<never, [string]>("DELETE FROM pickups WHERE pickup_id = ?"),
      deleteSlot: db.query<never, [number]>("DELETE FROM slots WHERE slot_pk = ?"),
      deleteSlotsOf: db.query<never, [string]>("DELETE FROM slots WHERE experience_id = ?"),
      deleteOption: db.query<never, [string, string]>(
        "DELETE FROM options WHERE experience_id = ? AND option_id = ?",
      ),
      deleteExperience: db.query<never, [string]>(
        "DELETE FROM experiences WHERE experience_id = ?",
      ),
      experiences: db.query<{
        experience_id: string;
        vendor_id: string;
        experience_name: string;
        availability_slot_type: "DAILY" | "OPEN" | "TIME";
        time_zone: string;
        archived: number;
        options: number;
        slots: number;
      }, []>(`
        SELECT e.experience_id, e.vendor_id, e.experience_name,
          e.availability_slot_type, e.time_zone, e.archived,
          (SELECT count(*) FROM options o WHERE o.experience_id = e.experience_id) AS options,
          (SELECT count(*) FROM slots s WHERE s.experience_id = e.experience_id) AS slots
        FROM experiences e ORDER BY e.experience_id`),
      slots: db.query<SlotListRow, Params>(`
        SELECT s.slot_pk, s.experience_id, s.option_id, s.slot_id, ${SLOT_TIMING},
          s.end_local, s.capacity, e.experience_name
        FROM slots s JOIN experiences e ON e.experience_id = s.experience_id
        WHERE ${SLOT_FILTER}
        ORDER BY s.date IS NOT NULL, s.date, s.start_local, s.option_id, s.slot_id`),
      holds: db.query<HoldListRow, Params>(`
        SELECT h.hold_id, h.transaction_id, s.experience_id, s.option_id, s.slot_id,
          s.date, s.start_local, h.pickup_id, h.seats, h.quantities,
          h.expiration_time, ${HOLD_STATUS} AS status, h.created_at
        FROM holds h JOIN slots s ON s.slot_pk = h.slot_pk
        WHERE ${SLOT_FILTER} AND ($status IS NULL OR ${HOLD_STATUS} = $status)
        ORDER BY h.created_at DESC, h.rowid DESC LIMIT $limit`),
      bookings: db.query<BookingListRow, Params>(`
        SELECT ${BOOKING_COLUMNS}
        WHERE ${SLOT_FILTER} AND ($status IS NULL OR b.status = $status)
        ORDER BY b.created_at DESC, b.rowid DESC LIMIT $limit`),
      booking: db.query<BookingListRow, [string]>(
        `SELECT ${BOOKING_COLUMNS} WHERE b.booking_id = ?`,
      ),
      bookingsOfSlot: db.query<{ booking_id: string }, [number]>(
        "SELECT booking_id FROM bookings WHERE slot_pk = ? ORDER BY created_at, rowid",
      ),
      items: db.query<ItemRow, [string]>(`
        SELECT request_id, holder_category_id, pickup_id, answers
        FROM booking_items WHERE booking_id = ? ORDER BY rowid`),
      tickets: db.query<TicketRow, [string]>(`
        SELECT number, type, format, request_id, holder_category_id
        FROM tickets WHERE booking_id = ? ORDER BY rowid`),
    };
  }

  slotPk(ref: SlotRef): { slot_pk: number; capacity: number | null } | null {
    return this.q.slotPk.get(ref.experience_id, ref.option_id, ref.slot_id);
  }

  /** Holds and bookings ever made on the slot (rows that reference it). */
  slotUse(slotPk: number): { holds: number; bookings: number } {
    return this.q.slotUse.get(slotPk)!;
  }

  experienceUse(experienceId: string): { holds: number; bookings: number } {
    return this.q.experienceUse.get(experienceId)!;
  }

  vendorUse(vendorId: string): number {
    return this.q.vendorUse.get(vendorId)!.n;
  }

  pickupUse(pickupId: string): { slots: number; holds: number; items: number } {
    return this.q.pickupUse.get(pickupId)!;
  }

  setCapacity(slotPk: number, capacity: number | null): void {
    this.q.setCapacity.run(capacity, slotPk);
  }

  setArchived(experienceId: string, archived: boolean): void {
    this.q.setArchived.run(archived ? 1 : 0, experienceId);
  }

  deleteVendor(vendorId: string): void {
    this.q.deleteVendor.run(vendorId);
  }

  deletePickup(pickupId: string): void {
    this.q.deletePickup.run(pickupId);
  }

  deleteSlot(slotPk: number): void {
    this.q.deleteSlot.run(slotPk);
  }

  deleteOption(experienceId: string, optionId: string): void {
    this.q.deleteOption.run(experienceId, optionId);
  }

  /** Its slots first: they reference its options without cascading. */
  deleteExperience(experienceId: string): void {
    this.q.deleteSlotsOf.run(experienceId);
    this.q.deleteExperience.run(experienceId);
  }

  experiences() {
    return this.q.experiences.all();
  }

  slots(filter: Partial<HoldsQuery>, now: number): SlotListRow[] {
    return this.q.slots.all(filterParams(filter, now));
  }

  holds(filter: HoldsQuery, now: number): HoldListRow[] {
    return this.q.holds.all(filterParams(filter, now));
  }

  bookings(filter: BookingsQuery, now: number): BookingListRow[] {
    return this.q.bookings.all(filterParams(filter, now));
  }

  booking(bookingId: string): BookingListRow | null {
    return this.q.booking.get(bookingId);
  }

  bookingsOfSlot(slotPk: number): string[] {
    return this.q.bookingsOfSlot.all(slotPk).map((r) => r.booking_id);
  }

  items(bookingId: string): ItemRow[] {
    return this.q.items.all(bookingId);
  }

  tickets(bookingId: string): TicketRow[] {
    return this.q.tickets.all(bookingId);
  }
}
