/**
 * @module inventory/export
 * Reads the inventory back out of the store in the import format, so that
 * `export` then `import` changes nothing: every optional field is left out
 * exactly when importing its absence would store the same row. The admin
 * API reads entities through the same code, so it shows them as they
 * would be imported.
 */
import type { TicketSetting } from "./repository.ts";
import type { Database } from "../store/database.ts";
import type {
  Inventory,
  InventoryExperience,
  InventoryOption,
  InventoryPickup,
  InventoryQuestion,
  InventorySlot,
  InventoryVendor,
} from "./schema.ts";

type Nullable<T> = { [K in keyof T]-?: T[K] | null };

type ExperienceFields = Omit<InventoryExperience, "options" | "mandatory_questions" | "slots">;

interface ExperienceRow extends Nullable<Omit<ExperienceFields, "archived">> {
  archived: number;
}

interface OptionRow extends TicketSetting {
  option_id: string;
  label: string;
  main_option: number | null;
  min_booking_quantity: number | null;
  max_booking_quantity: number | null;
}

interface CategoryRow {
  option_id: string;
  holder_category_id: string;
  holder_type: string;
  minimum_age: number;
  maximum_age: number | null;
  default_category: number | null;
}

interface QuestionRow extends Nullable<Omit<InventoryQuestion, "select">> {
  select_options: string | null;
}

interface SlotRow {
  slot_pk: number;
  option_id: string;
  slot_id: string;
  kind: "DAILY" | "OPEN" | "TIME";
  date: string | null;
  start_local: string | null;
  end_local: string | null;
  open_type: "DURATION_DAYS" | "END_DATE" | null;
  duration_days: number | null;
  end_date: string | null;
  capacity: number | null;
  guide_languages: string;
}

interface SlotCategoryRow {
  slot_pk: number;
  holder_category_id: string;
  price_in_cents: number;
  min_quantity: number | null;
  max_quantity: number | null;
}

/** Copies the fields of `row` that are not null. */
function present<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(row).filter(([, v]) => v !== null),
  ) as { [K in keyof T]: Exclude<T[K], null> };
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export class InventoryReader {
  private readonly q;

  constructor(db: Database) {
    const slotColumns = `slot_pk, option_id, slot_id, kind, date, start_local,
      end_local, open_type, duration_days, end_date, capacity, guide_languages`;
    this.q = {
      vendors: db.query<InventoryVendor, []>(
        "SELECT vendor_id, name FROM vendors ORDER BY vendor_id",
      ),
      vendor: db.query<InventoryVendor, [string]>(
        "SELECT vendor_id, name FROM vendors WHERE vendor_id = ?",
      ),
      pickups: db.query<Nullable<InventoryPickup>, []>(`
        SELECT pickup_id, name, type, latitude, longitude, time_margin
        FROM pickups ORDER BY pickup_id`),
      pickup: db.query<Nullable<InventoryPickup>, [string]>(`
        SELECT pickup_id, name, type, latitude, longitude, time_margin
        FROM pickups WHERE pickup_id = ?`),
      experienceIds: db.query<{ experience_id: string }, []>(
        "SELECT experience_id FROM experiences ORDER BY experience_id",
      ),
      experience: db.query<ExperienceRow, [string]>(`
        SELECT experience_id, vendor_id, experience_name, availability_slot_type,
          currency, cutoff_time, archived, external_experience_id,
          external_experience_name, time_zone, cancellation_cutoff
        FROM experiences WHERE experience_id = ?`),
      options: db.query<OptionRow, [string]>(`
        SELECT option_id, label, main_option, min_booking_quantity,
          max_booking_quantity, ticket_type, ticket_format, ticket_url_template,
          ticket_mime_type
        FROM options WHERE experience_id = ? ORDER BY rowid`),
      categories: db.query<CategoryRow, [string]>(`
        SELECT option_id, holder_category_id, holder_type, minimum_age,
          maximum_age, default_category
        FROM holder_categories WHERE experience_id = ? ORDER BY rowid`),
      questions: db.query<QuestionRow, [string]>(`
        SELECT mandatory_question_id, question, data_type, level, data_pattern,
          select_options, option_id, holder_category_id
        FROM mandatory_questions WHERE experience_id = ? ORDER BY position`),
      slots: db.query<SlotRow, [string]>(`
        SELECT ${slotColumns} FROM slots WHERE experience_id = ? ORDER BY slot_pk`),
      slot: db.query<SlotRow, [string, string, string]>(`
        SELECT ${slotColumns} FROM slots
        WHERE experience_id = ? AND option_id = ? AND slot_id = ?`),
      categoriesOfSlot: db.query<SlotCategoryRow, [number]>(`
        SELECT slot_pk, holder_category_id, price_in_cents, min_quantity, max_quantity
        FROM slot_holder_categories WHERE slot_pk = ? ORDER BY rowid`),
      pickupsOfSlot: db.query<{ slot_pk: number; pickup_id: string }, [number]>(
        "SELECT slot_pk, pickup_id FROM slot_pickups WHERE slot_pk = ? ORDER BY rowid",
      ),
      slotCategories: db.query<SlotCategoryRow, [string]>(`
        SELECT c.slot_pk, c.holder_category_id, c.price_in_cents, c.min_quantity,
          c.max_quantity
        FROM slot_holder_categories c JOIN slots s USING (slot_pk)
        WHERE s.experience_id = ? ORDER BY c.rowid`),
      slotPickups: db.query<{ slot_pk: number; pickup_id: string }, [string]>(`
        SELECT p.slot_pk, p.pickup_id
        FROM slot_pickups p JOIN slots s USING (slot_pk)
        WHERE s.experience_id = ? ORDER BY p.rowid`),
    };
  }

  /** The whole inventory, as an import file. */
  all(): Inventory {
    return {
      vendors: this.vendors(),
      pickups: this.pickups(),
      experiences: this.q.experienceIds.all()
        .map((r) => this.experience(r.experience_id, { slots: true })!),
    };
  }

  vendors(): InventoryVendor[] {
    return this.q.vendors.all();
  }

  vendor(vendorId: string): InventoryVendor | null {
    return this.q.vendor.get(vendorId);
  }

  pickups(): InventoryPickup[] {
    return this.q.pickups.all().map(present);
  }

  pickup(pickupId: string): InventoryPickup | null {
    const row = this.q.pickup.get(pickupId);
    return row && present(row);
  }

  /** An experience with its options and questions, and its slots when asked. */
  experience(experienceId: string, { slots = false } = {}): InventoryExperience | null {
    const row = this.q.experience.get(experienceId);
    if (!row) return null;

    const { archived, ...fields } = row;
    const categories = groupBy(this.q.categories.all(experienceId), (c) => c.option_id);
    const experience: InventoryExperience = {
      ...present(fields),
      ...(archived === 1 ? { archived: true } : {}),
      options: this.q.options.all(experienceId)
        .map((o) => option(o, categories.get(o.option_id) ?? [])),
      mandatory_questions: this.q.questions.all(experienceId).map(question),
    };
    if (slots) experience.slots = this.slots(experienceId);
    return experience;
  }

  slots(experienceId: string): InventorySlot[] {
    const categories = groupBy(this.q.slotCategories.all(experienceId), (c) => c.slot_pk);
    const pickups = groupBy(this.q.slotPickups.all(experienceId), (p) => p.slot_pk);
    return this.q.slots.all(experienceId).map((s) => {
      const pickupIds = (pickups.get(s.slot_pk) ?? []).map((p) => p.pickup_id);
      return slot(s, categories.get(s.slot_pk) ?? [], pickupIds);
    });
  }

  slot(experienceId: string, optionId: string, slotId: string): InventorySlot | null {
    const row = this.q.slot.get(experienceId, optionId, slotId);
    if (!row) return null;
    const pickupIds = this.q.pickupsOfSlot.all(row.slot_pk).map((p) => p.pickup_id);
    return slot(row, this.q.categoriesOfSlot.all(row.slot_pk), pickupIds);
  }
}

