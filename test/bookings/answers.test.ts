import { describe, expect, test } from "bun:test";
import type { Inventory, InventoryQuestion } from "../../src/inventory/schema.ts";
import { bookingBody, Harness, holdBody, refusal } from "../support/harness.ts";

/**
 * A museum with two options, each selling adults and children, and the
 * given mandatory questions. Built here rather than in the shared fixture:
 * each test brings exactly the questions it is about.
 */
function museum(questions: InventoryQuestion[]): Inventory {
  const categories = [
    { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
    { holder_category_id: "child", holder_type: "CHILD", minimum_age: 3 },
  ];
  const slot = (slot_id: string, option_id: string) => ({
    slot_id,
    option_id,
    available_holder_categories: [
      { holder_category_id: "adult", price_in_cents: 1500 },
      { holder_category_id: "child", price_in_cents: 500 },
    ],
    time_slot: { start: "2030-06-15T10:00:00", end: "2030-06-15T12:00:00" },
  });
  return {
    vendors: [{ vendor_id: "v1", name: "Vendor One" }],
    experiences: [{
      experience_id: "museum",
      vendor_id: "v1",
      experience_name: "Museum",
      availability_slot_type: "TIME",
      currency: "EUR",
      time_zone: "Europe/Rome",
      options: [
        {
          option_id: "guided",
          label: "Guided",
          holder_categories: categories,
          ticket: { type: "FOR_SINGLE_PERSON", format: "TEXT" },
        },
        { option_id: "audio", label: "Audio guide", holder_categories: categories },
      ],
      mandatory_questions: questions,
      slots: [slot("g-1000", "guided"), slot("a-1000", "audio")],
    }],
  };
}

const question = (
  id: string,
  fields: Partial<InventoryQuestion> = {},
): InventoryQuestion => ({
  mandatory_question_id: id,
  question: `Question ${id}?`,
  data_type: "STRING",
  level: "BY_PAX",
  ...fields,
});

type Answers = Record<string, string>;

/**
 * Holds seats on the museum and returns a confirmation whose items answer
 * as `answers` says: one record of question id to answer per item, in the
 * order adults then children.
 */
async function booking(
  h: Harness,
  people: { adult?: number; child?: number; option?: "guided" | "audio" },
  answers: Answers[],
) {
  const option = people.option ?? "guided";
  const quantities = (["adult", "child"] as const)
    .filter((c) => (people[c] ?? 0) > 0)
    .map((c) => ({ holder_category_id: c, quantity: people[c]! }));
  const hold = holdBody({
    experience_id: "museum",
    option_id: option,
    slot_id: option === "guided" ? "g-1000" : "a-1000",
    quantities,
  });
  expect((await h.hold(hold)).status).toBe(200);

  const body = bookingBody(hold);
  body.booking_requests.forEach((item: any, i: number) => {
    const given = answers[i] ?? {};
    item.mandatory_answers = Object.entries(given).map(([id, answer]) => ({
      mandatory_question_id: id,
      answer,
    }));
  });
  return body;
}

const ok = (bookingId: string) => ({
  status: 200,
  body: { booking_id: bookingId, transaction_id: expect.any(String), tickets: expect.any(Array) },
});

/** A VALIDATION_ERROR whose message names the question. */
const refusedFor = (questionId: string) => ({
  status: 400,
  body: { ...refusal("VALIDATION_ERROR"), message: expect.stringContaining(questionId) },
});

describe("mandatory answers on POST /booking", () => {
  test.each<[string, Partial<InventoryQuestion>, string, string]>([
    ["DATE", { data_type: "DATE" }, "1990-02-28", "1990-02-30"],
    ["DATE in another format", { data_type: "DATE" }, "2001-12-31", "31/12/2001"],
    ["DECIMAL", { data_type: "DECIMAL" }, "-12.75", "12,75"],
    ["DECIMAL without a fraction", { data_type: "DECIMAL" }, "42", "4.2.1"],
    ["EMAIL", { data_type: "EMAIL" }, "ada@example.com", "ada.example.com"],
    ["INTEGER", { data_type: "INTEGER" }, "+37", "3.7"],
    ["PHONE_NUMBER", { data_type: "PHONE_NUMBER" }, "+39 06 1234 5678", "call me"],
    ["PHONE_NUMBER too short", { data_type: "PHONE_NUMBER" }, "(06) 123-456", "12"],
    [
      "SELECT_ONE by key",
      { data_type: "SELECT_ONE", select: { veg: "Vegetarian", none: "No preference" } },
      "veg",
      "Vegetarian",
    ],
    ["STRING", { data_type: "STRING" }, "Ada", "   "],
    [
      "STRING with a data_pattern",
      { data_type: "STRING", data_pattern: "^[A-Z]{2}[0-9]{7}$" },
      "AB1234567",
      "ab1234567",
    ],
  ])("%s: a valid answer is accepted, an invalid one is VALIDATION_ERROR", async (
    _what,
    fields,
    valid,
    invalid,
  ) => {
    using h = new Harness({ inventory: museum([question("q-1", fields)]) });
    const bad = await booking(h, { adult: 1 }, [{ "q-1": invalid }]);
    expect(await h.confirm(bad)).toEqual(refusedFor("q-1"));
    expect(h.count("bookings")).toBe(0);

    bad.booking_requests[0].mandatory_answers[0].answer = valid;
    expect(await h.confirm(bad)).toEqual(ok(bad.booking_id));
  });

  test("a missing BY_PAX answer is VALIDATION_ERROR naming the question", async () => {
    using h = new Harness({ inventory: museum([question("passport")]) });
    const body = await booking(h, { adult: 2 }, [{ passport: "X1" }, {}]);

    expect(await h.confirm(body)).toEqual(refusedFor("passport"));
  });

  test("no mandatory_answers at all is VALIDATION_ERROR naming the question", async () => {
    using h = new Harness({ inventory: museum([question("passport", { level: "BOOKING" })]) });
    const body = await booking(h, { adult: 1 }, []);
    delete body.booking_requests[0].mandatory_answers;

    expect(await h.confirm(body)).toEqual(refusedFor("passport"));
  });

  test("a BY_PAX question is answered by every item", async () => {
    using h = new Harness({ inventory: museum([question("name")]) });
    const body = await booking(h, { adult: 2, child: 1 }, [
      { name: "Ada" },
      { name: "Charles" },
      { name: "Byron" },
    ]);

    expect(await h.confirm(body)).toEqual(ok(body.booking_id));
  });

  test("a BOOKING answer given once is enough", async () => {
    using h = new Harness({ inventory: museum([question("hotel", { level: "BOOKING" })]) });
    const body = await booking(h, { adult: 2 }, [{}, { hotel: "Hotel A" }]);

    expect(await h.confirm(body)).toEqual(ok(body.booking_id));
  });

  test("a BOOKING answer repeated on every item is accepted when the copies agree", async () => {
    using h = new Harness({ inventory: museum([question("hotel", { level: "BOOKING" })]) });
    const body = await booking(h, { adult: 2, child: 1 }, [
      { hotel: "Hotel A" },
      { hotel: "Hotel A" },
      { hotel: "Hotel A" },
    ]);

    expect(await h.confirm(body)).toEqual(ok(body.booking_id));
  });

  test("BOOKING copies that disagree are VALIDATION_ERROR naming the question", async () => {
    using h = new Harness({ inventory: museum([question("hotel", { level: "BOOKING" })]) });
    const body = await booking(h, { adult: 2 }, [{ hotel: "Hotel A" }, { hotel: "Hotel B" }]);

    expect(await h.confirm(body)).toEqual(refusedFor("hotel"));
  });

  // Regression: only an item's first answer to a question was checked, and
  // a bad second copy was stored with the booking.
  test.each([
    ["a BY_PAX answer", question("name"), "Ada", "Other"],
    ["a SELECT_ONE answer", question("menu", { data_type: "SELECT_ONE", select: { v: "Veg" } }),
      "v", "bogus"],
    ["a BOOKING answer", question("hotel", { level: "BOOKING" }), "Hotel A", "Hotel B"],
  ])("%s given twice in one item with different values is VALIDATION_ERROR", async (
    _what,
    q,
    first,
    second,
  ) => {
    using h = new Harness({ inventory: museum([q]) });
    const body = await booking(h, { adult: 1 }, [{}]);
    const id = q.mandatory_question_id;
    body.booking_requests[0].mandatory_answers = [
      { mandatory_question_id: id, answer: first },
      { mandatory_question_id: id, answer: second },
    ];

    expect(await h.confirm(body)).toEqual(refusedFor(id));
  });

  test("the same answer given twice in one item is accepted", async () => {
    using h = new Harness({ inventory: museum([question("name")]) });
    const body = await booking(h, { adult: 1 }, [{}]);
    body.booking_requests[0].mandatory_answers = [
      { mandatory_question_id: "name", answer: "Ada" },
      { mandatory_question_id: "name", answer: "Ada" },
    ];

    expect(await h.confirm(body)).toEqual(ok(body.booking_id));
  });

  test("a BOOKING answer is checked against its data_type", async () => {
    const phone = question("phone", { level: "BOOKING", data_type: "PHONE_NUMBER" });
    using h = new Harness({ inventory: museum([phone]) });
    const body = await booking(h, { adult: 2 }, [{ phone: "none" }, { phone: "none" }]);

    expect(await h.confirm(body)).toEqual(refusedFor("phone"));
  });

  describe("scopes", () => {
    const scoped = () => museum([
      question("everyone"),
      question("guided-only", { option_id: "guided" }),
      question("child-age", { holder_category_id: "child", data_type: "INTEGER" }),
      question("guided-child", { option_id: "guided", holder_category_id: "child" }),
      question("contact", { level: "BOOKING", data_type: "EMAIL", option_id: null }),
    ]);

    test("each item answers the questions of its option and category, and no more", async () => {
      using h = new Harness({ inventory: scoped() });
      const body = await booking(h, { adult: 1, child: 1 }, [
        { everyone: "a", "guided-only": "b", contact: "ada@example.com" },
        { everyone: "c", "guided-only": "d", "child-age": "7", "guided-child": "e" },
      ]);

      expect(await h.confirm(body)).toEqual(ok(body.booking_id));
    });

    test("another option's questions need no answer", async () => {
      using h = new Harness({ inventory: scoped() });
      const body = await booking(h, { adult: 1, child: 1, option: "audio" }, [
        { everyone: "a", contact: "ada@example.com" },
        { everyone: "c", "child-age": "7" },
      ]);

      expect(await h.confirm(body)).toEqual(ok(body.booking_id));
    });

    test("another category's questions need no answer", async () => {
      using h = new Harness({ inventory: scoped() });
      const body = await booking(h, { adult: 2 }, [
        { everyone: "a", "guided-only": "b", contact: "ada@example.com" },
        { everyone: "c", "guided-only": "d" },
      ]);

      expect(await h.confirm(body)).toEqual(ok(body.booking_id));
    });

    const full = (): Answers[] => [
      { everyone: "a", "guided-only": "b", contact: "ada@example.com" },
      { everyone: "c", "guided-only": "d", "child-age": "7", "guided-child": "e" },
    ];

    test.each<[string, (answers: Answers[]) => void, string]>([
      ["an unscoped question", (a) => delete a[0]!.everyone, "everyone"],
      ["an option-scoped question", (a) => delete a[1]!["guided-only"], "guided-only"],
      ["a category-scoped question", (a) => delete a[1]!["child-age"], "child-age"],
      [
        "a question scoped to option and category",
        (a) => delete a[1]!["guided-child"],
        "guided-child",
      ],
      ["a BOOKING question", (a) => delete a[0]!.contact, "contact"],
    ])("leaving out %s is VALIDATION_ERROR naming it", async (_what, leaveOut, id) => {
      using h = new Harness({ inventory: scoped() });
      const answers = full();
      leaveOut(answers);
      const body = await booking(h, { adult: 1, child: 1 }, answers);

      expect(await h.confirm(body)).toEqual(refusedFor(id));
    });

    test("a category-scoped answer is checked against its data_type", async () => {
      using h = new Harness({ inventory: scoped() });
      const answers = full();
      answers[1]!["child-age"] = "seven";
      const body = await booking(h, { adult: 1, child: 1 }, answers);

      expect(await h.confirm(body)).toEqual(refusedFor("child-age"));
    });
  });

  test("a refused answer writes nothing and the hold stays confirmable", async () => {
    using h = new Harness({ inventory: museum([question("age", { data_type: "INTEGER" })]) });
    const body = await booking(h, { adult: 1 }, [{ age: "forty" }]);

    expect(await h.confirm(body)).toEqual(refusedFor("age"));
    expect([h.count("bookings"), h.count("booking_items"), h.count("tickets")]).toEqual([0, 0, 0]);
    body.booking_requests[0].mandatory_answers[0].answer = "40";
    expect(await h.confirm(body)).toEqual(ok(body.booking_id));
  });
});
