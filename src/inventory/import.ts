/**
 * @module inventory/import
 * Loads an inventory document into the store. The document is validated
 * whole first; then every row is written in one `BEGIN IMMEDIATE`
 * transaction, so a refused file leaves the store exactly as it was.
 *
 * Importing is an upsert: entities in the file are created or updated in
 * place, their child lists (categories, questions, a slot's prices and
 * pickups) replaced; entities absent from the file are left alone. Holds
 * and bookings are never touched, and no slot's capacity may drop below
 * the seats already taken on it.
 */
import { type AuditContext, AuditLog } from "../audit/log.ts";
import type { Database } from "../store/database.ts";
import { writeTransaction } from "../store/database.ts";
import { formatLocal, parseLocalDateTime } from "../time.ts";
import type {
  Inventory,
  InventoryExperience,
  InventoryOption,
  InventoryPickup,
  InventorySlot,
  InventoryVendor,
} from "./schema.ts";
import { type SeatCount, SeatLedger } from "./seats.ts";
import { type Fault, type KnownIds, validateInventory } from "./validate.ts";

export class InventoryError extends Error {
  override readonly name = "InventoryError";

  constructor(readonly faults: Fault[]) {
    super(
      `inventory refused, ${faults.length} fault(s):\n` +
        faults.map((f) => `  ${f.path}: ${f.message}`).join("\n"),
    );
  }
}

export interface ImportSummary {
  vendors: number;
  pickups: number;
  experiences: number;
  options: number;
  mandatory_questions: number;
  slots: number;
}

const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);

/** The vendors and pickups already in the store, which a document may reference. */
export function knownIds(db: Database): KnownIds {
  const ids = (sql: string) =>
    new Set(db.query<{ id: string }, []>(sql).all().map((r) => r.id));
  return {
    vendors: ids("SELECT vendor_id AS id FROM vendors"),
    pickups: ids("SELECT pickup_id AS id FROM pickups"),
  };
}

/** `audit`, when given, records the import in the same transaction. */
export function importInventory(
  db: Database,
  doc: unknown,
  now: number = Date.now(),
  audit?: AuditContext,
): ImportSummary {
  const faults = validateInventory(doc, knownIds(db));
  if (faults.length > 0) throw new InventoryError(faults);

  const writer = new InventoryWriter(db);
  return writeTransaction(db, () => {
    const summary = writer.write(doc as Inventory, now);
    if (audit) {
      new AuditLog(db, () => now).append({
        ...audit,
        action: "import",
        outcome: "OK",
        detail: { ...summary },
      });
    }
    return summary;
  });
}

/** The columns that place a slot in time: none may change once seats are taken. */
const WHEN = ["date", "start_local", "open_type", "duration_days", "end_date"] as const;
type SlotWhen = Record<"date" | "start_local" | "open_type" | "end_date", string | null> & {
  duration_days: number | null;
};

/** A slot as stored, for comparing with its new version. */
interface StoredSlot extends SlotWhen {
  slot_pk: number;
  /** JSON arrays of ids. */
  categories: string;
  pickups: string;
}

/** Why a slot was not written: `field` is the part of it at fault. */
export interface SlotFault {
  field: string;
  /** Its seats are held or booked (409 IN_USE), rather than a capacity below them. */
  inUse: boolean;
  message: string;
}

/**
 * Writes inventory rows: a whole document (`write`), or one entity at a
 * time for the admin API. Callers validate first and run it inside a
 * write transaction.
 */
export class InventoryWriter {
  private readonly ledger: SeatLedger;
  private readonly q;

