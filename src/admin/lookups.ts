/**
 * @module admin/lookups
 * What the admin API and CLI read: the inventory in its import format,
 * slots with their seats, holds and bookings filtered, one booking with
 * everything it holds, and the audit trail. Nothing here writes, and
 * nothing knows of HTTP. Seats are counted by inventory/seats.ts, against
 * the clock, like the hold check does.
 */
import { type AuditRow, AuditLog } from "../audit/log.ts";
import { InventoryReader } from "../inventory/export.ts";
import type {
  InventoryExperience,
  InventoryOption,
  InventoryPickup,
  InventoryQuestion,
  InventorySlot,
  InventoryVendor,
} from "../inventory/schema.ts";
import { InventoryRepository } from "../inventory/repository.ts";
import { SeatLedger } from "../inventory/seats.ts";
import { slotStart } from "../inventory/slot-time.ts";
import type { Database } from "../store/database.ts";
import { type Clock, formatLocal, parseLocalDate } from "../time.ts";
import { invalidInput, unknown } from "./errors.ts";
import {
  AdminRepository,
  type BookingListRow,
  type SlotListRow,
  type SlotRef,
  type SlotTiming,
} from "./repository.ts";
import type {
  AuditQuery,
  BookingDetail,
  BookingsQuery,
  BookingSummary,
  ExperienceSummary,
  HoldsQuery,
  HoldSummary,
  PickupStop,
  SlotSeats,
  SlotsQuery,
} from "./schemas.ts";

export const slotName = (ref: SlotRef) => `${ref.experience_id}/${ref.option_id}/${ref.slot_id}`;

const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Refuses a date such as 2030-02-30, which the query's pattern lets through. */
function checkDates(filter: { from?: string; to?: string }): void {
  for (const [name, value] of Object.entries({ from: filter.from, to: filter.to })) {
    if (value !== undefined && !parseLocalDate(value)) {
      throw invalidInput(`${name}: ${value} is not a date`);
    }
  }
}

/** Audit bounds are instants: `2030-06-01T10:00:00Z`, or a date meaning its UTC midnight. */
function epochMs(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    const day = parseLocalDate(text);
    if (day) return day.toZonedDateTime("UTC").epochMilliseconds;
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    throw invalidInput(`${name}: ${text} is not an ISO 8601 instant or date`);
  }
}

