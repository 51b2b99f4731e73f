/**
 * Holds, sales cut-offs and cancellation cut-offs across both DST changes
 * of 2030 in Europe/Rome and America/New_York, in-process with the
 * injected clock and an inventory built for it (DECISIONS 7, 7a, 10, 11,
 * 18). A local time in a gap takes the later instant, one in an overlap
 * the earlier. Every expected instant is worked out by hand in UTC below,
 * not by the code under test:
 *
 * - Rome: 31 March 02:00 CET (01:00Z) jumps to 03:00 CEST, so 02:30 does
 *   not exist and means 03:30 CEST = 01:30Z; 27 October 03:00 CEST
 *   (01:00Z) falls back to 02:00 CET, so 02:30 happens at 00:30Z and at
 *   01:30Z and means 00:30Z.
 * - New York: 10 March 02:00 EST (07:00Z) jumps to 03:00 EDT, so 02:30
 *   means 03:30 EDT = 07:30Z; 3 November 02:00 EDT (06:00Z) falls back to
 *   01:00 EST, so 01:30 happens at 05:30Z and 06:30Z and means 05:30Z.
 *
 * A cut-off of P1D is a calendar day (the same wall-clock time the day
 * before: 23 or 25 hours across a change), PT24H is 24 hours exactly.
 */
import { describe, expect, test } from "bun:test";
import type { Inventory, InventorySlot as Slot } from "../src/inventory/schema.ts";
import { cancelBody } from "./support/bookings.ts";
import { type Answer, bookingBody, Harness, uuid } from "./support/harness.ts";

const ADULT = [{ holder_category_id: "adult", price_in_cents: 1000 }];

const timeSlot = (slot_id: string, start: string, capacity?: number): Slot => ({
  slot_id,
  option_id: "tour",
  ...(capacity === undefined ? {} : { capacity }),
  available_holder_categories: ADULT,
  time_slot: { start, end: start.replace(/T\d\d/, "T23") },
});

function experience(
  experience_id: string,
  time_zone: string,
  kind: "TIME" | "DAILY" | "OPEN",
  slots: Slot[],
  cutoffs: { cutoff_time?: string; cancellation_cutoff?: string } = {},
) {
  return {
    experience_id,
    vendor_id: "v1",
    experience_name: experience_id,
    availability_slot_type: kind,
    currency: "EUR",
    time_zone,
    ...cutoffs,
    options: [{
      option_id: "tour",
      label: "Tour",
      holder_categories: [{ holder_category_id: "adult", holder_type: "ADULT", minimum_age: 0 }],
      ticket: { type: "FOR_ALL" as const, format: "TEXT" as const },
    }],
    slots,
  };
}

const ROME = "Europe/Rome";
const NEW_YORK = "America/New_York";
const DAY_CUTOFFS = { cutoff_time: "PT2H", cancellation_cutoff: "P1D" };

/** The inventory of this file; slot ids say which change each slot straddles. */
function dstInventory(): Inventory {
  return {
    vendors: [{ vendor_id: "v1", name: "Vendor" }],
    experiences: [
      experience("rome-tour", ROME, "TIME", [
        timeSlot("gap", "2030-03-31T02:30:00"),
        timeSlot("overlap", "2030-10-27T02:30:00"),
        timeSlot("spring-morning", "2030-03-31T10:00:00"),
        timeSlot("autumn-morning", "2030-10-27T10:00:00"),
        timeSlot("day-after-gap", "2030-04-01T02:30:00"),
        timeSlot("day-after-overlap", "2030-10-28T02:30:00"),
        timeSlot("one-seat", "2030-12-01T10:00:00", 1),
      ], DAY_CUTOFFS),
      experience("rome-exact", ROME, "TIME", [
        timeSlot("spring-morning", "2030-03-31T10:00:00"),
        timeSlot("autumn-morning", "2030-10-27T10:00:00"),
      ], { cancellation_cutoff: "PT24H" }),
      experience("rome-open", ROME, "OPEN", [
        { slot_id: "to-spring", option_id: "tour", available_holder_categories: ADULT,
          open_slot: { type: "END_DATE", end_date: "2030-03-31" } },
        { slot_id: "to-autumn", option_id: "tour", available_holder_categories: ADULT,
          open_slot: { type: "END_DATE", end_date: "2030-10-27" } },
      ]),
      experience("ny-tour", NEW_YORK, "TIME", [
        timeSlot("gap", "2030-03-10T02:30:00"),
        timeSlot("overlap", "2030-11-03T01:30:00"),
        timeSlot("spring-morning", "2030-03-10T10:00:00"),
        timeSlot("autumn-morning", "2030-11-03T10:00:00"),
        timeSlot("day-after-gap", "2030-03-11T02:30:00"),
        timeSlot("day-after-overlap", "2030-11-04T01:30:00"),
        timeSlot("one-seat", "2030-12-01T10:00:00", 1),
      ], DAY_CUTOFFS),
      experience("ny-day", NEW_YORK, "DAILY", ["2030-03-10", "2030-11-03"].map((date) => ({
        slot_id: date,
        option_id: "tour",
        available_holder_categories: ADULT,
        daily_slot: { date },
      })), { cutoff_time: "PT2H" }),
    ],
  };
}