  constructor(db: Database) {
    this.ledger = new SeatLedger(db);
    this.q = {
      vendor: db.query(`
        INSERT INTO vendors (vendor_id, name) VALUES ($vendor_id, $name)
        ON CONFLICT (vendor_id) DO UPDATE SET name = excluded.name`),
      pickup: db.query(`
        INSERT INTO pickups (pickup_id, name, type, latitude, longitude, time_margin)
        VALUES ($pickup_id, $name, $type, $latitude, $longitude, $time_margin)
        ON CONFLICT (pickup_id) DO UPDATE SET
          name = excluded.name, type = excluded.type, latitude = excluded.latitude,
          longitude = excluded.longitude, time_margin = excluded.time_margin`),
      experience: db.query(`
        INSERT INTO experiences (experience_id, vendor_id, experience_name,
          availability_slot_type, currency, cutoff_time, archived,
          external_experience_id, external_experience_name, time_zone,
          cancellation_cutoff)
        VALUES ($experience_id, $vendor_id, $experience_name,
          $availability_slot_type, $currency, $cutoff_time, $archived,
          $external_experience_id, $external_experience_name, $time_zone,
          $cancellation_cutoff)
        ON CONFLICT (experience_id) DO UPDATE SET
          vendor_id = excluded.vendor_id,
          experience_name = excluded.experience_name,
          availability_slot_type = excluded.availability_slot_type,
          currency = excluded.currency, cutoff_time = excluded.cutoff_time,
          archived = excluded.archived,
          external_experience_id = excluded.external_experience_id,
          external_experience_name = excluded.external_experience_name,
          time_zone = excluded.time_zone,
          cancellation_cutoff = excluded.cancellation_cutoff`),
      option: db.query(`
        INSERT INTO options (experience_id, option_id, label, main_option,
          min_booking_quantity, max_booking_quantity, ticket_type,
          ticket_format, ticket_url_template, ticket_mime_type)
        VALUES ($experience_id, $option_id, $label, $main_option,
          $min_booking_quantity, $max_booking_quantity, $ticket_type,
          $ticket_format, $ticket_url_template, $ticket_mime_type)
        ON CONFLICT (experience_id, option_id) DO UPDATE SET
          label = excluded.label, main_option = excluded.main_option,
          min_booking_quantity = excluded.min_booking_quantity,
          max_booking_quantity = excluded.max_booking_quantity,
          ticket_type = excluded.ticket_type,
          ticket_format = excluded.ticket_format,
          ticket_url_template = excluded.ticket_url_template,
          ticket_mime_type = excluded.ticket_mime_type`),
      clearCategories: db.query(
        "DELETE FROM holder_categories WHERE experience_id = ? AND option_id = ?",
      ),
      category: db.query(`
        INSERT INTO holder_categories (experience_id, option_id,
          holder_category_id, holder_type, minimum_age, maximum_age,
          default_category)
        VALUES ($experience_id, $option_id, $holder_category_id, $holder_type,
          $minimum_age, $maximum_age, $default_category)`),
      clearQuestions: db.query(
        "DELETE FROM mandatory_questions WHERE experience_id = ?",
      ),
      question: db.query(`
        INSERT INTO mandatory_questions (experience_id, mandatory_question_id,
          question, data_type, level, data_pattern, select_options, option_id,
          holder_category_id, position)
        VALUES ($experience_id, $mandatory_question_id, $question, $data_type,
          $level, $data_pattern, $select_options, $option_id,
          $holder_category_id, $position)`),
      slot: db.query<{ slot_pk: number }, Record<string, string | number | null>>(`
        INSERT INTO slots (experience_id, option_id, slot_id, kind, date,
          start_local, end_local, open_type, duration_days, end_date, capacity,
          guide_languages)
        VALUES ($experience_id, $option_id, $slot_id, $kind, $date,
          $start_local, $end_local, $open_type, $duration_days, $end_date,
          $capacity, $guide_languages)
        ON CONFLICT (experience_id, option_id, slot_id) DO UPDATE SET
          kind = excluded.kind, date = excluded.date,
          start_local = excluded.start_local, end_local = excluded.end_local,
          open_type = excluded.open_type,
          duration_days = excluded.duration_days,
          end_date = excluded.end_date, capacity = excluded.capacity,
          guide_languages = excluded.guide_languages
        RETURNING slot_pk`),
      clearSlotCategories: db.query(
        "DELETE FROM slot_holder_categories WHERE slot_pk = ?",
      ),
      slotCategory: db.query(`
        INSERT INTO slot_holder_categories (slot_pk, holder_category_id,
          price_in_cents, min_quantity, max_quantity)
        VALUES ($slot_pk, $holder_category_id, $price_in_cents, $min_quantity,
          $max_quantity)`),
      storedSlot: db.query<StoredSlot, [string, string, string]>(`
        SELECT slot_pk, date, start_local, open_type, duration_days, end_date,
          (SELECT json_group_array(holder_category_id) FROM slot_holder_categories c
            WHERE c.slot_pk = s.slot_pk) AS categories,
          (SELECT json_group_array(pickup_id) FROM slot_pickups p
            WHERE p.slot_pk = s.slot_pk) AS pickups
        FROM slots s WHERE experience_id = ? AND option_id = ? AND slot_id = ?`),
      clearSlotPickups: db.query("DELETE FROM slot_pickups WHERE slot_pk = ?"),
      slotPickup: db.query(
        "INSERT INTO slot_pickups (slot_pk, pickup_id) VALUES (?, ?)",
      ),
    };
  }

