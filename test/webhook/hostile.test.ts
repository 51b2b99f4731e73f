/**
 * Regression tests for hostile bodies that once got past the body reader
 * (src/webhook/body.ts) and failed further on. Each test is named after
 * the fault's cause; the property tests beside it (properties.test.ts)
 * look for new ones.
 */
import { describe, expect, test } from "bun:test";
import { storeRows } from "../support/bookings.ts";
import { bookingBody, Harness, holdBody, refusal } from "../support/harness.ts";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Puts `raw` JSON text in as the first member of the object at `key`. */
const inject = (body: object, key: string, raw: string) =>
  JSON.stringify(body).replace(`"${key}":{`, `"${key}":{"x":${raw},`)
    .replace(`"${key}":[`, `"${key}":[${raw},`);

describe("deeply nested bodies", () => {
  test("deep nesting in quantities is INCORRECT_REQUEST, not a stack overflow in " +
    "TypeBox's uniqueItems hash", async () => {
    using h = new Harness();
    const answer = await h.request("POST", "/hold", inject(holdBody(), "quantities", nested(1e5)));
    expect(answer).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    expect(h.count("holds")).toBe(0);
  });

  test("deep nesting in the holder's extra fields is INCORRECT_REQUEST, not a stack " +
    "overflow in JSON.stringify, and confirms nothing", async () => {
    using h = new Harness();
    const hold = holdBody();
    expect((await h.hold(hold)).status).toBe(200);
    const before = storeRows(h);

    const body = inject(bookingBody(hold), "holder", nested(1e5));
    const answer = await h.request("POST", "/booking", body);
    expect(answer).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    expect(storeRows(h)).toEqual(before);
  });

  test("64 levels are accepted and 65 are not", async () => {
    using h = new Harness();
    // The body object is level 1, so the extra field adds 63 or 64 levels.
    const at = (levels: number) =>
      JSON.stringify(holdBody({ slot_id: "unlimited" }))
        .replace("{", `{"x":${nested(levels)},`);
    expect((await h.request("POST", "/hold", at(63))).status).toBe(200);
    expect((await h.request("POST", "/hold", at(64))).body).toEqual(
      refusal("INCORRECT_REQUEST"),
    );
  });
});

describe("strings that are not Unicode", () => {
  test("a lone surrogate in a booking_id is INCORRECT_REQUEST: SQLite would store it " +
    "as U+FFFD, merging two different ids into one", async () => {
    using h = new Harness();
    const hold = holdBody();
    expect((await h.hold(hold)).status).toBe(200);
    const cancel = JSON.stringify({
      booking_id: "\ud800",
      transaction_id: "",
      ticket_numbers: [],
      unconfirmed: true,
    });
    expect((await h.request("DELETE", "/booking", cancel)).body)
      .toEqual(refusal("INCORRECT_REQUEST"));

    const confirm = JSON.stringify(bookingBody(hold, { booking_id: "\udc00" }));
    expect((await h.request("POST", "/booking", confirm)).body)
      .toEqual(refusal("INCORRECT_REQUEST"));
    expect(storeRows(h).bookings).toEqual([]);
  });

  test.each([
    ["a value", { slot_id: "s-1500", extra: "a\udfffb" }],
    ["a key", { "\ud83d": 1 }],
    ["a nested value", { quantities: [{ holder_category_id: "adult", quantity: 1, x: "\ud800" }] }],
  ])("a lone surrogate in %s is INCORRECT_REQUEST", async (_where, overrides) => {
    using h = new Harness();
    const answer = await h.request("POST", "/hold", JSON.stringify(holdBody(overrides)));
    expect(answer.body).toEqual(refusal("INCORRECT_REQUEST"));
    expect(answer.body.message).toBe("body has a string that is not valid Unicode");
  });

  test("a surrogate pair (an emoji) is fine", async () => {
    using h = new Harness();
    const hold = holdBody({
      slot_id: "unlimited",
      quantities: [{ holder_category_id: "adult", quantity: 1 }],
    });
    expect((await h.hold(hold)).status).toBe(200);
    const booking = bookingBody(hold, {
      holder: { email: "ada@example.com", first_name: "Ada \ud83d\ude00", last_name: "L" },
    });
    expect((await h.confirm(booking)).status).toBe(200);
  });
});
