import { describe, expect, test } from "bun:test";
import { cancelBody, confirmed, seatsOn, storeRows } from "../support/bookings.ts";
import { bookingBody, Harness, holdBody, refusal, uuid } from "../support/harness.ts";
import { DAY } from "../support/inventory.ts";

const four = { quantities: [{ holder_category_id: "adult", quantity: 4 }] };

const nyPass = {
  experience_id: "ny-pass",
  option_id: "day",
  slot_id: DAY,
  expiration_time: "2030-06-01T08:00:00Z",
};

/** A cancellation as PORTA sends it when our confirmation timed out. */
const timeoutFor = (bookingId: string) => ({
  booking_id: bookingId,
  transaction_id: "",
  ticket_numbers: [],
  unconfirmed: true,
});

const statusOf = (h: Harness, bookingId: string) =>
  h.db.query<{ status: string }, [string]>("SELECT status FROM bookings WHERE booking_id = ?")
    .get(bookingId)?.status;

describe("DELETE /booking", () => {
  test("a cancellation answers 200 {} and frees the booking's seats", async () => {
    using h = new Harness();
    const { body } = await confirmed(h, four);
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 4 });

    expect(await h.cancel(cancelBody(body))).toEqual({ status: 200, body: {} });
    expect(statusOf(h, body.booking_id)).toBe("CANCELLED");
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 0 });
    expect((await h.hold(holdBody(four))).status).toBe(200);
  });

  test("cancelling a cancelled booking answers 200 {} again and changes nothing", async () => {
    using h = new Harness();
    const { body } = await confirmed(h);
    await h.cancel(cancelBody(body));
    const rows = storeRows(h);

    expect(await h.cancel(cancelBody(body))).toEqual({ status: 200, body: {} });
    expect(storeRows(h)).toEqual(rows);
  });

  test("an unknown booking_id is ELEMENT_NOT_FOUND", async () => {
    using h = new Harness();
    const unknown = { booking_id: uuid(), transaction_id: uuid(), ticket_numbers: [] };

    expect(await h.cancel(unknown)).toEqual({ status: 400, body: refusal("ELEMENT_NOT_FOUND") });
    expect(h.count("bookings")).toBe(0);
  });

  test("a transaction_id that is not the booking's is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const { body } = await confirmed(h);

    const wrong = cancelBody(body, { transaction_id: uuid() });
    expect(await h.cancel(wrong)).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    expect(statusOf(h, body.booking_id)).toBe("CONFIRMED");
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 2 });
  });

  // rome-tour's s-1500 starts at 15:00 in Rome, 13:00 UTC, with a cancellation
  // cut-off of P1D; ny-pass has no cut-off and starts at midnight in New York
  // (EDT), 04:00 UTC.
  test.each([
    ["at rome-tour's cut-off, a day before the start", {}, "2030-06-14T13:00:00Z"],
    ["after the slot's start", {}, `${DAY}T13:00:00Z`],
    ["at the start of a slot with no cut-off", nyPass, `${DAY}T04:00:00Z`],
  ])("a cancellation %s is NOT_CANCELLABLE_BOOKING", async (_when, holdOverrides, at) => {
    using h = new Harness();
    const { body, hold } = await confirmed(h, holdOverrides);

    h.at(at);
    expect(await h.cancel(cancelBody(body))).toEqual({
      status: 400,
      body: refusal("NOT_CANCELLABLE_BOOKING"),
    });
    expect(statusOf(h, body.booking_id)).toBe("CONFIRMED");
    expect(seatsOn(h, hold.slot_id)).toEqual({ held: 0, booked: 2 });
  });

  test.each([
    ["rome-tour's cut-off", {}, "2030-06-14T12:59:59.999Z"],
    ["the start of a slot with no cut-off", nyPass, `${DAY}T03:59:59.999Z`],
  ])("a booking can be cancelled until just before %s", async (_what, holdOverrides, at) => {
    using h = new Harness();
    const { body } = await confirmed(h, holdOverrides);

    h.at(at);
    expect(await h.cancel(cancelBody(body))).toEqual({ status: 200, body: {} });
  });

  describe("with unconfirmed: true (PORTA gave up waiting for our confirmation)", () => {
    test("a booking past its cut-off is cancelled and its seats freed", async () => {
      using h = new Harness();
      const { body } = await confirmed(h, four);

      h.at(`${DAY}T12:00:00Z`);
      const timeout = cancelBody(body, { unconfirmed: true });
      expect(await h.cancel(timeout)).toEqual({ status: 200, body: {} });
      expect(statusOf(h, body.booking_id)).toBe("CANCELLED");
      expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 0 });
    });

    test.each([
      ["empty", { transaction_id: "", ticket_numbers: [] }],
      ["wrong", { transaction_id: uuid(), ticket_numbers: ["NOT-OURS"] }],
    ])("a booking is cancelled with its ids and tickets %s", async (_what, overrides) => {
      using h = new Harness();
      const { body } = await confirmed(h);

      const timeout = cancelBody(body, { ...overrides, unconfirmed: true });
      expect(await h.cancel(timeout)).toEqual({ status: 200, body: {} });
      expect(statusOf(h, body.booking_id)).toBe("CANCELLED");
      expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 0 });
    });

    test("an unknown booking_id answers 200 and is recorded as cancelled", async () => {
      using h = new Harness();
      const timeout = timeoutFor(uuid());

      expect(await h.cancel(timeout)).toEqual({ status: 200, body: {} });
      expect(statusOf(h, timeout.booking_id)).toBe("CANCELLED");
      expect(await h.cancel(timeout)).toEqual({ status: 200, body: {} });
    });

    test("a later confirmation is INACTIVE_HOLD_KEY and frees the seats at once", async () => {
      using h = new Harness();
      const hold = holdBody(four);
      await h.hold(hold);
      const booking = bookingBody(hold);
      await h.cancel(timeoutFor(booking.booking_id));
      // Until the confirmation arrives, the hold keeps its seats.
      expect(seatsOn(h, "s-1500")).toEqual({ held: 4, booked: 0 });

      const inactive = { status: 400, body: refusal("INACTIVE_HOLD_KEY") };
      expect(await h.confirm(booking)).toEqual(inactive);
      expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 0 });
      expect(h.count("tickets")).toBe(0);
      expect(await h.confirm(booking)).toEqual(inactive);
      expect((await h.hold(holdBody(four))).status).toBe(200);
    });
  });

  test("a booking_id that is not a uuid is accepted and stored as given", async () => {
    using h = new Harness();
    const bookingId = "Order 42/B";
    const { body } = await confirmed(h, {}, { booking_id: bookingId });
    expect(body.booking_id).toBe(bookingId);

    expect(await h.cancel(cancelBody(body))).toEqual({ status: 200, body: {} });
    expect(statusOf(h, bookingId)).toBe("CANCELLED");

    expect(await h.cancel(timeoutFor("lost-7"))).toEqual({ status: 200, body: {} });
    expect(statusOf(h, "lost-7")).toBe("CANCELLED");
  });
});
