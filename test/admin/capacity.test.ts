import { describe, expect, test } from "bun:test";
import { AuditLog } from "../../src/audit/log.ts";
import { confirmed, seatsOn } from "../support/bookings.ts";
import { AdminHarness, slotPath } from "../support/admin.ts";
import { holdBody, refusal } from "../support/harness.ts";

const CAPACITY = `${slotPath("s-1500")}/capacity`;

/** s-1500 (capacity 4) with 2 seats booked and 1 held. */
async function busySlot(h: AdminHarness) {
  await confirmed(h);
  await h.hold(holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] }));
}

const seats = (capacity: number | null, held: number, booked: number) => ({
  experience_id: "rome-tour",
  option_id: "standard",
  slot_id: "s-1500",
  kind: "TIME",
  date: "2030-06-15",
  start: "2030-06-15T15:00:00",
  end: "2030-06-15T18:00:00",
  capacity,
  held,
  booked,
  remaining: capacity === null ? null : capacity - held - booked,
});

describe("capacity", () => {
  test("is set, down to exactly the seats held and booked", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    expect(await h.put(CAPACITY, { capacity: 3 })).toEqual({ status: 200, body: seats(3, 1, 2) });
    expect((await h.hold(holdBody())).body.code).toBe("NO_CAPACITY_LEFT");
  });

  test("below the seats held and booked is refused with the numbers; nothing changes", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    const answer = await h.put(CAPACITY, { capacity: 2 });
    expect(answer).toEqual({
      status: 409,
      body: {
        ...refusal("CAPACITY_BELOW_TAKEN"),
        message: "slot rome-tour/standard/s-1500 has 1 seat(s) held and 2 booked: " +
          "capacity 2 is below that",
      },
    });
    expect((await h.get(`/experiences/rome-tour/slots`)).body[2]).toEqual(seats(4, 1, 2));
  });

  test("null lifts the limit", async () => {
    using h = new AdminHarness();
    expect((await h.put(CAPACITY, { capacity: null })).body).toEqual(seats(null, 0, 0));
    const many = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 40 }] });
    expect((await h.hold(many)).status).toBe(200);
  });

  test("seats sold elsewhere come off; seats given back are added", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    expect((await h.post(`${CAPACITY}/remove`, { seats: 1 })).body).toEqual(seats(3, 1, 2));
    expect((await h.post(`${CAPACITY}/add`, { seats: 5 })).body).toEqual(seats(8, 1, 2));
    expect(seatsOn(h, "s-1500")).toEqual({ held: 1, booked: 2 });
  });

  test("removing more seats than are left is refused, saying how many can go", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    const answer = await h.post(`${CAPACITY}/remove`, { seats: 2 });
    expect(answer).toEqual({ status: 409, body: refusal("CAPACITY_BELOW_TAKEN") });
    expect(answer.body.message).toBe(
      "slot rome-tour/standard/s-1500 has capacity 4 with 1 seat(s) held and 2 booked: " +
        "at most 1 seat(s) can be removed",
    );
  });

  test("a hold that expired gives its seats back to the count", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    h.at("2030-06-01T10:30:00Z"); // the hold of one lapses at 12:30 in Rome
    expect((await h.put(CAPACITY, { capacity: 2 })).body).toEqual(seats(2, 0, 2));
  });

  test.each([
    ["a negative capacity", "PUT", "", { capacity: -1 }, 400, "VALIDATION_ERROR"],
    ["no capacity field", "PUT", "", {}, 400, "INCORRECT_REQUEST"],
    ["zero seats", "POST", "/add", { seats: 0 }, 400, "VALIDATION_ERROR"],
    ["seats as text", "POST", "/remove", { seats: "2" }, 400, "INCORRECT_REQUEST"],
    // Regression: an integer-or-null field sorted JSON types backwards.
    ["a capacity as text", "PUT", "", { capacity: "10" }, 400, "INCORRECT_REQUEST"],
    ["a capacity of true", "PUT", "", { capacity: true }, 400, "INCORRECT_REQUEST"],
    ["a fractional capacity", "PUT", "", { capacity: 1.5 }, 400, "VALIDATION_ERROR"],
  ])("%s is refused", async (_what, method, suffix, body, status, code) => {
    using h = new AdminHarness();
    expect(await h.admin(method, `${CAPACITY}${suffix}`, body))
      .toEqual({ status, body: refusal(code) });
  });

  test("adding seats to a slot with no limit is refused", async () => {
    using h = new AdminHarness();
    const answer = await h.post(`${slotPath("unlimited")}/capacity/add`, { seats: 1 });
    expect(answer).toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
  });

  test("an unknown slot is 404", async () => {
    using h = new AdminHarness();
    expect(await h.put(`${slotPath("nope")}/capacity`, { capacity: 1 }))
      .toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
  });

  test("every change and every refusal is in the audit trail, with the numbers", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    const set = await h.put(CAPACITY, { capacity: 6 });
    const refused = await h.post(`${CAPACITY}/remove`, { seats: 9 });
    const entries = new AuditLog(h.db, () => h.now).list({ actor: "admin:ops" }).reverse();
    expect(entries).toEqual([
      expect.objectContaining({
        action: "capacity.set",
        outcome: "OK",
        subject: "rome-tour/standard/s-1500",
        detail: { from: 4, to: 6, held: 1, booked: 2 },
        request_id: expect.any(String),
      }),
      expect.objectContaining({
        action: "capacity.remove",
        outcome: "CAPACITY_BELOW_TAKEN",
        request_id: refused.body.id,
        detail: { message: refused.body.message },
      }),
    ]);
    expect(set.status).toBe(200);
  });

  test("changes made at once never take a slot below its seats taken", async () => {
    using h = new AdminHarness();
    await busySlot(h);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.post(`${CAPACITY}/remove`, { seats: 1 })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await h.get(`/experiences/rome-tour/slots`)).body[2]).toEqual(seats(3, 1, 2));
  });
});
