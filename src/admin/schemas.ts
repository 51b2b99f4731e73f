/**
 * @module admin/schemas
 * The admin API's own bodies, query strings and answers, as TypeBox
 * schemas; query strings are text, checked by admin/query.ts. Inventory
 * entities are not here: the admin API takes and gives them in the import
 * format (inventory/schema.ts), PORTA's catalog shapes.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { ADMIN_ERROR_CODES, PORTA_ERROR_CODES } from "../errors.ts";
import { Id } from "../ids.ts";

const literals = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const NullableInteger = Nullable(Type.Integer());
const NullableText = Nullable(Type.String());

// `accepts` is what a refusal says the parameter takes (admin/query.ts).
const Day = (description: string) =>
  Type.String({
    pattern: "^\\d{4}-\\d{2}-\\d{2}$",
    description,
    examples: ["2030-06-15"],
    accepts: "a date, YYYY-MM-DD",
  });
const QueryId = (description: string) =>
  Type.String({ ...Id(description), accepts: "an id of a-z, 0-9, '.', '_' and '-'" });
const Limit = Type.String({
  pattern: "^([1-9][0-9]{0,3}|10000)$",
  description: "Most rows to return, 1 to 10000 (default 100).",
  accepts: "an integer from 1 to 10000",
});

export const HOLD_STATUSES = ["HELD", "EXPIRED", "CONFIRMED", "RELEASED"] as const;
export const BOOKING_STATUSES = ["CONFIRMED", "CANCELLED"] as const;

export const AdminError = Type.Object(
  {
    code: literals([...PORTA_ERROR_CODES, ...ADMIN_ERROR_CODES]),
    id: Type.String({ format: "uuid" }),
    message: Type.String(),
  },
  { description: "Refused: the same body as a webhook refusal" },
);

// No `minimum` here: inside a union it would turn a negative number into a
// vague "Expected union value"; the service refuses it by name instead.
export const CapacityBody = Type.Object({
  capacity: Nullable(
    Type.Integer({ description: "Seats on the slot, 0 or more; null for no limit." }),
  ),
});

export const SeatsBody = Type.Object({
  seats: Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    description: "Seats to add to, or take off, the slot's capacity.",
  }),
});

export const SlotSeats = Type.Object({
  experience_id: Type.String(),
  option_id: Type.String(),
  slot_id: Type.String(),
  kind: literals(["DAILY", "OPEN", "TIME"]),
  date: NullableText,
  start: Nullable(Type.String({ description: "Local start; null for an OPEN slot." })),
  end: NullableText,
  capacity: NullableInteger,
  held: Type.Integer({ description: "Seats in live holds." }),
  booked: Type.Integer({ description: "Seats in confirmed bookings." }),
  remaining: Nullable(Type.Integer({ description: "Seats left; null for no limit." })),
});

export const ExperienceSummary = Type.Object({
  experience_id: Type.String(),
  vendor_id: Type.String(),
  experience_name: Type.String(),
  availability_slot_type: literals(["DAILY", "OPEN", "TIME"]),
  time_zone: Type.String(),
  archived: Type.Boolean(),
  options: Type.Integer(),
  slots: Type.Integer(),
});

export const SlotsQuery = Type.Object({
  option_id: Type.Optional(QueryId("Only this option's slots.")),
  from: Type.Optional(Day("First local date (inclusive); OPEN slots have none.")),
  to: Type.Optional(Day("Last local date (inclusive).")),
});

const SlotFilter = {
  experience_id: Type.Optional(QueryId("Only this experience.")),
  option_id: Type.Optional(QueryId("Only this option.")),
  slot_id: Type.Optional(QueryId("Only this slot.")),
  from: Type.Optional(Day("Slots from this local date (inclusive).")),
  to: Type.Optional(Day("Slots up to this local date (inclusive).")),
  limit: Type.Optional(Limit),
};

export const HoldsQuery = Type.Object({
  ...SlotFilter,
  status: Type.Optional(literals(HOLD_STATUSES)),
});

export const BookingsQuery = Type.Object({
  ...SlotFilter,
  status: Type.Optional(literals(BOOKING_STATUSES)),
});

const SlotOf = {
  experience_id: NullableText,
  option_id: NullableText,
  slot_id: NullableText,
  date: NullableText,
  start: NullableText,
};

export const HoldSummary = Type.Object({
  hold_id: Type.String(),
  transaction_id: Type.String(),
  ...SlotOf,
  pickup_id: NullableText,
  seats: Type.Integer(),
  quantities: Type.Array(
    Type.Object({
      holder_category_id: Type.String(),
      quantity: Type.Integer(),
      guide_language: Type.Optional(Type.String()),
    }),
  ),
  expiration_time: Type.String(),
  status: literals(HOLD_STATUSES),
  created_at: Type.String({ description: "UTC instant." }),
});

export const Holder = Type.Object({
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
});

export const BookingSummary = Type.Object({
  booking_id: Type.String(),
  tuimm_booking_id: NullableText,
  transaction_id: NullableText,
  status: literals(BOOKING_STATUSES),
  ...SlotOf,
  seats: Type.Integer(),
  lead: Nullable(Holder),
  created_at: Type.String({ description: "UTC instant." }),
  cancelled_at: NullableText,
  cancel_reason: NullableText,
});

export const PickupStop = Type.Object({
  pickup_id: Type.String(),
  name: NullableText,
  type: NullableText,
  time_margin: NullableInteger,
  time: Nullable(
    Type.String({ description: "Local pickup time: the slot's start less time_margin." }),
  ),
});

export const StoredTicket = Type.Object({
  number: Type.String(),
  type: Type.String(),
  format: Type.String(),
  request_id: NullableText,
  holder_category_id: NullableText,
});

export const BookingItem = Type.Object({
  request_id: Type.String(),
  holder_category_id: Type.String(),
  pickup_id: NullableText,
  answers: Type.Array(
    Type.Object({ mandatory_question_id: Type.String(), answer: Type.String() }),
  ),
  ticket_number: Nullable(Type.String({ description: "This person's ticket, or the group's." })),
});

export const BookingDetail = Type.Object({
  ...BookingSummary.properties,
  hold_id: NullableText,
  time_zone: NullableText,
  pickup: Nullable(PickupStop),
  items: Type.Array(BookingItem),
  tickets: Type.Array(StoredTicket),
});

export const ManifestQuery = Type.Object({
  format: Type.Optional(literals(["json", "csv"])),
});

export const DayManifestQuery = Type.Object({
  date: Day("The local date of the slots."),
  experience_id: Type.Optional(QueryId("Only this experience.")),
  format: Type.Optional(literals(["json", "csv"])),
});

export const ManifestPerson = Type.Object({
  request_id: Type.String(),
  holder_category_id: Type.String(),
  ticket_number: NullableText,
  answers: Type.Record(Type.String(), Type.String()),
});

export const ManifestBooking = Type.Object({
  booking_id: Type.String(),
  tuimm_booking_id: NullableText,
  status: literals(BOOKING_STATUSES),
  lead: Nullable(Holder),
  pickup: Nullable(PickupStop),
  people: Type.Array(ManifestPerson),
});

export const ManifestSlot = Type.Object({
  ...SlotSeats.properties,
  experience_name: Type.String(),
  time_zone: Type.String(),
  questions: Type.Array(
    Type.Object({ mandatory_question_id: Type.String(), question: Type.String() }),
  ),
  bookings: Type.Array(ManifestBooking),
});

export const Manifest = Type.Object({
  date: NullableText,
  slots: Type.Array(ManifestSlot),
});

export const AuditQuery = Type.Object({
  from: Type.Optional(Type.String({ description: "First instant (ISO 8601, inclusive)." })),
  to: Type.Optional(Type.String({ description: "Last instant (ISO 8601, exclusive)." })),
  actor: Type.Optional(Type.String({ description: "porta, cli or admin:NAME." })),
  action: Type.Optional(Type.String({ examples: ["capacity.set"] })),
  outcome: Type.Optional(Type.String({ description: "OK or a refusal's code." })),
  subject: Type.Optional(Type.String({ description: "An id, e.g. rome-tour/standard/s-0900." })),
  limit: Type.Optional(Limit),
});

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ description: "UTC instant." }),
  actor: Type.String(),
  request_id: NullableText,
  action: Type.String(),
  outcome: Type.String(),
  subject: NullableText,
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export type SlotSeats = Static<typeof SlotSeats>;
export type ExperienceSummary = Static<typeof ExperienceSummary>;
export type SlotsQuery = Static<typeof SlotsQuery>;
export type HoldsQuery = Static<typeof HoldsQuery>;
export type BookingsQuery = Static<typeof BookingsQuery>;
export type HoldSummary = Static<typeof HoldSummary>;
export type BookingSummary = Static<typeof BookingSummary>;
export type BookingDetail = Static<typeof BookingDetail>;
export type PickupStop = Static<typeof PickupStop>;
export type Manifest = Static<typeof Manifest>;
export type ManifestSlot = Static<typeof ManifestSlot>;
export type AuditQuery = Static<typeof AuditQuery>;
