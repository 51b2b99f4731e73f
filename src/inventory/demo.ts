/**
 * @module inventory/demo
 * A realistic demo inventory, dated from `today` so it never goes stale:
 * a guided TIME tour in Rome with hotel pickups, per-person QR tickets and
 * mandatory questions of every data type at both levels; a DAILY harbour
 * pass in New York with one group barcode; an OPEN museum pass in Tokyo.
 */
import type {
  Inventory,
  InventoryPickup,
  InventoryQuestion,
  InventorySlot,
} from "./schema.ts";

const ADULT = { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 };
const CHILD = {
  holder_category_id: "child",
  holder_type: "CHILD",
  minimum_age: 4,
  maximum_age: 17,
};

const pickup = (
  pickup_id: string,
  name: string,
  type: InventoryPickup["type"],
  latitude: number,
  longitude: number,
  time_margin: number,
): InventoryPickup => ({ pickup_id, name, type, latitude, longitude, time_margin });

const question = (
  mandatory_question_id: string,
  text: string,
  data_type: InventoryQuestion["data_type"],
  level: InventoryQuestion["level"],
  extra: Partial<InventoryQuestion> = {},
): InventoryQuestion => ({ mandatory_question_id, question: text, data_type, level, ...extra });

export function demoInventory(today: Temporal.PlainDate, days = 30): Inventory {
  const dates = Array.from({ length: days }, (_, i) => today.add({ days: i + 1 }).toString());

  const romeSlots: InventorySlot[] = dates.flatMap((date) => [
    {
      slot_id: `${date}-0900`,
      option_id: "guided-tour",
      capacity: 20,
      guide_languages: ["en", "it"],
      available_holder_categories: [
        { holder_category_id: "adult", price_in_cents: 4500, max_quantity: 10 },
        { holder_category_id: "child", price_in_cents: 2500, max_quantity: 6 },
      ],
      time_slot: {
        start: `${date}T09:00:00`,
        end: `${date}T12:00:00`,
        pickup_ids: ["hotel-artemide", "hotel-quirinale", "termini-meeting-point"],
      },
    },
    {
      slot_id: `${date}-1500`,
      option_id: "guided-tour",
      capacity: 10,
      guide_languages: ["en"],
      available_holder_categories: [
        { holder_category_id: "adult", price_in_cents: 3900 },
        { holder_category_id: "child", price_in_cents: 1900 },
      ],
      time_slot: { start: `${date}T15:00:00`, end: `${date}T18:00:00` },
    },
  ]);

  const harbourSlots: InventorySlot[] = dates.map((date) => ({
    slot_id: date,
    option_id: "day-pass",
    capacity: 150,
    available_holder_categories: [
      { holder_category_id: "adult", price_in_cents: 3200 },
      { holder_category_id: "child", price_in_cents: 1600 },
      { holder_category_id: "infant", price_in_cents: 0, max_quantity: 2 },
    ],
    daily_slot: { date },
  }));

  return {
    vendors: [
      { vendor_id: "roma-walks", name: "Roma Walks S.r.l." },
      { vendor_id: "hudson-harbor", name: "Hudson Harbor Cruises Inc." },
      { vendor_id: "edo-museums", name: "Edo Museums K.K." },
    ],
    pickups: [
      pickup("hotel-artemide", "Hotel Artemide, Via Nazionale 22", "HOTEL", 41.9008, 12.4932, 30),
      pickup("hotel-quirinale", "Hotel Quirinale, Via Nazionale 7", "HOTEL", 41.9012, 12.4951, 25),
      pickup("termini-meeting-point", "Roma Termini, main entrance", "MEETING_POINT", 41.9009,
        12.5016, 15),
    ],
    experiences: [
      {
        experience_id: "colosseum-guided-tour",
        vendor_id: "roma-walks",
        experience_name: "Colosseum and Roman Forum guided tour",
        availability_slot_type: "TIME",
        currency: "EUR",
        cutoff_time: "PT2H",
        time_zone: "Europe/Rome",
        cancellation_cutoff: "P1D",
        options: [
          {
            option_id: "guided-tour",
            label: "Guided tour with hotel pickup",
            main_option: true,
            min_booking_quantity: 1,
            max_booking_quantity: 12,
            holder_categories: [ADULT, CHILD],
            ticket: { type: "FOR_SINGLE_PERSON", format: "QR" },
          },
        ],
        mandatory_questions: [
          question("lead-phone", "Lead traveller's mobile number", "PHONE_NUMBER", "BOOKING"),
          question("arrival-date", "Date of arrival in Rome", "DATE", "BOOKING"),
          question("contact-email", "Email for the day's updates", "EMAIL", "BOOKING", {
            option_id: "guided-tour",
          }),
          question("full-name", "Full name as on the ID document", "STRING", "BY_PAX"),
          question("id-number", "ID document number", "STRING", "BY_PAX", {
            holder_category_id: "adult",
            data_pattern: "^[A-Z0-9]{6,12}$",
          }),
          question("child-age", "Child's age", "INTEGER", "BY_PAX", {
            holder_category_id: "child",
          }),
          question("lunch", "Lunch box", "SELECT_ONE", "BY_PAX", {
            select: { standard: "Standard", vegetarian: "Vegetarian", none: "No lunch" },
          }),
          question("shoe-size", "Shoe size (EU) for the underground level", "DECIMAL", "BY_PAX"),
        ],
        slots: romeSlots,
      },
      {
        experience_id: "harbor-day-pass",
        vendor_id: "hudson-harbor",
        experience_name: "New York Harbor hop-on hop-off day pass",
        availability_slot_type: "DAILY",
        currency: "USD",
        time_zone: "America/New_York",
        options: [
          {
            option_id: "day-pass",
            label: "One-day pass",
            holder_categories: [
              ADULT,
              CHILD,
              {
                holder_category_id: "infant",
                holder_type: "INFANT",
                minimum_age: 0,
                maximum_age: 3,
              },
            ],
            ticket: { type: "FOR_ALL", format: "BARCODE" },
          },
        ],
        mandatory_questions: [],
        slots: harbourSlots,
      },
      {
        experience_id: "edo-museum-pass",
        vendor_id: "edo-museums",
        experience_name: "Edo-Tokyo museums pass",
        availability_slot_type: "OPEN",
        currency: "JPY",
        time_zone: "Asia/Tokyo",
        options: [
          {
            option_id: "three-day",
            label: "Three-day pass",
            holder_categories: [ADULT],
            ticket: { type: "FOR_ALL", format: "TEXT" },
          },
        ],
        slots: [
          {
            slot_id: "season",
            option_id: "three-day",
            available_holder_categories: [
              { holder_category_id: "adult", price_in_cents: 300000 },
            ],
            open_slot: { type: "END_DATE", end_date: today.add({ days: days + 60 }).toString() },
          },
        ],
      },
    ],
  };
}
