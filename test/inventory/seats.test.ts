/**
 * The running seat totals (schema v3's slot_seats, kept by triggers and
 * swept by SeatLedger) against their definition: the seats of HELD holds
 * not yet expired and of CONFIRMED bookings, summed from the rows
 * themselves. fast-check drives the real routes with holds, confirmations,
 * cancellations (timed-out ones before their confirmation too) and a clock
 * that moves forward and back; after every step the ledger must agree with
 * the sums and the slot must never hold more than its capacity.
 *
 * Seeded like the other property tests: FC_SEED=<n>, FC_RUNS=<factor>.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { SeatLedger } from "../../src/inventory/seats.ts";
import { cancelBody, seatsOn } from "../support/bookings.ts";
import { bookingBody, Harness, holdBody, uuid } from "../support/harness.ts";

const SEED = Number(Bun.env.FC_SEED ?? 20300601);
const SCALE = Number(Bun.env.FC_RUNS ?? 1);
const TIMEOUT = 60_000 * Math.max(1, SCALE);
const SLOT = "s-1500";
const CAPACITY = 4;

type Step =
  | { kind: "hold"; seats: number; minutes: number }
  | { kind: "confirm"; pick: number }
  | { kind: "timeoutThenConfirm"; pick: number }
  | { kind: "cancel"; pick: number }
  | { kind: "clock"; minutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("hold" as const),
      seats: fc.integer({ min: 1, max: 3 }),
      minutes: fc.integer({ min: 1, max: 180 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("confirm" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("timeoutThenConfirm" as const), pick: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("clock" as const),
      minutes: fc.integer({ min: -90, max: 120 }),
    }),
  },
);

/** The slot's local wall time `minutes` after the harness's clock. */
function localIn(h: Harness, minutes: number): string {
  const zone = h.db.query<{ time_zone: string }, []>(
    "SELECT time_zone FROM experiences WHERE experience_id = 'rome-tour'",
  ).get()!.time_zone;
  return Temporal.Instant.fromEpochMilliseconds(h.now + minutes * 60_000)
    .toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: "second" });
}

async function play(steps: Step[]): Promise<void> {
  using h = new Harness();
  const ledger = new SeatLedger(h.db);
  const slotPk = h.db.query<{ slot_pk: number }, [string]>(
    "SELECT slot_pk FROM slots WHERE slot_id = ?",
  ).get(SLOT)!.slot_pk;
  const holds: Record<string, any>[] = [];
  const bookings: any[] = [];
  const pick = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

  for (const s of steps) {
    if (s.kind === "hold") {
      const quantities = [{ holder_category_id: "adult", quantity: s.seats }];
      const body = holdBody({ expiration_time: localIn(h, s.minutes), quantities });
      if ((await h.hold(body)).status === 200) holds.push(body);
    } else if (s.kind === "confirm" || s.kind === "timeoutThenConfirm") {
      const hold = pick(holds, s.pick);
      if (!hold) continue;
      const booking = bookingBody(hold);
      if (s.kind === "timeoutThenConfirm") {
        const timeout = { booking_id: booking.booking_id, transaction_id: "", ticket_numbers: [] };
        expect((await h.cancel({ ...timeout, unconfirmed: true })).status).toBe(200);
      }
      const answer = await h.confirm(booking);
      if (answer.status === 200 && s.kind === "confirm") bookings.push(answer.body);
    } else if (s.kind === "cancel") {
      const booking = pick(bookings, s.pick);
      if (booking) await h.cancel(cancelBody(booking));
    } else {
      h.now += s.minutes * 60_000;
    }

    const truth = seatsOn(h, SLOT);
    expect(ledger.taken(slotPk, h.now)).toEqual(truth);
    expect(truth.held + truth.booked).toBeLessThanOrEqual(CAPACITY);
  }
  // A sweep moves the totals forward and leaves the count as it was.
  const truth = seatsOn(h, SLOT);
  h.db.transaction(() => expect(ledger.settle(slotPk, h.now)).toEqual(truth))();
  expect(ledger.taken(slotPk, h.now)).toEqual(truth);
}

describe("running seat totals", () => {
  test(
    "agree with the seats summed from holds and bookings after every step",
    async () => {
      await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), play), {
        seed: SEED,
        numRuns: Math.max(1, Math.round(40 * SCALE)),
      });
    },
    TIMEOUT,
  );

  test("a clock set back behind the last sweep counts from the holds themselves", async () => {
    using h = new Harness();
    const ledger = new SeatLedger(h.db);
    const slotPk = h.db.query<{ slot_pk: number }, []>(
      `SELECT slot_pk FROM slots WHERE slot_id = '${SLOT}'`,
    ).get()!.slot_pk;
    const quantities = [{ holder_category_id: "adult", quantity: 2 }];
    expect((await h.hold(holdBody({ expiration_time: localIn(h, 30), quantities }))).status)
      .toBe(200);

    // An hour later the hold has expired; a new hold sweeps it out of the total.
    h.now += 60 * 60_000;
    expect((await h.hold(holdBody({ expiration_time: localIn(h, 30), quantities }))).status)
      .toBe(200);
    expect(ledger.taken(slotPk, h.now)).toEqual({ held: 2, booked: 0 });

    // Back 45 minutes: the first hold is live again, although it was swept.
    h.now -= 45 * 60_000;
    expect(ledger.taken(slotPk, h.now)).toEqual({ held: 4, booked: 0 });
    expect((await h.hold(holdBody({ expiration_time: localIn(h, 30), quantities }))).body)
      .toMatchObject({ code: "NO_CAPACITY_LEFT" });
    expect(ledger.taken(slotPk, h.now)).toEqual(seatsOn(h, SLOT));
  });

  test("a confirmed booking cancelled as unconfirmed leaves the totals", async () => {
    using h = new Harness();
    const four = { quantities: [{ holder_category_id: "adult", quantity: 4 }] };
    const hold = holdBody(four);
    expect((await h.hold(hold)).status).toBe(200);
    const booking = bookingBody(hold);
    expect((await h.confirm(booking)).status).toBe(200);
    const timeout = { booking_id: booking.booking_id, transaction_id: "", ticket_numbers: [] };
    expect((await h.cancel({ ...timeout, unconfirmed: true })).status).toBe(200);

    const totals = h.db.query(
      `SELECT held, booked FROM slot_seats JOIN slots USING (slot_pk) WHERE slot_id = '${SLOT}'`,
    ).get();
    expect(totals).toEqual({ held: 0, booked: 0 });
    expect((await h.hold(holdBody(four))).status).toBe(200);
  });
});
