/**
 * @module webhook/schemas
 * PORTA's webhook bodies, as TypeBox schemas. They validate requests, type
 * the services and write the OpenAPI document. Field names, patterns and
 * enums follow the `webhooks` section of PORTA's OpenAPI document; unknown
 * extra properties are tolerated everywhere (PORTA adds fields).
 */
import { Type, type Static } from "@sinclair/typebox";
import { PORTA_ERROR_CODES } from "../errors.ts";
import { Id } from "../ids.ts";

const Uuid = (description: string) =>
  Type.String({
    format: "uuid",
    description,
    examples: ["0b5a3f6e-2f4c-4d8a-9a41-6f0e1c2d3b4a"],
  });

// Arrays are bounded (quantities 50, people 1,000, answers 200 a person):
// far above any real booking, and low enough that checking a hostile body
// (uniqueItems is quadratic) stays cheap.

/**
 * A key PORTA chooses and we store as given (DECISIONS 12): any string, but
 * not an empty one, and not one long enough to bloat rows and log lines.
 */
const PortaKey = (description: string) =>
  Type.String({ minLength: 1, maxLength: 200, description });

/** Most items (people) in one confirmation: a hold of more could never be confirmed. */
export const MAX_BOOKING_ITEMS = 1000;

export const HoldQuantity = Type.Object({
  holder_category_id: Id("The holder category ID."),
  quantity: Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    format: "int32",
    description: "The quantity of pax.",
  }),
  guide_language: Type.Optional(
    Type.String({ description: "The requested language (ISO 639-1)." }),
  ),
});

export const HoldRequest = Type.Object(
  {
    experience_id: Id("The experience ID."),
    option_id: Id("The option ID."),
    slot_id: Id("The availability slot ID."),
    pickup_id: Type.Optional(Id("The pickup ID, if any.")),
    hold_id: Uuid("The ID of the hold availability request."),
    expiration_time: Type.String({
      format: "date-time",
      description: "When the hold expires, in the experience's local time. " +
        "Any offset or `Z` is ignored (DECISIONS 7).",
      examples: ["2024-04-22T12:42:37Z"],
    }),
    quantities: Type.Array(HoldQuantity, {
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      description: "The requested holder categories and their quantities.",
    }),
  },
  { title: "Hold availability request" },
);

export const HoldResponse = Type.Object({
  hold_id: Type.String({ description: "The hold ID from the request." }),
  transaction_id: Type.String({
    description: "The supplier's own ID for the hold request.",
  }),
});

export const MandatoryAnswer = Type.Object({
  mandatory_question_id: Id("The mandatory question ID."),
  answer: Type.String({ description: "The customer's answer." }),
});

export const BookingItem = Type.Object({
  request_id: Uuid("PORTA's own ID for this item in the booking."),
  holder_category_id: Id("The holder category ID."),
  slot_id: Id("The availability slot ID."),
  pickup_id: Type.Optional(Id("The pickup ID, if any.")),
  mandatory_answers: Type.Optional(Type.Array(MandatoryAnswer, { maxItems: 200 })),
});

export const Holder = Type.Object({
  email: Type.String({ format: "email" }),
  first_name: Type.String(),
  last_name: Type.String(),
});

export const BookingRequest = Type.Object(
  {
    booking_id: PortaKey("The ID of the booking to confirm."),
    hold_id: PortaKey("The ID of the hold to confirm."),
    tuimm_booking_id: Type.String({
      pattern: "^MUS[0-9]+?_[0-9]+?$",
      description: "Musement order ID and item ID, joined by `_`.",
      examples: ["MUS123456_7890123"],
    }),
    holder: Holder,
    booking_requests: Type.Array(BookingItem, {
      minItems: 1,
      maxItems: MAX_BOOKING_ITEMS,
      uniqueItems: true,
      description: "One item per person.",
    }),
  },
  { title: "Booking confirmation request" },
);

export const TicketSchema = Type.Object({
  number: Type.String({ description: "The ticket value." }),
  type: Type.Union([Type.Literal("FOR_ALL"), Type.Literal("FOR_SINGLE_PERSON")]),
  format: Type.Union(
    ["BARCODE", "NONE", "QR", "TEXT", "URL"].map((f) => Type.Literal(f)),
  ),
  request_id: Type.Optional(Type.String({ format: "uuid" })),
  holder_category_id: Type.Optional(Type.String()),
  mimeType: Type.Optional(Type.String()),
});

export const BookingResponse = Type.Object({
  booking_id: Type.String({ description: "The booking ID from the request." }),
  transaction_id: Type.String({
    description: "The supplier's own ID for the booking.",
  }),
  tickets: Type.Array(TicketSchema),
});

export const CancelRequest = Type.Object(
  {
    // PORTA documents a uuid here, but booking_id is stored as given on
    // confirmation and cancellation alike (DECISIONS 12), so any string.
    booking_id: PortaKey("The booking to cancel."),
    transaction_id: Type.String({
      maxLength: 200,
      description: "Our transaction_id from the confirmation (may be empty " +
        "when `unconfirmed` is true).",
    }),
    ticket_numbers: Type.Array(Type.String(), { maxItems: 1000 }),
    unconfirmed: Type.Optional(
      Type.Boolean({
        description: "True when PORTA gave up waiting for our confirmation.",
      }),
    ),
  },
  { title: "Booking cancellation request" },
);

export const Empty = Type.Object({}, { description: "Booking cancelled." });

export const HealthResponse = Type.Object({
  status: Type.Literal("ok"),
  version: Type.String(),
  schema_version: Type.Integer(),
});

export const Webhook400 = Type.Object(
  {
    code: Type.Union(PORTA_ERROR_CODES.map((c) => Type.Literal(c))),
    id: Type.String({ format: "uuid" }),
    message: Type.String(),
  },
  { description: "Bad request" },
);

export type HoldRequest = Static<typeof HoldRequest>;
export type HoldResponse = Static<typeof HoldResponse>;
export type BookingRequest = Static<typeof BookingRequest>;
export type BookingResponse = Static<typeof BookingResponse>;
export type Ticket = Static<typeof TicketSchema>;
export type CancelRequest = Static<typeof CancelRequest>;
