/**
 * @module inventory/schema
 * The inventory file: PORTA's catalog shapes (`Vendor`, `Pickup`,
 * `Experience` with `Option` and `HolderCategory`, `MandatoryQuestion`,
 * `AvailabilitySlot`) plus our extension fields, marked "extension" below.
 * The shape is checked here; cross-references and values that need more
 * than a schema (time zones, durations, dates) are checked in validate.ts.
 */
import { type ObjectOptions, type TProperties, Type, type Static } from "@sinclair/typebox";
import { Id } from "../ids.ts";

/**
 * Inventory objects refuse properties they do not know: a typo such as
 * `capcity` must not import as a slot with no seat limit. (Webhook bodies,
 * by contrast, tolerate PORTA's extra fields.)
 */
const Strict = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

const Count = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 2_147_483_647, description });

export const TICKET_FORMATS = ["BARCODE", "NONE", "QR", "TEXT", "URL"] as const;
export const DATA_TYPES = [
  "DATE",
  "DECIMAL",
  "EMAIL",
  "INTEGER",
  "PHONE_NUMBER",
  "SELECT_ONE",
  "STRING",
] as const;
export const HOLDER_TYPES = [
  "ADULT",
  "CHILD",
  "FAMILY",
  "GROUP",
  "INFANT",
  "MILITARY",
  "REGULAR",
  "SENIOR",
  "STUDENT",
  "YOUTH",
] as const;

const literals = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v)));

export const Vendor = Strict({
  vendor_id: Id("The vendor ID."),
  name: Type.String({ minLength: 1 }),
});

export const Pickup = Strict({
  pickup_id: Id("The pickup ID."),
  name: Type.String({ minLength: 1 }),
  type: literals(["HOTEL", "MEETING_POINT"]),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  time_margin: Type.Optional(
    Count("Minutes before the slot's start that the pickup happens."),
  ),
});

export const HolderCategory = Strict({
  holder_category_id: Id("The holder category ID."),
  // PORTA's enum lists "CUSTOM*": any value starting with CUSTOM.
  holder_type: Type.String({ minLength: 1 }),
  minimum_age: Count("Minimum age."),
  maximum_age: Type.Optional(Count("Maximum age.")),
  default_category: Type.Optional(Type.Boolean()),
});

export const Ticket = Strict(
  {
    type: literals(["FOR_ALL", "FOR_SINGLE_PERSON"]),
    format: literals(TICKET_FORMATS),
    url_template: Type.Optional(
      Type.String({
        description: "For format URL: the ticket's address, `{number}` " +
          "standing for the ticket number.",
      }),
    ),
    mime_type: Type.Optional(Type.String({ minLength: 1 })),
  },
  { description: "Extension: the tickets a booking of this option gets." },
);

export const Option = Strict({
  option_id: Id("The option ID."),
  label: Type.String({ minLength: 1 }),
  main_option: Type.Optional(Type.Boolean()),
  min_booking_quantity: Type.Optional(Count("Fewest seats in one booking.")),
  max_booking_quantity: Type.Optional(Count("Most seats in one booking.")),
  holder_categories: Type.Array(HolderCategory),
  ticket: Type.Optional(Ticket),
});

const NullableString = Type.Optional(Type.Union([Type.Null(), Type.String()]));

export const MandatoryQuestion = Strict({
  mandatory_question_id: Id("The mandatory question ID."),
  question: Type.String({ minLength: 1 }),
  data_type: literals(DATA_TYPES),
  level: literals(["BOOKING", "BY_PAX"]),
  data_pattern: Type.Optional(Type.String()),
  select: Type.Optional(Type.Record(Type.String(), Type.String())),
  option_id: NullableString,
  holder_category_id: NullableString,
});

export const AvailableHolderCategory = Strict({
  holder_category_id: Id("The holder category ID."),
  price_in_cents: Type.Integer({ minimum: 0 }),
  min_quantity: Type.Optional(Count("Fewest of this category in one hold.")),
  max_quantity: Type.Optional(Count("Most of this category in one hold.")),
});

export const Slot = Strict({
  slot_id: Id("The availability slot ID."),
  option_id: Id("The option ID."),
  available_holder_categories: Type.Array(AvailableHolderCategory),
  guide_languages: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  // Absent: no seat limit. 0: sold out (DECISIONS 9).
  capacity: Type.Optional(Count("Seats on this slot.")),
  daily_slot: Type.Optional(Strict({ date: Type.String() })),
  time_slot: Type.Optional(
    Strict({
      start: Type.String(),
      end: Type.String(),
      pickup_ids: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  open_slot: Type.Optional(
    Strict({
      type: literals(["DURATION_DAYS", "END_DATE"]),
      duration_days: Type.Optional(Type.Integer({ minimum: 1 })),
      end_date: Type.Optional(Type.String()),
    }),
  ),
});

export const Experience = Strict({
  experience_id: Id("The experience ID."),
  vendor_id: Id("The vendor ID."),
  experience_name: Type.String({ minLength: 1 }),
  availability_slot_type: literals(["DAILY", "OPEN", "TIME"]),
  currency: Type.String({ pattern: "^[A-Z]{3}$" }),
  cutoff_time: Type.Optional(Type.String()),
  archived: Type.Optional(Type.Boolean()),
  external_experience_id: Type.Optional(Type.String()),
  external_experience_name: Type.Optional(Type.String()),
  time_zone: Type.String({ description: "Extension: an IANA time zone." }),
  cancellation_cutoff: Type.Optional(
    Type.String({
      description: "Extension: ISO 8601 duration before the slot's start " +
        "after which a booking can no longer be cancelled.",
    }),
  ),
  options: Type.Array(Option),
  mandatory_questions: Type.Optional(Type.Array(MandatoryQuestion)),
  slots: Type.Optional(Type.Array(Slot)),
});

export const Inventory = Strict({
  vendors: Type.Optional(Type.Array(Vendor)),
  pickups: Type.Optional(Type.Array(Pickup)),
  experiences: Type.Optional(Type.Array(Experience)),
});

export type Inventory = Static<typeof Inventory>;
export type InventoryExperience = Static<typeof Experience>;
export type InventoryOption = Static<typeof Option>;
export type InventorySlot = Static<typeof Slot>;
export type InventoryQuestion = Static<typeof MandatoryQuestion>;
export type InventoryPickup = Static<typeof Pickup>;
export type InventoryVendor = Static<typeof Vendor>;
