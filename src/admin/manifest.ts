/**
 * @module admin/manifest
 * Who is coming: for one slot or for every slot of a local date, each
 * booking's lead booker, pickup and pickup time, and each person's holder
 * category, ticket and answers. As JSON, or as CSV with one row per
 * person for a spreadsheet or a clipboard.
 */
import { stringify } from "csv-stringify/sync";
import { InventoryRepository } from "../inventory/repository.ts";
import type { Database } from "../store/database.ts";
import { parseLocalDate } from "../time.ts";
import { invalidInput } from "./errors.ts";
import type { Lookups } from "./lookups.ts";
import type { SlotListRow, SlotRef } from "./repository.ts";
import type { BookingDetail, Manifest, ManifestSlot } from "./schemas.ts";

export class Manifests {
  private readonly inventory: InventoryRepository;

  constructor(
    private readonly db: Database,
    private readonly lookups: Lookups,
  ) {
    this.inventory = new InventoryRepository(db);
  }

  forSlot(ref: SlotRef): Manifest {
    return this.db.transaction(() => ({
      date: null,
      slots: [this.slot(this.lookups.slotRow(ref))],
    })).deferred();
  }

  /** Every slot on `date` in its experience's own zone; an OPEN slot has no date. */
  forDay(date: string, experienceId?: string): Manifest {
    if (!parseLocalDate(date)) throw invalidInput(`date: ${date} is not a date`);
    return this.db.transaction(() => {
      const rows = this.lookups.slotRows({ experience_id: experienceId, from: date, to: date });
      return { date, slots: rows.map((row) => this.slot(row)) };
    }).deferred();
  }

  private slot(row: SlotListRow): ManifestSlot {
    const questions = this.inventory.questions(row.experience_id);
    const once = new Set(
      questions.filter((q) => q.level === "BOOKING").map((q) => q.mandatory_question_id),
    );
    return {
      ...this.lookups.seatsOf(row),
      experience_name: row.experience_name,
      time_zone: row.time_zone,
      questions: questions
        .map(({ mandatory_question_id, question }) => ({ mandatory_question_id, question })),
      bookings: this.lookups.bookingsOfSlot(row.slot_pk).map((b) => manifestBooking(b, once)),
    };
  }
}

/**
 * `once` are the BOOKING-level questions: PORTA may send their answers on
 * one item only (DECISIONS 14), so every person of the booking gets them.
 */
function manifestBooking(b: BookingDetail, once: Set<string>): ManifestSlot["bookings"][number] {
  const shared = b.items.flatMap((item) => item.answers)
    .filter((a) => once.has(a.mandatory_question_id));
  return {
    booking_id: b.booking_id,
    tuimm_booking_id: b.tuimm_booking_id,
    status: b.status,
    lead: b.lead,
    pickup: b.pickup,
    people: b.items.map((item) => ({
      request_id: item.request_id,
      holder_category_id: item.holder_category_id,
      ticket_number: item.ticket_number,
      answers: Object.fromEntries(
        [...shared, ...item.answers].map((a) => [a.mandatory_question_id, a.answer]),
      ),
    })),
  };
}

const COLUMNS = [
  "date", "start", "experience_id", "option_id", "slot_id", "booking_id",
  "tuimm_booking_id", "status", "lead_first_name", "lead_last_name",
  "lead_email", "pickup_id", "pickup_name", "pickup_time", "request_id",
  "holder_category_id", "ticket_number",
];

/**
 * One row per person; answers in one `answer:<question id>` column per
 * question of the slots' experiences, in the experiences' order.
 */
export function manifestCsv(manifest: Manifest): string {
  const questions = [
    ...new Set(manifest.slots.flatMap((s) => s.questions.map((q) => q.mandatory_question_id))),
  ];
  const rows = manifest.slots.flatMap((slot) =>
    slot.bookings.flatMap((b) =>
      b.people.map((person) => [
        slot.date, slot.start, slot.experience_id, slot.option_id, slot.slot_id,
        b.booking_id, b.tuimm_booking_id, b.status, b.lead?.first_name,
        b.lead?.last_name, b.lead?.email, b.pickup?.pickup_id, b.pickup?.name,
        b.pickup?.time, person.request_id, person.holder_category_id,
        person.ticket_number, ...questions.map((q) => person.answers[q]),
      ])
    )
  );
  return stringify(rows, {
    header: true,
    columns: [...COLUMNS, ...questions.map((q) => `answer:${q}`)],
    // Answers are typed by customers: one starting with = + - @ would be a
    // formula to a spreadsheet. Such cells get a leading quote.
    escape_formulas: true,
  });
}