const outcome = (a: Answer) => (a.status === 200 ? "ok" : a.body.code);

/** A hold of `seats` on one slot, expiring at a local `expiration_time`. */
const hold = (experience_id: string, slot_id: string, expiration_time: string, seats = 1) => ({
  experience_id,
  option_id: "tour",
  slot_id,
  hold_id: uuid(),
  expiration_time,
  quantities: [{ holder_category_id: "adult", quantity: seats }],
});

const FAR = "2030-12-31T00:00:00";
const ms = (iso: string) => Date.parse(iso);

describe("sales cut-offs across DST changes (PT2H before a slot's start)", () => {
  test.each([
    // Rome 02:30 on 31 March is 01:30Z: sales end at 23:30Z the day before.
    ["a Rome slot at a time that does not exist", "2030-03-30T23:30:00Z",
      "rome-tour", "gap"],
    // Rome 02:30 on 27 October is 00:30Z (the first one): sales end 22:30Z.
    ["a Rome slot at a time that happens twice", "2030-10-26T22:30:00Z",
      "rome-tour", "overlap"],
    // New York 02:30 on 10 March is 07:30Z: sales end at 05:30Z.
    ["a New York slot at a time that does not exist", "2030-03-10T05:30:00Z",
      "ny-tour", "gap"],
    // New York 01:30 on 3 November is 05:30Z (the first one): sales end 03:30Z.
    ["a New York slot at a time that happens twice", "2030-11-03T03:30:00Z",
      "ny-tour", "overlap"],
    // Midnight of 10 March in New York is still EST, 05:00Z: sales end 03:00Z.
    ["a New York DAILY slot on the day clocks go forward", "2030-03-10T03:00:00Z",
      "ny-day", "2030-03-10"],
    // Midnight of 3 November in New York is still EDT, 04:00Z: sales end 02:00Z.
    ["a New York DAILY slot on the day clocks go back", "2030-11-03T02:00:00Z",
      "ny-day", "2030-11-03"],
    // An END_DATE slot sells until midnight after its end date, in its zone:
    // 1 April 00:00 CEST is 22:00Z on a 23-hour 31 March.
    ["a Rome open slot ending on the day clocks go forward", "2030-03-31T22:00:00Z",
      "rome-open", "to-spring"],
    // 28 October 00:00 CET is 23:00Z on a 25-hour 27 October.
    ["a Rome open slot ending on the day clocks go back", "2030-10-27T23:00:00Z",
      "rome-open", "to-autumn"],
  ])("%s stops selling at %s exactly", async (_what, end, experience, slot) => {
    using h = new Harness({ inventory: dstInventory() });
    const at = (t: number) => h.at(t).hold(hold(experience, slot, FAR)).then(outcome);
    expect([await at(ms(end) - 3_600_000), await at(ms(end) - 1), await at(ms(end))]).toEqual([
      "ok",
      "ok",
      "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
    ]);
  });
});

describe("holds expiring at a local time that does not exist, or happens twice", () => {
  test.each([
    // Rome 02:30 on 31 March is 01:30Z; 00:30Z would be the wrong (earlier) reading.
    ["Rome, 02:30 on 31 March (does not exist)", "rome-tour", "2030-03-31T02:30:00",
      "2030-03-31T00:45:00Z", "2030-03-31T01:30:00Z"],
    // Rome 02:30 on 27 October is 00:30Z; 01:30Z would be the wrong (later) reading.
    ["Rome, 02:30 on 27 October (happens twice)", "rome-tour", "2030-10-27T02:30:00",
      "2030-10-27T00:29:59Z", "2030-10-27T00:30:00Z"],
    // The offset is ignored (DECISIONS 7): +01:00 (CET) does not pick the second 02:30.
    ["Rome, 02:30+01:00 on 27 October (offset ignored)", "rome-tour",
      "2030-10-27T02:30:00+01:00", "2030-10-27T00:29:59Z", "2030-10-27T00:30:00Z"],
    // New York 02:30 on 10 March is 07:30Z; 06:30Z would be the wrong reading.
    ["New York, 02:30 on 10 March (does not exist)", "ny-tour", "2030-03-10T02:30:00",
      "2030-03-10T06:45:00Z", "2030-03-10T07:30:00Z"],
    // New York 01:30 on 3 November is 05:30Z; 06:30Z would be the wrong reading.
    ["New York, 01:30 on 3 November (happens twice)", "ny-tour", "2030-11-03T01:30:00Z",
      "2030-11-03T05:29:59Z", "2030-11-03T05:30:00Z"],
  ])("%s: the seat is held until the right instant, then free and the hold lapsed", async (
    _what,
    experience,
    expires,
    stillHeld,
    lapsed,
  ) => {
    using h = new Harness({ inventory: dstInventory() });
    const first = hold(experience, "one-seat", expires);
    const other = () => hold(experience, "one-seat", FAR);
    h.at(ms(stillHeld) - 3_600_000);
    expect(outcome(await h.hold(first))).toBe("ok");

    h.at(ms(stillHeld));
    expect(outcome(await h.hold(other()))).toBe("NO_CAPACITY_LEFT");
    h.at(ms(lapsed) - 1);
    expect(outcome(await h.hold(other()))).toBe("NO_CAPACITY_LEFT");

    h.at(ms(lapsed));
    expect(outcome(await h.confirm(bookingBody(first)))).toBe("INACTIVE_HOLD_KEY");
    expect(outcome(await h.hold(other()))).toBe("ok");
  });

  test.each([
    ["Rome", "rome-tour", "2030-03-31T02:30:00", "2030-03-31T01:30:00Z"],
    ["New York", "ny-tour", "2030-11-03T01:30:00", "2030-11-03T05:30:00Z"],
  ])("%s: a hold confirmed a millisecond before its DST-shifted expiry is booked", async (
    _where,
    experience,
    expires,
    lapsed,
  ) => {
    using h = new Harness({ inventory: dstInventory() });
    const body = hold(experience, "one-seat", expires);
    h.at(ms(lapsed) - 3_600_000);
    expect(outcome(await h.hold(body))).toBe("ok");
    h.at(ms(lapsed) - 1);
    expect(outcome(await h.confirm(bookingBody(body)))).toBe("ok");
  });

  test("an expiration_time already past by the right reading is refused, one not yet " +
    "past is taken", async () => {
    using h = new Harness({ inventory: dstInventory() });
    // At 00:45Z on 27 October, Rome's first 02:30 (00:30Z) is past, the second is not.
    h.at(ms("2030-10-27T00:45:00Z"));
    expect(outcome(await h.hold(hold("rome-tour", "one-seat", "2030-10-27T02:30:00"))))
      .toBe("VALIDATION_ERROR");
    // At 00:45Z on 31 March, Rome's 02:30 (01:30Z) is still ahead.
    h.at(ms("2030-03-31T00:45:00Z"));
    expect(outcome(await h.hold(hold("rome-tour", "one-seat", "2030-03-31T02:30:00"))))
      .toBe("ok");
  });
});