export class Lookups {
  private readonly repo: AdminRepository;
  private readonly reader: InventoryReader;
  private readonly inventory: InventoryRepository;
  private readonly ledger: SeatLedger;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.repo = new AdminRepository(db);
    this.reader = new InventoryReader(db);
    this.inventory = new InventoryRepository(db);
    this.ledger = new SeatLedger(db);
    this.audit = new AuditLog(db, clock);
  }

  /** Runs several reads on one snapshot of the store. */
  private snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  experiences(): ExperienceSummary[] {
    return this.repo.experiences().map((e) => ({ ...e, archived: e.archived === 1 }));
  }

  vendors(): InventoryVendor[] {
    return this.reader.vendors();
  }

  vendor(vendorId: string): InventoryVendor {
    return this.reader.vendor(vendorId) ?? throwUnknown(`vendor ${vendorId}`);
  }

  pickups(): InventoryPickup[] {
    return this.reader.pickups();
  }

  pickup(pickupId: string): InventoryPickup {
    return this.reader.pickup(pickupId) ?? throwUnknown(`pickup ${pickupId}`);
  }

  /** Without its slots, which are listed by `slots`. */
  experience(experienceId: string): InventoryExperience {
    return this.snapshot(() => this.reader.experience(experienceId)) ??
      throwUnknown(`experience ${experienceId}`);
  }

  option(experienceId: string, optionId: string): InventoryOption {
    return this.experience(experienceId).options.find((o) => o.option_id === optionId) ??
      throwUnknown(`option ${experienceId}/${optionId}`);
  }

  question(experienceId: string, questionId: string): InventoryQuestion {
    const questions = this.experience(experienceId).mandatory_questions ?? [];
    return questions.find((q) => q.mandatory_question_id === questionId) ??
      throwUnknown(`mandatory question ${experienceId}/${questionId}`);
  }

  slot(ref: SlotRef): InventorySlot {
    const slot = this.snapshot(() =>
      this.reader.slot(ref.experience_id, ref.option_id, ref.slot_id)
    );
    return slot ?? throwUnknown(`slot ${slotName(ref)}`);
  }

  /** Slots of an experience with their seats, in time order. */
  slots(experienceId: string, query: SlotsQuery = {}): SlotSeats[] {
    checkDates(query);
    return this.snapshot(() =>
      this.slotRows({ ...query, experience_id: experienceId }).map((row) => this.seatsOf(row))
    );
  }

  /** Slots matching a filter, in time order. */
  slotRows(filter: Partial<SlotRef> & SlotsQuery): SlotListRow[] {
    if (filter.experience_id && !this.inventory.hasExperience(filter.experience_id)) {
      throwUnknown(`experience ${filter.experience_id}`);
    }
    return this.repo.slots(filter, this.clock());
  }

  /** One slot; 404 when it does not exist. */
  slotRow(ref: SlotRef): SlotListRow {
    return this.repo.slots(ref, this.clock())[0] ?? throwUnknown(`slot ${slotName(ref)}`);
  }

  slotSeats(ref: SlotRef): SlotSeats {
    return this.snapshot(() => this.seatsOf(this.slotRow(ref)));
  }

  seatsOf(row: SlotListRow): SlotSeats {
    const { held, booked } = this.ledger.taken(row.slot_pk, this.clock());
    return {
      experience_id: row.experience_id,
      option_id: row.option_id,
      slot_id: row.slot_id,
      kind: row.kind,
      date: row.date,
      start: row.start_local,
      end: row.end_local,
      capacity: row.capacity,
      held,
      booked,
      remaining: row.capacity === null ? null : Math.max(0, row.capacity - held - booked),
    };
  }

  holds(query: HoldsQuery = {}): HoldSummary[] {
    checkDates(query);
    return this.repo.holds(query, this.clock()).map(({ start_local, quantities, ...h }) => ({
      ...h,
      start: start_local,
      quantities: JSON.parse(quantities),
      created_at: instant(h.created_at)!,
    }));
  }

  bookings(query: BookingsQuery = {}): BookingSummary[] {
    checkDates(query);
    return this.repo.bookings(query, this.clock()).map(summary);
  }

  booking(bookingId: string): BookingDetail {
    return this.snapshot(() => {
      const row = this.repo.booking(bookingId) ?? throwUnknown(`booking ${bookingId}`);
      const tickets = this.repo.tickets(bookingId);
      // A FOR_ALL ticket has no request_id: it is every person's.
      const group = tickets.find((t) => t.request_id === null)?.number ?? null;
      const ticketOf = (requestId: string) =>
        tickets.find((t) => t.request_id === requestId)?.number ?? group;
      return {
        ...summary(row),
        hold_id: row.hold_id,
        time_zone: row.time_zone ?? null,
        pickup: pickupStop(row),
        items: this.repo.items(bookingId).map((item) => ({
          ...item,
          answers: JSON.parse(item.answers),
          ticket_number: ticketOf(item.request_id),
        })),
        tickets,
      };
    });
  }

  /** Bookings of a slot, oldest first, each in full. */
  bookingsOfSlot(slotPk: number): BookingDetail[] {
    return this.repo.bookingsOfSlot(slotPk).map((id) => this.booking(id));
  }

  auditTrail(query: AuditQuery = {}): AuditRow[] {
    return this.audit.list({
      ...query,
      from: epochMs("from", query.from),
      to: epochMs("to", query.to),
      limit: query.limit === undefined ? undefined : Number(query.limit),
    });
  }
}

function throwUnknown(what: string): never {
  throw unknown(what);
}

function summary(row: BookingListRow): BookingSummary {
  const holder = row.holder === null ? null : JSON.parse(row.holder);
  return {
    booking_id: row.booking_id,
    tuimm_booking_id: row.tuimm_booking_id,
    transaction_id: row.transaction_id,
    status: row.status,
    experience_id: row.experience_id,
    option_id: row.option_id,
    slot_id: row.slot_id,
    date: row.date ?? null,
    start: row.start_local ?? null,
    seats: row.seats,
    // PORTA may send more than these; the admin API shows what it documents.
    lead: holder && {
      email: holder.email,
      first_name: holder.first_name,
      last_name: holder.last_name,
    },
    created_at: instant(row.created_at)!,
    cancelled_at: instant(row.cancelled_at),
    cancel_reason: row.cancel_reason,
  };
}

/** The pickup of a booking and its time: the slot's start less the margin, in the slot's zone. */
function pickupStop(row: BookingListRow): PickupStop | null {
  if (row.pickup_id === null) return null;
  // The pickup is the hold's, so the booking has the hold's slot.
  const start = slotStart(row as SlotTiming);
  const time = start && row.time_margin !== null
    ? formatLocal(start.subtract({ minutes: row.time_margin }).toPlainDateTime())
    : null;
  return {
    pickup_id: row.pickup_id,
    name: row.pickup_name,
    type: row.pickup_type,
    time_margin: row.time_margin,
    time,
  };
}
