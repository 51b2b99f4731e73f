/**
 * @module bench/inventory
 * The benchmark's inventory, in the real import format: one TIME
 * experience in Rome whose option issues a QR ticket per person and asks
 * two mandatory questions (so a confirmation checks answers and writes
 * tickets, as a real one does), with
 *
 * - `count` ordinary slots `s-00000`…, ten a day from `firstDay` on, each
 *   of `capacity` seats: the "spread" workload picks among them;
 * - one slot per name in `hot`, of `hotCapacity` seats: the "contended"
 *   workload sends every hold of a run to one of them, and each run gets
 *   its own, so that every run starts from an empty slot. Once it is
 *   full, holds are refused with NO_CAPACITY_LEFT, as they would be.
 */
import type { Inventory, InventorySlot } from "../src/inventory/schema.ts";

export const EXPERIENCE_ID = "bench-tour";
export const OPTION_ID = "standard";
export const CATEGORY_ID = "adult";
export const TIME_ZONE = "Europe/Rome";
export const SLOTS_PER_DAY = 10;

export interface BenchInventoryOptions {
  count: number;
  firstDay: Temporal.PlainDate;
  capacity?: number;
  hot?: readonly string[];
  hotCapacity?: number;
}

export const spreadSlotId = (i: number) => `s-${String(i).padStart(5, "0")}`;

function timeSlot(slotId: string, day: Temporal.PlainDate, hour: number, capacity: number) {
  const start = day.toPlainDateTime({ hour });
  const slot: InventorySlot = {
    slot_id: slotId,
    option_id: OPTION_ID,
    capacity,
    guide_languages: ["en", "it"],
    available_holder_categories: [{ holder_category_id: CATEGORY_ID, price_in_cents: 4500 }],
    time_slot: { start: start.toString(), end: start.add({ hours: 2 }).toString() },
  };
  return slot;
}

export function benchInventory(options: BenchInventoryOptions): Inventory {
  const capacity = options.capacity ?? 1000;
  const slots: InventorySlot[] = [];
  for (let i = 0; i < options.count; i++) {
    const day = options.firstDay.add({ days: Math.floor(i / SLOTS_PER_DAY) });
    slots.push(timeSlot(spreadSlotId(i), day, 8 + (i % SLOTS_PER_DAY), capacity));
  }
  for (const name of options.hot ?? []) {
    slots.push(timeSlot(name, options.firstDay, 20, options.hotCapacity ?? capacity));
  }

  return {
    vendors: [{ vendor_id: "bench-vendor", name: "Benchmark Tours S.r.l." }],
    experiences: [
      {
        experience_id: EXPERIENCE_ID,
        vendor_id: "bench-vendor",
        experience_name: "Benchmark walking tour",
        availability_slot_type: "TIME",
        currency: "EUR",
        cutoff_time: "PT2H",
        time_zone: TIME_ZONE,
        cancellation_cutoff: "P1D",
        options: [
          {
            option_id: OPTION_ID,
            label: "Standard tour",
            holder_categories: [
              { holder_category_id: CATEGORY_ID, holder_type: "ADULT", minimum_age: 18 },
            ],
            ticket: { type: "FOR_SINGLE_PERSON", format: "QR" },
          },
        ],
        mandatory_questions: [
          {
            mandatory_question_id: "full-name",
            question: "Full name as on the ID document",
            data_type: "STRING",
            level: "BY_PAX",
          },
          {
            mandatory_question_id: "lead-phone",
            question: "Lead traveller's mobile number",
            data_type: "PHONE_NUMBER",
            level: "BOOKING",
          },
        ],
        slots,
      },
    ],
  };
}