  write(doc: Inventory, now: number): ImportSummary {
    const summary: ImportSummary = {
      vendors: 0,
      pickups: 0,
      experiences: 0,
      options: 0,
      mandatory_questions: 0,
      slots: 0,
    };
    const faults: Fault[] = [];

    for (const v of doc.vendors ?? []) {
      this.vendor(v);
      summary.vendors++;
    }
    for (const p of doc.pickups ?? []) {
      this.pickup(p);
      summary.pickups++;
    }
    (doc.experiences ?? []).forEach((e, i) => {
      this.experience(e);
      summary.experiences++;
      summary.options += e.options.length;
      summary.mandatory_questions += e.mandatory_questions?.length ?? 0;
      (e.slots ?? []).forEach((s, j) => {
        const fault = this.slot(e, s, now);
        const path = `$.experiences[${i}].slots[${j}].${fault?.field}`;
        if (fault) faults.push({ path, message: fault.message });
        summary.slots++;
      });
    });

    // Throwing inside the transaction rolls every row back.
    if (faults.length > 0) throw new InventoryError(faults);
    return summary;
  }

  vendor(v: InventoryVendor): void {
    this.q.vendor.run({ vendor_id: v.vendor_id, name: v.name });
  }

  pickup(p: InventoryPickup): void {
    this.q.pickup.run({
      pickup_id: p.pickup_id,
      name: p.name,
      type: p.type,
      latitude: p.latitude ?? null,
      longitude: p.longitude ?? null,
      time_margin: p.time_margin ?? 0,
    });
  }

  /** The experience's row, its options (categories replaced) and its questions (replaced). */
  experience(e: InventoryExperience): void {
    this.q.experience.run({
      experience_id: e.experience_id,
      vendor_id: e.vendor_id,
      experience_name: e.experience_name,
      availability_slot_type: e.availability_slot_type,
      currency: e.currency,
      cutoff_time: e.cutoff_time ?? "P0D",
      archived: e.archived ? 1 : 0,
      external_experience_id: e.external_experience_id ?? null,
      external_experience_name: e.external_experience_name ?? null,
      time_zone: e.time_zone,
      cancellation_cutoff: e.cancellation_cutoff ?? null,
    });
    for (const o of e.options) this.option(e.experience_id, o);

    this.q.clearQuestions.run(e.experience_id);
    (e.mandatory_questions ?? []).forEach((q, position) => {
      this.q.question.run({
        experience_id: e.experience_id,
        mandatory_question_id: q.mandatory_question_id,
        question: q.question,
        data_type: q.data_type,
        level: q.level,
        data_pattern: q.data_pattern ?? null,
        select_options: q.select ? JSON.stringify(q.select) : null,
        option_id: q.option_id ?? null,
        holder_category_id: q.holder_category_id ?? null,
        position,
      });
    });
  }

  private option(experienceId: string, o: InventoryOption): void {
    const ticket = o.ticket ?? { type: "FOR_ALL", format: "TEXT" };
    this.q.option.run({
      experience_id: experienceId,
      option_id: o.option_id,
      label: o.label,
      main_option: bool(o.main_option),
      min_booking_quantity: o.min_booking_quantity ?? null,
      max_booking_quantity: o.max_booking_quantity ?? null,
      ticket_type: ticket.type,
      ticket_format: ticket.format,
      ticket_url_template: ticket.url_template ?? null,
      ticket_mime_type: ticket.mime_type ?? null,
    });
    this.q.clearCategories.run(experienceId, o.option_id);
    for (const c of o.holder_categories) {
      this.q.category.run({
        experience_id: experienceId,
        option_id: o.option_id,
        holder_category_id: c.holder_category_id,
        holder_type: c.holder_type,
        minimum_age: c.minimum_age,
        maximum_age: c.maximum_age ?? null,
        default_category: bool(c.default_category),
      });
    }
  }

