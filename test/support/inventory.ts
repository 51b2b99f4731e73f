/**
 * A small inventory in the real import format, with fixed dates, for
 * in-process tests that run on an injected clock (see app.ts).
 *
 * - `rome-tour` (Europe/Rome, TIME): option `standard` with per-person QR
 *   tickets, adults and children, pickups on slot `s-0900`; option `vip`
 *   with a group ticket and booking limits. Cut-off PT2H, cancellation
 *   cut-off P1D.
 * - `ny-pass` (America/New_York, DAILY): group barcode ticket.
 * - `tokyo-pass` (Asia/Tokyo, OPEN, END_DATE).
 */
import type { Inventory } from "../../src/inventory/schema.ts";

export const DAY = "2030-06-15";

export function testInventory(): Inventory {
  return {
    vendors: [{ vendor_id: "v1", name: "Vendor One" }],
    pickups: [
      { pickup_id: "hotel-a", name: "Hotel A", type: "HOTEL", time_margin: 30 },
      { pickup_id: "station", name: "Station", type: "MEETING_POINT" },
    ],
    experiences: [
      {
        experience_id: "rome-tour",
        vendor_id: "v1",
        experience_name: "Rome tour",
        availability_slot_type: "TIME",
        currency: "EUR",
        cutoff_time: "PT2H",
        time_zone: "Europe/Rome",
        cancellation_cutoff: "P1D",
        options: [
          {
            option_id: "standard",
            label: "Standard",
            holder_categories: [
              { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
              { holder_category_id: "child", holder_type: "CHILD", minimum_age: 3 },
            ],
            ticket: { type: "FOR_SINGLE_PERSON", format: "QR" },
          },
          {
            option_id: "vip",
            label: "VIP",
            min_booking_quantity: 2,
            max_booking_quantity: 4,
            holder_categories: [
              { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
            ],
            ticket: { type: "FOR_ALL", format: "TEXT" },
          },
        ],
        mandatory_questions: [],
        slots: [
          {
            slot_id: "s-0900",
            option_id: "standard",
            capacity: 10,
            guide_languages: ["en", "it"],
            available_holder_categories: [
              { holder_category_id: "adult", price_in_cents: 5000, max_quantity: 8 },
              { holder_category_id: "child", price_in_cents: 2500, min_quantity: 2 },
            ],
            time_slot: {
              start: `${DAY}T09:00:00`,
              end: `${DAY}T12:00:00`,
              pickup_ids: ["hotel-a", "station"],
            },
          },
          {
            slot_id: "s-1500",
            option_id: "standard",
            capacity: 4,
            available_holder_categories: [
              { holder_category_id: "adult", price_in_cents: 5000 },
              { holder_category_id: "child", price_in_cents: 2500 },
            ],
            time_slot: { start: `${DAY}T15:00:00`, end: `${DAY}T18:00:00` },
          },
          {
            slot_id: "unlimited",
            option_id: "standard",
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 1 }],
            time_slot: { start: `${DAY}T20:00:00`, end: `${DAY}T21:00:00` },
          },
          {
            slot_id: "sold-out",
            option_id: "standard",
            capacity: 0,
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 1 }],
            time_slot: { start: `${DAY}T21:00:00`, end: `${DAY}T22:00:00` },
          },
          {
            slot_id: "vip-1000",
            option_id: "vip",
            capacity: 8,
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 20000 }],
            time_slot: { start: `${DAY}T10:00:00`, end: `${DAY}T11:00:00` },
          },
        ],
      },
      {
        experience_id: "ny-pass",
        vendor_id: "v1",
        experience_name: "New York pass",
        availability_slot_type: "DAILY",
        currency: "USD",
        time_zone: "America/New_York",
        options: [
          {
            option_id: "day",
            label: "Day pass",
            holder_categories: [
              { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
            ],
            ticket: { type: "FOR_ALL", format: "BARCODE" },
          },
        ],
        slots: [
          {
            slot_id: DAY,
            option_id: "day",
            capacity: 100,
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 3000 }],
            daily_slot: { date: DAY },
          },
        ],
      },
      {
        experience_id: "tokyo-pass",
        vendor_id: "v1",
        experience_name: "Tokyo pass",
        availability_slot_type: "OPEN",
        currency: "JPY",
        time_zone: "Asia/Tokyo",
        options: [
          {
            option_id: "open",
            label: "Open pass",
            holder_categories: [
              { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
            ],
          },
        ],
        slots: [
          {
            slot_id: "season",
            option_id: "open",
            capacity: 5,
            available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 100 }],
            open_slot: { type: "END_DATE", end_date: DAY },
          },
        ],
      },
    ],
  };
}
