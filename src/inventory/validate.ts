/**
 * @module inventory/validate
 * Checks a whole inventory document before anything is written: its shape
 * against the schema, then what a schema cannot say (references between
 * entities, time zones, dates, durations, regexes). Every fault names its
 * JSON path, so a supplier can fix a large file in one pass.
 */
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import {
  HOLDER_TYPES,
  Inventory,
  type InventoryExperience,
  type InventoryOption,
  type InventoryQuestion,
  type InventorySlot,
} from "./schema.ts";
import {
  isTimeZone,
  parseDuration,
  parseLocalDate,
  parseLocalDateTime,
} from "../time.ts";

export interface Fault {
  path: string;
  message: string;
}

/** What already exists in the store and may be referenced by the file. */
export interface KnownIds {
  vendors: ReadonlySet<string>;
  pickups: ReadonlySet<string>;
}

// Compiled at the first import, not when the module loads: `serve`, which
// loads it but rarely imports, would pay for it before its first answer.
let compiled: TypeCheck<typeof Inventory> | null = null;
const checker = () => (compiled ??= TypeCompiler.Compile(Inventory));

/** `/experiences/0/slots/3` → `$.experiences[0].slots[3]` */
export function jsonPath(pointer: string): string {
  return "$" + pointer.split("/").slice(1).map((part) => {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }).join("");
}

export function validateInventory(doc: unknown, known: KnownIds): Fault[] {
  if (!checker().Check(doc)) {
    // One fault per path: a missing field is also "not a string", say.
    const byPath = new Map<string, Fault>();
    for (const e of checker().Errors(doc)) {
      const path = jsonPath(e.path);
      if (!byPath.has(path)) byPath.set(path, { path, message: e.message });
      if (byPath.size === 100) break;
    }
    return [...byPath.values()];
  }
  return new Checker(doc, known).run();
}

class Checker {
  readonly faults: Fault[] = [];
  readonly vendors: Set<string>;
  readonly pickups: Set<string>;

  constructor(
    readonly doc: Inventory,
    known: KnownIds,
  ) {
    this.vendors = new Set(known.vendors);
    this.pickups = new Set(known.pickups);
  }

  run(): Fault[] {
    const { vendors = [], pickups = [], experiences = [] } = this.doc;
    this.unique("$.vendors", vendors.map((v) => v.vendor_id), "vendor_id");
    this.unique("$.pickups", pickups.map((p) => p.pickup_id), "pickup_id");
    this.unique(
      "$.experiences",
      experiences.map((e) => e.experience_id),
      "experience_id",
    );
    for (const v of vendors) this.vendors.add(v.vendor_id);
    for (const p of pickups) this.pickups.add(p.pickup_id);

    experiences.forEach((e, i) => this.experience(e, `$.experiences[${i}]`));
    return this.faults;
  }

  fault(path: string, message: string): void {
    this.faults.push({ path, message });
  }

