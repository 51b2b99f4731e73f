/**
 * @module inventory/demo
 * A realistic demo inventory, dated from `today` so it never goes stale:
 * a guided TIME tour in Rome with hotel pickups, per-person QR tickets and
 * mandatory questions of every data type at both levels; a DAILY harbour
 * pass in New York with one group barcode; an OPEN museum pass in Tokyo.
 */
import type { Inventory, InventorySlot } from "./schema.ts";

const ADULT = { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 };
const CHILD = {
  holder_category_id: "child",
  holder_type: "CHILD",
  minimum_age: 4,
  maximum_age: 17,
};

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
      { pickup_id: "hotel-artemide", name: "Hotel Artemide, Via Nazionale 22", type: "HOTEL", latitude: 41.9008, longitude: 12.4932, time_margin: 30 },
      { pickup_id: "hotel-quirinale", name: "Hotel Quirinale, Via Nazionale 7", type: "HOTEL", latitude: 41.9012, longitude: 12.4951, time_margin: 25 },
      { pickup_id: "termini-meeting-point", name: "Roma Termini, main entrance", type: "MEETING_POINT", latitude: 41.9009, longitude: 12.5016, time_margin: 15 },
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
          { mandatory_question_id: "lead-phone", question: "Lead traveller's mobile number", data_type: "PHONE_NUMBER", level: "BOOKING" },
          { mandatory_question_id: "arrival-date", question: "Date of arrival in Rome", data_type: "DATE", level: "BOOKING" },
          { mandatory_question_id: "contact-email", question: "Email for the day's updates", data_type: "EMAIL", level: "BOOKING", option_id: "guided-tour" },
          { mandatory_question_id: "full-name", question: "Full name as on the ID document", data_type: "STRING", level: "BY_PAX" },
          { mandatory_question_id: "id-number", question: "ID document number", data_type: "STRING", level: "BY_PAX", holder_category_id: "adult", data_pattern: "^[A-Z0-9]{6,12}$" },
          { mandatory_question_id: "child-age", question: "Child's age", data_type: "INTEGER", level: "BY_PAX", holder_category_id: "child" },
          { mandatory_question_id: "lunch", question: "Lunch box", data_type: "SELECT_ONE", level: "BY_PAX", select: { standard: "Standard", vegetarian: "Vegetarian", none: "No lunch" } },
          { mandatory_question_id: "shoe-size", question: "Shoe size (EU) for the underground level", data_type: "DECIMAL", level: "BY_PAX" },
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
              { holder_category_id: "infant", holder_type: "INFANT", minimum_age: 0, maximum_age: 3 },
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
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 300000 }],
            open_slot: { type: "END_DATE", end_date: today.add({ days: days + 60 }).toString() },
          },
        ],
      },
    ],
  };
}