function option(o: OptionRow, categories: CategoryRow[]): InventoryOption {
  return {
    ...present({
      option_id: o.option_id,
      label: o.label,
      min_booking_quantity: o.min_booking_quantity,
      max_booking_quantity: o.max_booking_quantity,
    }),
    ...(o.main_option === null ? {} : { main_option: o.main_option === 1 }),
    holder_categories: categories.map(({ option_id: _, default_category, ...c }) => ({
      ...present(c),
      ...(default_category === null ? {} : { default_category: default_category === 1 }),
    })),
    ticket: present({
      type: o.ticket_type,
      format: o.ticket_format,
      url_template: o.ticket_url_template,
      mime_type: o.ticket_mime_type,
    }),
  };
}

function question({ select_options, ...q }: QuestionRow): InventoryQuestion {
  return {
    ...present(q),
    ...(select_options === null ? {} : { select: JSON.parse(select_options) }),
  };
}

function slot(s: SlotRow, categories: SlotCategoryRow[], pickupIds: string[]): InventorySlot {
  const languages: string[] = JSON.parse(s.guide_languages);
  const out: InventorySlot = {
    slot_id: s.slot_id,
    option_id: s.option_id,
    ...(s.capacity === null ? {} : { capacity: s.capacity }),
    ...(languages.length > 0 ? { guide_languages: languages } : {}),
    available_holder_categories: categories.map(({ slot_pk: _, ...c }) => present(c)),
  };
  if (s.kind === "DAILY") out.daily_slot = { date: s.date! };
  if (s.kind === "TIME") {
    out.time_slot = {
      start: s.start_local!,
      end: s.end_local!,
      ...(pickupIds.length > 0 ? { pickup_ids: pickupIds } : {}),
    };
  }
  if (s.kind === "OPEN") {
    out.open_slot = present({
      type: s.open_type!,
      duration_days: s.duration_days,
      end_date: s.end_date,
    });
  }
  return out;
}

export const exportInventory = (db: Database): Inventory => new InventoryReader(db).all();
