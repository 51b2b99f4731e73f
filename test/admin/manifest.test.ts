import { describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import {
  ADMIN_KEY,
  AdminHarness,
  bookedWithAnswers,
  slotPath,
  withQuestions,
} from "../support/admin.ts";
import { bookingBody, holdBody, refusal } from "../support/harness.ts";

/** Two bookings at 09:00 (one with pickup at Hotel A, one cancelled later) and one at 15:00. */
async function busyDay(h: AdminHarness) {
  const early = await bookedWithAnswers(
    h,
    { slot_id: "s-0900", pickup_id: "hotel-a" },
    "b-early",
    ["Ada Lovelace", "=HYPERLINK(\"http://x\")"],
  );
  const station = await bookedWithAnswers(
    h,
    {
      slot_id: "s-0900",
      pickup_id: "station",
      quantities: [{ holder_category_id: "adult", quantity: 1 }],
    },
    "b-station",
    ["Mary Somerville"],
  );
  await h.cancel({
    booking_id: "b-station",
    transaction_id: station.body.transaction_id,
    ticket_numbers: [],
  });
  const late = await bookedWithAnswers(h, {}, "b-late", ["Grace Hopper", "Alan Turing"]);
  return { early, station, late };
}

async function csvOf(h: AdminHarness, path: string) {
  const response = await h.raw("GET", `/admin${path}`, { authorization: `Bearer ${ADMIN_KEY}` });
  expect(response.status).toBe(200);
  return parse(response.text, { columns: true }) as Record<string, string>[];
}

describe("the manifest", () => {
  test("of a slot lists each booking's lead, pickup and pickup time, and each person", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    const { early } = await busyDay(h);
    const answer = await h.get(`${slotPath("s-0900")}/manifest`);

    expect(answer.status).toBe(200);
    expect(answer.body.date).toBeNull();
    const [slot] = answer.body.slots;
    expect(slot).toMatchObject({
      experience_id: "rome-tour",
      experience_name: "Rome tour",
      slot_id: "s-0900",
      start: "2030-06-15T09:00:00",
      time_zone: "Europe/Rome",
      capacity: 10,
      held: 0,
      booked: 2,
      questions: [
        { mandatory_question_id: "phone", question: "Phone" },
        { mandatory_question_id: "name", question: "Full name" },
      ],
    });
    expect(slot.bookings[0]).toEqual({
      booking_id: "b-early",
      tuimm_booking_id: "MUS1234567_890123",
      status: "CONFIRMED",
      lead: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      pickup: {
        pickup_id: "hotel-a",
        name: "Hotel A",
        type: "HOTEL",
        time_margin: 30,
        time: "2030-06-15T08:30:00",
      },
      people: early.body.tickets.map((t: any, i: number) => ({
        request_id: t.request_id,
        holder_category_id: "adult",
        ticket_number: t.number,
        answers: {
          phone: "+39 06 1234 5678",
          name: ["Ada Lovelace", "=HYPERLINK(\"http://x\")"][i],
        },
      })),
    });
    // The station has no margin: pickup at the start. Cancelled bookings are shown as such.
    expect(slot.bookings[1]).toMatchObject({
      booking_id: "b-station",
      status: "CANCELLED",
      pickup: { pickup_id: "station", time_margin: 0, time: "2030-06-15T09:00:00" },
    });
  });

  test("as CSV has one row per person, which parses back to the same facts", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    const { early } = await busyDay(h);
    const rows = await csvOf(h, `${slotPath("s-0900")}/manifest?format=csv`);

    expect(rows.map((r) => [r.booking_id, r.status, r.pickup_time, r["answer:name"]])).toEqual([
      ["b-early", "CONFIRMED", "2030-06-15T08:30:00", "Ada Lovelace"],
      // A spreadsheet would run this as a formula: it is quoted.
      ["b-early", "CONFIRMED", "2030-06-15T08:30:00", "'=HYPERLINK(\"http://x\")"],
      ["b-station", "CANCELLED", "2030-06-15T09:00:00", "Mary Somerville"],
    ]);
    expect(rows[0]).toEqual({
      date: "2030-06-15",
      start: "2030-06-15T09:00:00",
      experience_id: "rome-tour",
      option_id: "standard",
      slot_id: "s-0900",
      booking_id: "b-early",
      tuimm_booking_id: "MUS1234567_890123",
      status: "CONFIRMED",
      lead_first_name: "Ada",
      lead_last_name: "Lovelace",
      lead_email: "ada@example.com",
      pickup_id: "hotel-a",
      pickup_name: "Hotel A",
      pickup_time: "2030-06-15T08:30:00",
      request_id: early.body.tickets[0].request_id,
      holder_category_id: "adult",
      ticket_number: early.body.tickets[0].number,
      "answer:phone": "'+39 06 1234 5678",
      "answer:name": "Ada Lovelace",
    });
  });

  test("gives every person the booking's answers, sent by PORTA on one item only", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    const hold = holdBody();
    await h.hold(hold);
    const booking = bookingBody(hold, { booking_id: "b-once" });
    booking.booking_requests[0].mandatory_answers = [
      { mandatory_question_id: "phone", answer: "+44 20 7946 0000" },
      { mandatory_question_id: "name", answer: "Ada Lovelace" },
    ];
    booking.booking_requests[1].mandatory_answers = [
      { mandatory_question_id: "name", answer: "Charles Babbage" },
    ];
    expect((await h.confirm(booking)).status).toBe(200);

    const [slot] = (await h.get(`${slotPath("s-1500")}/manifest`)).body.slots;
    expect(slot.bookings[0].people.map((p: any) => p.answers)).toEqual([
      { phone: "+44 20 7946 0000", name: "Ada Lovelace" },
      { phone: "+44 20 7946 0000", name: "Charles Babbage" },
    ]);
  });

  test("of a day covers every slot on that local date, empty ones included", async () => {
    using h = new AdminHarness({ inventory: withQuestions() });
    await busyDay(h);
    const answer = await h.get("/manifest?date=2030-06-15&experience_id=rome-tour");
    expect(answer.body.date).toBe("2030-06-15");
    expect(answer.body.slots.map((s: any) => [s.slot_id, s.bookings.length])).toEqual([
      ["s-0900", 2],
      ["vip-1000", 0],
      ["s-1500", 1],
      ["unlimited", 0],
      ["sold-out", 0],
    ]);

    const rows = await csvOf(h, "/manifest?date=2030-06-15&format=csv");
    expect(rows.map((r) => `${r.slot_id} ${r["answer:name"]}`)).toEqual([
      "s-0900 Ada Lovelace",
      "s-0900 '=HYPERLINK(\"http://x\")",
      "s-0900 Mary Somerville",
      "s-1500 Grace Hopper",
      "s-1500 Alan Turing",
    ]);
    // Every slot of every experience on the day, New York's daily one too.
    expect((await h.get("/manifest?date=2030-06-15")).body.slots).toHaveLength(6);
  });

  test("of an unknown slot or experience is 404; of an impossible date, 400", async () => {
    using h = new AdminHarness();
    expect(await h.get(`${slotPath("nope")}/manifest`))
      .toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
    expect(await h.get("/manifest?date=2030-06-15&experience_id=nope"))
      .toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
    expect(await h.get("/manifest?date=2030-02-30"))
      .toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
    expect(await h.get("/manifest")).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
  });
});
