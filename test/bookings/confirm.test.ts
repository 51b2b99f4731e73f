import { describe, expect, test } from "bun:test";
import { confirmed, seatsOn, storeRows } from "../support/bookings.ts";
import { bookingBody, Harness, holdBody, refusal, T0, uuid } from "../support/harness.ts";
import { DAY } from "../support/inventory.ts";

// Printable ASCII, nothing else: what a Code 128 barcode can carry.
const PRINTABLE = /^[\x20-\x7e]+$/;

const MINUTE = 60_000;
// The default hold expires at 12:30 in Rome (CEST), 10:30 UTC.
const EXPIRY = T0 + 30 * MINUTE;

const adultAndChild = {
  quantities: [
    { holder_category_id: "adult", quantity: 1 },
    { holder_category_id: "child", quantity: 1 },
  ],
};

describe("POST /booking", () => {
  test("a per-person option issues one FOR_SINGLE_PERSON ticket per item", async () => {
    using h = new Harness();
    const hold = holdBody(adultAndChild);
    await h.hold(hold);
    const booking = bookingBody(hold);

    expect(await h.confirm(booking)).toEqual({
      status: 200,
      body: {
        booking_id: booking.booking_id,
        transaction_id: expect.any(String),
        tickets: booking.booking_requests.map((item: any) => ({
          number: expect.stringMatching(PRINTABLE),
          type: "FOR_SINGLE_PERSON",
          format: "QR",
          request_id: item.request_id,
          holder_category_id: item.holder_category_id,
        })),
      },
    });
  });

  test.each([
    ["vip (TEXT)", { option_id: "vip", slot_id: "vip-1000" }, "TEXT"],
    [
      "ny-pass (BARCODE)",
      {
        experience_id: "ny-pass",
        option_id: "day",
        slot_id: DAY,
        // 10:00 UTC is 06:00 in New York (EDT).
        expiration_time: "2030-06-01T08:00:00Z",
      },
      "BARCODE",
    ],
  ])("a group option, %s, issues one FOR_ALL ticket for the whole booking", async (
    _what,
    overrides,
    format,
  ) => {
    using h = new Harness();
    const hold = holdBody({
      ...overrides,
      quantities: [{ holder_category_id: "adult", quantity: 3 }],
    });
    expect((await h.hold(hold)).status).toBe(200);
    const booking = bookingBody(hold);

    expect(await h.confirm(booking)).toEqual({
      status: 200,
      body: {
        booking_id: booking.booking_id,
        transaction_id: expect.any(String),
        tickets: [{ number: expect.stringMatching(PRINTABLE), type: "FOR_ALL", format }],
      },
    });
  });

  test("ticket numbers are unique across the store and printable ASCII", async () => {
    using h = new Harness();
    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const quantities = [{ holder_category_id: "adult", quantity: 5 }];
      const hold = { slot_id: "unlimited", quantities };
      const { body } = await confirmed(h, hold);
      numbers.push(...body.tickets.map((t: { number: string }) => t.number));
    }
    const group = await confirmed(h, { option_id: "vip", slot_id: "vip-1000" });
    numbers.push(group.body.tickets[0].number);

    expect(numbers).toHaveLength(51);
    expect(new Set(numbers).size).toBe(51);
    expect(numbers.filter((n) => !PRINTABLE.test(n))).toEqual([]);
    expect(h.count("tickets")).toBe(51);
  });

  test("a repeated booking_id and body gets the same answer and books nothing more", async () => {
    using h = new Harness();
    const { booking, body } = await confirmed(h);
    const rows = storeRows(h);

    const reordered = {
      ...booking,
      booking_requests: [...booking.booking_requests].reverse(),
      extra_field: "ignored",
    };
    expect(await h.confirm(reordered)).toEqual({ status: 200, body });
    expect(storeRows(h)).toEqual(rows);
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 2 });
  });

  test("the repeat still works after the hold's expiry has passed", async () => {
    using h = new Harness();
    const { booking, body } = await confirmed(h);

    h.at(EXPIRY + 60 * MINUTE);
    expect(await h.confirm(booking)).toEqual({ status: 200, body });
  });

  test("the same booking_id with a different body is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const { booking } = await confirmed(h);
    const rows = storeRows(h);

    const other = { ...booking, holder: { ...booking.holder, first_name: "Grace" } };
    expect(await h.confirm(other)).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    expect(storeRows(h)).toEqual(rows);
  });

  test("an unknown hold_id is ELEMENT_NOT_FOUND", async () => {
    using h = new Harness();
    const booking = bookingBody(holdBody());

    expect(await h.confirm(booking)).toEqual({ status: 400, body: refusal("ELEMENT_NOT_FOUND") });
    expect(h.count("bookings")).toBe(0);
  });

  test("an expired hold is INACTIVE_HOLD_KEY, and its seats are free", async () => {
    using h = new Harness();
    const hold = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 4 }] });
    await h.hold(hold);

    h.at(EXPIRY);
    expect(await h.confirm(bookingBody(hold))).toEqual({
      status: 400,
      body: refusal("INACTIVE_HOLD_KEY"),
    });
    expect(h.count("bookings")).toBe(0);
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 0 });
    const again = holdBody({
      expiration_time: "2030-06-01T13:00:00Z",
      quantities: [{ holder_category_id: "adult", quantity: 4 }],
    });
    expect((await h.hold(again)).status).toBe(200);
  });

  test("a hold can be confirmed up to the last millisecond before its expiry", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);

    h.at(EXPIRY - 1);
    expect((await h.confirm(bookingBody(hold))).status).toBe(200);
  });

  test("a hold already confirmed under another booking_id is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const { hold } = await confirmed(h);
    const rows = storeRows(h);

    expect(await h.confirm(bookingBody(hold))).toEqual({
      status: 400,
      body: refusal("INCORRECT_REQUEST"),
    });
    expect(storeRows(h)).toEqual(rows);
  });

  test("the same confirmation twice at once books once and answers the same twice", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);
    const booking = bookingBody(hold);

    const [first, second] = await Promise.all([h.confirm(booking), h.confirm(booking)]);
    expect(first!.status).toBe(200);
    expect(second).toEqual(first);
    expect([h.count("bookings"), h.count("tickets")]).toEqual([1, 2]);
  });

  test("two bookings of one hold at once: one is confirmed, one INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);

    const both = [bookingBody(hold), bookingBody(hold)];
    const answers = await Promise.all(both.map((b) => h.confirm(b)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(answers.find((a) => a.status === 400)!.body).toEqual(refusal("INCORRECT_REQUEST"));
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 2 });
  });

  const withPickup = {
    slot_id: "s-0900",
    pickup_id: "station",
    quantities: [{ holder_category_id: "adult", quantity: 2 }],
  };

  test.each<[string, Record<string, unknown>, (items: any[]) => void]>([
    ["one item fewer than the hold's seats", {}, (items) => void items.pop()],
    ["one item more than the hold's seats", {}, (items) => {
      items.push({ ...items[0], request_id: uuid() });
    }],
    ["an item of a category the hold does not have", {}, (items) => {
      items[1].holder_category_id = "child";
    }],
    ["an item on another slot than the hold's", {}, (items) => {
      items[0].slot_id = "s-0900";
    }],
    ["an item with another pickup than the hold's", withPickup, (items) => {
      items[1].pickup_id = "hotel-a";
    }],
    ["an item without the hold's pickup", withPickup, (items) => {
      delete items[0].pickup_id;
    }],
    ["two items with the same request_id", adultAndChild, (items) => {
      items[1].request_id = items[0].request_id;
    }],
  ])("%s is VALIDATION_ERROR and writes nothing", async (_what, holdOverrides, spoil) => {
    using h = new Harness();
    const hold = holdBody(holdOverrides);
    expect((await h.hold(hold)).status).toBe(200);
    const booking = bookingBody(hold);
    spoil(booking.booking_requests);
    const rows = storeRows(h);

    expect(await h.confirm(booking)).toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
    expect(storeRows(h)).toEqual(rows);
    expect(seatsOn(h, hold.slot_id)).toEqual({ held: 2, booked: 0 });
  });

  test("a refused confirmation leaves the hold confirmable", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);
    const booking = bookingBody(hold);

    const short = { ...booking, booking_requests: booking.booking_requests.slice(1) };
    expect((await h.confirm(short)).body.code).toBe("VALIDATION_ERROR");
    expect((await h.confirm(booking)).status).toBe(200);
  });

  test("confirming moves the hold's seats to booked, the total unchanged", async () => {
    using h = new Harness();
    const hold = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 3 }] });
    await h.hold(hold);
    expect(seatsOn(h, "s-1500")).toEqual({ held: 3, booked: 0 });

    await h.confirm(bookingBody(hold));
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 3 });

    // Past the hold's expiry the booked seats still count.
    h.at(EXPIRY + MINUTE);
    expect(seatsOn(h, "s-1500")).toEqual({ held: 0, booked: 3 });
    const two = holdBody({ expiration_time: "2030-06-01T13:00:00Z" });
    expect((await h.hold(two)).body.code).toBe("NO_CAPACITY_LEFT");
  });
});