  /**
   * Writes one slot; returns a fault when its capacity is below the seats
   * taken, or when seats are held or booked on it and it would move to
   * another date or start, or lose a holder category or pickup: PORTA's
   * holds and bookings refer to those.
   */
  slot(e: InventoryExperience, s: InventorySlot, now: number): SlotFault | null {
    const time = s.time_slot;
    const start = time ? parseLocalDateTime(time.start)! : null;
    const fields = {
      experience_id: e.experience_id,
      option_id: s.option_id,
      slot_id: s.slot_id,
      kind: e.availability_slot_type,
      date: s.daily_slot?.date ?? start?.toPlainDate().toString() ?? null,
      start_local: start ? formatLocal(start) : null,
      end_local: time ? formatLocal(parseLocalDateTime(time.end)!) : null,
      open_type: s.open_slot?.type ?? null,
      duration_days: s.open_slot?.duration_days ?? null,
      end_date: s.open_slot?.end_date ?? null,
      capacity: s.capacity ?? null,
      guide_languages: JSON.stringify(s.guide_languages ?? []),
    };
    // Writing the slot changes no hold or booking: its seats taken now are
    // those after the write too (none for a new slot).
    const stored = this.q.storedSlot.get(e.experience_id, s.option_id, s.slot_id);
    const taken = stored ? this.ledger.taken(stored.slot_pk, now) : { held: 0, booked: 0 };
    const change = stored && this.changeInUse(stored, fields, s, taken);
    if (change) return change;
    const row = this.q.slot.get(fields)!;

    this.q.clearSlotCategories.run(row.slot_pk);
    for (const c of s.available_holder_categories) {
      this.q.slotCategory.run({
        slot_pk: row.slot_pk,
        holder_category_id: c.holder_category_id,
        price_in_cents: c.price_in_cents,
        min_quantity: c.min_quantity ?? null,
        max_quantity: c.max_quantity ?? null,
      });
    }
    this.q.clearSlotPickups.run(row.slot_pk);
    for (const id of time?.pickup_ids ?? []) this.q.slotPickup.run(row.slot_pk, id);

    if (s.capacity === undefined) return null;
    const { held, booked } = taken;
    if (held + booked <= s.capacity) return null;
    return {
      field: "capacity",
      inUse: false,
      message: `slot "${s.slot_id}" (option "${s.option_id}") has ${held} seat(s) ` +
        `held and ${booked} booked; capacity ${s.capacity} is below that`,
    };
  }

  /** What of a slot with seats taken the new version would change that it may not. */
  private changeInUse(
    stored: StoredSlot,
    next: SlotWhen,
    s: InventorySlot,
    { held, booked }: SeatCount,
  ): SlotFault | null {
    if (held + booked === 0) return null;
    const lost = (json: string, kept: string[]) =>
      (JSON.parse(json) as string[]).filter((id) => !kept.includes(id));
    const categories = lost(stored.categories, s.available_holder_categories
      .map((c) => c.holder_category_id));
    const pickups = lost(stored.pickups, s.time_slot?.pickup_ids ?? []);
    const moved = WHEN.some((k) => stored[k] !== next[k]);
    const named = (one: string, many: string, ids: string[]) =>
      `lose ${ids.length > 1 ? many : one} ${ids.join(", ")}`;
    const when = s.time_slot ? "time_slot" : s.daily_slot ? "daily_slot" : "open_slot";
    const fault = moved
      ? { field: when, what: "move to another date or start" }
      : categories.length > 0
      ? {
        field: "available_holder_categories",
        what: named("holder category", "holder categories", categories),
      }
      : pickups.length > 0
      ? { field: "time_slot.pickup_ids", what: named("pickup", "pickups", pickups) }
      : null;
    if (!fault) return null;
    return {
      field: fault.field,
      inUse: true,
      message: `slot "${s.slot_id}" (option "${s.option_id}") has ${held} seat(s) held and ` +
        `${booked} booked: it cannot ${fault.what}`,
    };
  }
}
