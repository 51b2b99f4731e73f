/**
 * @module inventory/repository
 * Reads of the inventory that the webhook services need, as prepared
 * statements. Returns `null` for what does not exist.
 */
import type { Database } from "../store/database.ts";
import type { TICKET_FORMATS } from "./schema.ts";

/** An option's ticket setting, as the options table stores it. */
export interface TicketSetting {
  ticket_type: "FOR_ALL" | "FOR_SINGLE_PERSON";
  ticket_format: (typeof TICKET_FORMATS)[number];
  ticket_url_template: string | null;
  ticket_mime_type: string | null;
}

export interface SlotRow extends TicketSetting {
  slot_pk: number;
  experience_id: string;
  option_id: string;
  slot_id: string;
  kind: "DAILY" | "OPEN" | "TIME";
  date: string | null;
  start_local: string | null;
  open_type: "DURATION_DAYS" | "END_DATE" | null;
  end_date: string | null;
  capacity: number | null;
  guide_languages: string;
  archived: number;
  time_zone: string;
  cutoff_time: string;
  cancellation_cutoff: string | null;
  min_booking_quantity: number | null;
  max_booking_quantity: number | null;
}

export interface SlotCategoryRow {
  holder_category_id: string;
  min_quantity: number | null;
  max_quantity: number | null;
}

export interface QuestionRow {
  mandatory_question_id: string;
  question: string;
  data_type: string;
  level: "BOOKING" | "BY_PAX";
  data_pattern: string | null;
  select_options: string | null;
  option_id: string | null;
  holder_category_id: string | null;
}

const SLOT_COLUMNS = `
  s.slot_pk, s.experience_id, s.option_id, s.slot_id, s.kind, s.date,
  s.start_local, s.open_type, s.end_date, s.capacity, s.guide_languages,
  e.archived, e.time_zone, e.cutoff_time, e.cancellation_cutoff,
  o.min_booking_quantity, o.max_booking_quantity, o.ticket_type,
  o.ticket_format, o.ticket_url_template, o.ticket_mime_type`;

/**
 * The slot queries take their parameters from a one-row CTE `k`, not in
 * their WHERE clause. Bound straight into the WHERE of a join, a new value
 * makes SQLite (3.54, in Bun 1.4) prepare the statement again on its next
 * run: 30 to 90 µs per slot lookup, the largest single cost of a hold,
 * against about 4 µs this way (bench/RESULTS.md).
 */
const SLOT_JOIN = `
  JOIN experiences e ON e.experience_id = s.experience_id
  JOIN options o ON o.experience_id = s.experience_id AND o.option_id = s.option_id`;

export class InventoryRepository {
  private readonly q;

  constructor(db: Database) {
    this.q = {
      experience: db.query<{ n: number }, [string]>(
        "SELECT 1 AS n FROM experiences WHERE experience_id = ?",
      ),
      option: db.query<{ n: number }, [string, string]>(
        "SELECT 1 AS n FROM options WHERE experience_id = ? AND option_id = ?",
      ),
      slot: db.query<SlotRow, [string, string, string]>(`
        WITH k (experience_id, option_id, slot_id) AS (SELECT ?1, ?2, ?3)
        SELECT ${SLOT_COLUMNS} FROM k
        JOIN slots s ON s.experience_id = k.experience_id
          AND s.option_id = k.option_id AND s.slot_id = k.slot_id
        ${SLOT_JOIN}`),
      slotByPk: db.query<SlotRow, [number]>(`
        WITH k (slot_pk) AS (SELECT ?1)
        SELECT ${SLOT_COLUMNS} FROM k JOIN slots s ON s.slot_pk = k.slot_pk
        ${SLOT_JOIN}`),
      categories: db.query<SlotCategoryRow, [number]>(`
        SELECT holder_category_id, min_quantity, max_quantity
        FROM slot_holder_categories WHERE slot_pk = ?`),
      pickups: db.query<{ pickup_id: string }, [number]>(
        "SELECT pickup_id FROM slot_pickups WHERE slot_pk = ?",
      ),
      questions: db.query<QuestionRow, [string]>(`
        SELECT mandatory_question_id, question, data_type, level, data_pattern,
          select_options, option_id, holder_category_id
        FROM mandatory_questions WHERE experience_id = ? ORDER BY position`),
    };
  }

  hasExperience(experienceId: string): boolean {
    return this.q.experience.get(experienceId) !== null;
  }

  hasOption(experienceId: string, optionId: string): boolean {
    return this.q.option.get(experienceId, optionId) !== null;
  }

  slot(experienceId: string, optionId: string, slotId: string): SlotRow | null {
    return this.q.slot.get(experienceId, optionId, slotId);
  }

  slotByPk(slotPk: number): SlotRow | null {
    return this.q.slotByPk.get(slotPk);
  }

  slotCategories(slotPk: number): SlotCategoryRow[] {
    return this.q.categories.all(slotPk);
  }

  slotPickups(slotPk: number): string[] {
    return this.q.pickups.all(slotPk).map((r) => r.pickup_id);
  }

  questions(experienceId: string): QuestionRow[] {
    return this.q.questions.all(experienceId);
  }
}