describe("cancellation cut-offs across DST changes", () => {
  test.each([
    // 10:00 CEST on 31 March is 08:00Z; 10:00 CET the day before is 09:00Z (23 h).
    ["Rome P1D, a slot on the morning clocks went forward", "2030-03-30T09:00:00Z",
      "rome-tour", "spring-morning"],
    // 24 hours before 08:00Z.
    ["Rome PT24H, the same morning", "2030-03-30T08:00:00Z",
      "rome-exact", "spring-morning"],
    // 10:00 CET on 27 October is 09:00Z; 10:00 CEST the day before is 08:00Z (25 h).
    ["Rome P1D, a slot on the morning clocks went back", "2030-10-26T08:00:00Z",
      "rome-tour", "autumn-morning"],
    ["Rome PT24H, the same morning", "2030-10-26T09:00:00Z",
      "rome-exact", "autumn-morning"],
    // The day before 1 April 02:30 is 31 March 02:30, which does not exist: 01:30Z.
    ["Rome P1D, a cut-off landing on a time that does not exist", "2030-03-31T01:30:00Z",
      "rome-tour", "day-after-gap"],
    // The day before 28 October 02:30 is 27 October 02:30, twice: the first, 00:30Z.
    ["Rome P1D, a cut-off landing on a time that happens twice", "2030-10-27T00:30:00Z",
      "rome-tour", "day-after-overlap"],
    // 10:00 EDT on 10 March is 14:00Z; 10:00 EST the day before is 15:00Z.
    ["New York P1D, a slot on the morning clocks went forward", "2030-03-09T15:00:00Z",
      "ny-tour", "spring-morning"],
    // 10:00 EST on 3 November is 15:00Z; 10:00 EDT the day before is 14:00Z.
    ["New York P1D, a slot on the morning clocks went back", "2030-11-02T14:00:00Z",
      "ny-tour", "autumn-morning"],
    // 10 March 02:30 does not exist: 07:30Z.
    ["New York P1D, a cut-off landing on a time that does not exist", "2030-03-10T07:30:00Z",
      "ny-tour", "day-after-gap"],
    // 3 November 01:30 happens twice: the first, 05:30Z.
    ["New York P1D, a cut-off landing on a time that happens twice", "2030-11-03T05:30:00Z",
      "ny-tour", "day-after-overlap"],
  ])("%s: cancellable until %s, not from then on", async (_what, until, experience, slot) => {
    using h = new Harness({ inventory: dstInventory() });
    h.at(ms("2030-01-01T00:00:00Z"));
    const book = async () => {
      const body = hold(experience, slot, "2030-01-01T12:00:00");
      expect(outcome(await h.hold(body))).toBe("ok");
      const confirmed = await h.confirm(bookingBody(body));
      expect(outcome(confirmed)).toBe("ok");
      return cancelBody(confirmed.body);
    };
    const [early, late] = [await book(), await book()];

    h.at(ms(until) - 1);
    expect(outcome(await h.cancel(early))).toBe("ok");
    h.at(ms(until));
    expect(outcome(await h.cancel(late))).toBe("NOT_CANCELLABLE_BOOKING");
  });
});
