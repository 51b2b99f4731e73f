/**
 * @module inventory/slot-time
 * When a slot starts and stops selling, from DECISIONS 7a and 10: a TIME
 * slot starts at its local start, a DAILY slot at local midnight of its
 * date; an OPEN slot has no start, and an END_DATE one stops selling when
 * its end date is over.
 */
import {
  parseDuration,
  parseLocalDate,
  parseLocalDateTime,
  remembered,
  startOfDay,
  zoned,
} from "../time.ts";
import type { SlotRow } from "./repository.ts";

type SlotTiming = Pick<
  SlotRow,
  "kind" | "date" | "start_local" | "open_type" | "end_date" | "time_zone"
>;

/** The slot's start, or null for an OPEN slot. */
export function slotStart(slot: SlotTiming): Temporal.ZonedDateTime | null {
  if (slot.kind === "TIME") {
    return zoned(parseLocalDateTime(slot.start_local!)!, slot.time_zone);
  }
  if (slot.kind === "DAILY") {
    return startOfDay(parseLocalDate(slot.date!)!, slot.time_zone);
  }
  return null;
}

/** Epoch ms after which an END_DATE open slot is over, or null. */
function openSlotEnd(slot: SlotTiming): number | null {
  if (slot.kind !== "OPEN" || slot.open_type !== "END_DATE") return null;
  const day = parseLocalDate(slot.end_date!)!.add({ days: 1 });
  return startOfDay(day, slot.time_zone).epochMilliseconds;
}

/**
 * The last instant (epoch ms, exclusive) at which something can still be
 * done on the slot: `lead` before its start, or the end of an END_DATE
 * open slot; null when nothing limits it.
 */
export const deadline = remembered(
  computeDeadline,
  (slot: SlotTiming, lead: string | null) =>
    [slot.kind, slot.date, slot.start_local, slot.open_type, slot.end_date, slot.time_zone, lead]
      .join("\u0000"),
);

function computeDeadline(slot: SlotTiming, lead: string | null): number | null {
  const start = slotStart(slot);
  if (!start) return openSlotEnd(slot);
  const duration = lead ? parseDuration(lead) : null;
  return (duration ? start.subtract(duration) : start).epochMilliseconds;
}
