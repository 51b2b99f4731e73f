import { describe, expect, test } from "bun:test";
import { AdminHarness, bookedWithAnswers, withQuestions } from "../support/admin.ts";
import { confirmed } from "../support/bookings.ts";
import { refusal } from "../support/harness.ts";

describe("holds", () => {
  test("are listed newest first with their slot, filtered by slot, dates and status", async () => {
    using h = new AdminHarness();
    await confirmed(h, {}, { booking_id: "b-1" });
    h.at("2030-06-01T10:05:00Z");
    const live = await h.hold({
      experience_id: "ny-pass",
      option_id: "day",
      slot_id: "2030-06-15",
      hold_id: crypto.randomUUID(),
      expiration_time: "2030-06-01T07:00:00",
      quantities: [{ holder_category_id: "adult", quantity: 3 }],
    });

    const all = (await h.get("/holds")).body;
    expect(all.map((x: any) => [x.slot_id, x.status, x.seats])).toEqual([
      ["2030-06-15", "HELD", 3],
      ["s-1500", "CONFIRMED", 2],
    ]);
    expect(all[0]).toEqual({
      hold_id: expect.any(String),
      transaction_id: live.body.transaction_id,
      experience_id: "ny-pass",
      option_id: "day",
      slot_id: "2030-06-15",
      date: "2030-06-15",
      start: null,
      pickup_id: null,
      seats: 3,
      quantities: [{ holder_category_id: "adult", quantity: 3 }],
      expiration_time: "2030-06-01T07:00:00",
      status: "HELD",
      created_at: "2030-06-01T10:05:00.000Z",
    });
    expect((await h.get("/holds?experience_id=rome-tour&slot_id=s-1500")).body).toHaveLength(1);
    expect((await h.get("/holds?status=CONFIRMED")).body).toHaveLength(1);
    expect((await h.get("/holds?from=2030-06-16")).body).toHaveLength(0);

    // New York's 07:00 is 11:00 UTC: past it, the hold is listed as expired.
    h.at("2030-06-01T11:00:00Z");
    expect((await h.get("/holds?status=EXPIRED")).body.map((x: any) => x.seats)).toEqual([3]);
    expect((await h.get("/holds?status=HELD")).body).toEqual([]);
  });

  test.each([
    ["/holds?status=GONE", 'status: "GONE" is not one of HELD, EXPIRED, CONFIRMED, RELEASED'],
    ["/holds?from=15-06-2030", 'from: "15-06-2030" is not a date, YYYY-MM-DD'],
    ["/holds?from=2030-02-30", "from: 2030-02-30 is not a date"],
    ["/holds?limit=0", 'limit: "0" is not an integer from 1 to 10000'],
    ["/bookings?status=HELD", 'status: "HELD" is not one of CONFIRMED, CANCELLED'],
    ["/bookings?slot_id=S-1", `slot_id: "S-1" is not an id of a-z, 0-9, '.', '_' and '-'`],
  ])("a bad filter, %s, is refused naming it", async (path, message) => {
    using h = new AdminHarness();
    expect(await h.get(path)).toEqual({
      status: 400,
      body: { ...refusal("VALIDATION_ERROR"), message },
    });
  });
});

describe("bookings", () => {
  test("are listed with their lead booker, filtered by status and slot", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    const kept = await bookedWithAnswers(h, {}, "b-1", ["Ada Lovelace", "Charles Babbage"]);
    const one = { quantities: [{ holder_category_id: "adult", quantity: 1 }] };
    const gone = await bookedWithAnswers(h, one, "b-2", ["Mary Somerville"]);
    await h.cancel({
      booking_id: "b-2",
      transaction_id: gone.body.transaction_id,
      ticket_numbers: [],
    });
    await h.cancel({
      booking_id: "never-seen",
      transaction_id: "",
      ticket_numbers: [],
      unconfirmed: true,
    });

    const list = (await h.get("/bookings?status=CONFIRMED")).body;
    expect(list).toEqual([{
      booking_id: "b-1",
      tuimm_booking_id: "MUS1234567_890123",
      transaction_id: kept.body.transaction_id,
      status: "CONFIRMED",
      experience_id: "rome-tour",
      option_id: "standard",
      slot_id: "s-1500",
      date: "2030-06-15",
      start: "2030-06-15T15:00:00",
      seats: 2,
      lead: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      created_at: "2030-06-01T10:00:00.000Z",
      cancelled_at: null,
      cancel_reason: null,
    }]);
    const cancelled = (await h.get("/bookings?status=CANCELLED")).body;
    expect(cancelled.map((b: any) => [b.booking_id, b.slot_id, b.cancel_reason]).sort()).toEqual([
      ["b-2", "s-1500", "CUSTOMER"],
      ["never-seen", null, "UNCONFIRMED"],
    ].sort());
    // A filter on the slot leaves out the cancellation that has none.
    expect((await h.get("/bookings?experience_id=rome-tour")).body).toHaveLength(2);
  });

  test("one booking comes with its holder, tickets, answers and pickup time", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    const at0900 = { slot_id: "s-0900", pickup_id: "hotel-a" };
    const { hold, body } = await bookedWithAnswers(h, at0900, "b-1", ["Ada", "Charles"]);
    const answer = await h.get("/bookings/b-1");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      booking_id: "b-1",
      hold_id: hold.hold_id,
      time_zone: "Europe/Rome",
      lead: { first_name: "Ada", last_name: "Lovelace" },
      // Hotel A's margin is 30 minutes before the 09:00 start.
      pickup: {
        pickup_id: "hotel-a",
        name: "Hotel A",
        type: "HOTEL",
        time_margin: 30,
        time: "2030-06-15T08:30:00",
      },
      tickets: body.tickets.map((t: any) => ({
        number: t.number,
        type: "FOR_SINGLE_PERSON",
        format: "QR",
        request_id: t.request_id,
        holder_category_id: "adult",
      })),
    });
    expect(answer.body.items).toEqual(body.tickets.map((t: any, i: number) => ({
      request_id: t.request_id,
      holder_category_id: "adult",
      pickup_id: "hotel-a",
      answers: [
        { mandatory_question_id: "phone", answer: "+39 06 1234 5678" },
        { mandatory_question_id: "name", answer: ["Ada", "Charles"][i] },
      ],
      ticket_number: t.number,
    })));
  });

  test("an unknown booking is 404", async () => {
    using h = new AdminHarness();
    expect(await h.get("/bookings/nope"))
      .toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
  });
});