  unique(path: string, ids: string[], field: string): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) this.fault(`${path}[${i}].${field}`, `duplicate ${field} "${id}"`);
      seen.add(id);
    });
  }

  experience(e: InventoryExperience, path: string): void {
    if (!this.vendors.has(e.vendor_id)) {
      this.fault(`${path}.vendor_id`, `unknown vendor "${e.vendor_id}"`);
    }
    if (!isTimeZone(e.time_zone)) {
      this.fault(`${path}.time_zone`, `"${e.time_zone}" is not an IANA time zone`);
    }
    for (const field of ["cutoff_time", "cancellation_cutoff"] as const) {
      const value = e[field];
      if (value !== undefined && !parseDuration(value)) {
        this.fault(`${path}.${field}`, `"${value}" is not an ISO 8601 duration`);
      }
    }

    this.unique(`${path}.options`, e.options.map((o) => o.option_id), "option_id");
    e.options.forEach((o, i) => this.option(o, `${path}.options[${i}]`));

    const options = new Map(e.options.map((o) => [o.option_id, o]));
    const questions = e.mandatory_questions ?? [];
    this.unique(
      `${path}.mandatory_questions`,
      questions.map((q) => q.mandatory_question_id),
      "mandatory_question_id",
    );
    questions.forEach((q, i) =>
      this.question(q, options, `${path}.mandatory_questions[${i}]`)
    );

    const slots = e.slots ?? [];
    this.unique(
      `${path}.slots`,
      slots.map((s) => `${s.option_id}/${s.slot_id}`),
      "slot_id",
    );
    slots.forEach((s, i) => this.slot(s, e, options, `${path}.slots[${i}]`));
  }

  option(o: InventoryOption, path: string): void {
    this.unique(
      `${path}.holder_categories`,
      o.holder_categories.map((c) => c.holder_category_id),
      "holder_category_id",
    );
    o.holder_categories.forEach((c, i) => {
      const at = `${path}.holder_categories[${i}]`;
      const type = c.holder_type;
      if (!(HOLDER_TYPES as readonly string[]).includes(type) && !type.startsWith("CUSTOM")) {
        this.fault(`${at}.holder_type`, `"${type}" is not a PORTA holder type`);
      }
      if (c.maximum_age !== undefined && c.maximum_age < c.minimum_age) {
        this.fault(`${at}.maximum_age`, "maximum_age is below minimum_age");
      }
    });
    this.range(path, o.min_booking_quantity, o.max_booking_quantity, "booking_quantity");

    const ticket = o.ticket;
    if (ticket?.type === "FOR_SINGLE_PERSON" && ticket.format === "URL") {
      this.fault(`${path}.ticket.format`, "URL tickets are FOR_ALL only (PORTA)");
    }
    if (ticket?.format === "URL" && !ticket.url_template?.includes("{number}")) {
      this.fault(
        `${path}.ticket.url_template`,
        'a URL ticket needs a url_template containing "{number}"',
      );
    }
  }

  range(path: string, min: number | undefined, max: number | undefined, what: string) {
    if (min !== undefined && max !== undefined && min > max) {
      this.fault(`${path}.max_${what}`, `max_${what} is below min_${what}`);
    }
  }

  question(
    q: InventoryQuestion,
    options: Map<string, InventoryOption>,
    path: string,
  ): void {
    if (q.data_type === "SELECT_ONE" && Object.keys(q.select ?? {}).length === 0) {
      this.fault(`${path}.select`, "a SELECT_ONE question needs select keys");
    }
    if (q.data_pattern !== undefined) {
      try {
        new RegExp(q.data_pattern, "u");
      } catch {
        this.fault(`${path}.data_pattern`, "not a valid regular expression");
      }
    }

    const option = q.option_id == null ? undefined : options.get(q.option_id);
    if (q.option_id != null && !option) {
      this.fault(`${path}.option_id`, `unknown option "${q.option_id}"`);
    }
    const scope = option ? [option] : [...options.values()];
    const category = q.holder_category_id;
    if (
      category != null &&
      !scope.some((o) => o.holder_categories.some((c) => c.holder_category_id === category))
    ) {
      this.fault(`${path}.holder_category_id`, `unknown holder category "${category}"`);
    }
  }

  slot(
    s: InventorySlot,
    e: InventoryExperience,
    options: Map<string, InventoryOption>,
    path: string,
  ): void {
    const option = options.get(s.option_id);
    if (!option) this.fault(`${path}.option_id`, `unknown option "${s.option_id}"`);

    const kinds = [
      s.daily_slot && "DAILY",
      s.open_slot && "OPEN",
      s.time_slot && "TIME",
    ].filter(Boolean);
    if (kinds.length !== 1 || kinds[0] !== e.availability_slot_type) {
      const field = e.availability_slot_type.toLowerCase() + "_slot";
      this.fault(
        path,
        `a slot of a ${e.availability_slot_type} experience has ${field} and no other kind`,
      );
    }

    if (s.daily_slot && !parseLocalDate(s.daily_slot.date)) {
      this.fault(`${path}.daily_slot.date`, `"${s.daily_slot.date}" is not a date`);
    }
    if (s.time_slot) this.timeSlot(s.time_slot, `${path}.time_slot`);
    if (s.open_slot) this.openSlot(s.open_slot, `${path}.open_slot`);

    const categories = s.available_holder_categories;
    this.unique(
      `${path}.available_holder_categories`,
      categories.map((c) => c.holder_category_id),
      "holder_category_id",
    );
    categories.forEach((c, i) => {
      const at = `${path}.available_holder_categories[${i}]`;
      const onOption = option?.holder_categories.some(
        (h) => h.holder_category_id === c.holder_category_id,
      );
      if (option && !onOption) {
        this.fault(
          `${at}.holder_category_id`,
          `"${c.holder_category_id}" is not a holder category of option "${s.option_id}"`,
        );
      }
      this.range(at, c.min_quantity, c.max_quantity, "quantity");
    });
  }

  timeSlot(t: NonNullable<InventorySlot["time_slot"]>, path: string): void {
    const start = parseLocalDateTime(t.start);
    const end = parseLocalDateTime(t.end);
    if (!start) this.fault(`${path}.start`, `"${t.start}" is not a date-time`);
    if (!end) this.fault(`${path}.end`, `"${t.end}" is not a date-time`);
    if (start && end && Temporal.PlainDateTime.compare(end, start) <= 0) {
      this.fault(`${path}.end`, "end is not after start");
    }
    (t.pickup_ids ?? []).forEach((id, i) => {
      if (!this.pickups.has(id)) this.fault(`${path}.pickup_ids[${i}]`, `unknown pickup "${id}"`);
    });
    this.unique(`${path}.pickup_ids`, t.pickup_ids ?? [], "pickup_id");
  }

  openSlot(o: NonNullable<InventorySlot["open_slot"]>, path: string): void {
    if (o.type === "DURATION_DAYS" && o.duration_days === undefined) {
      this.fault(`${path}.duration_days`, "a DURATION_DAYS open slot needs duration_days");
    }
    if (o.type === "END_DATE" && !(o.end_date && parseLocalDate(o.end_date))) {
      this.fault(`${path}.end_date`, "an END_DATE open slot needs a valid end_date");
    }
  }
}
