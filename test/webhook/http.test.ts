import { describe, expect, test } from "bun:test";
import { Harness, holdBody, KEY, refusal } from "../support/harness.ts";

const post = (
  h: Harness,
  body: string | Uint8Array | undefined,
  headers: Record<string, string | null> = {},
) => h.request("POST", "/hold", body, headers);

describe("the webhook key and version (DECISIONS 2, 3)", () => {
  test.each([
    ["missing", { "x-webhook-key": null }],
    ["empty", { "x-webhook-key": "" }],
    ["wrong", { "x-webhook-key": "not-the-key" }],
    ["a prefix of the right one", { "x-webhook-key": KEY.slice(0, -1) }],
  ])("a %s key is INCORRECT_REQUEST saying the key was rejected", async (_what, headers) => {
    using h = new Harness();
    const answer = await post(h, JSON.stringify(holdBody()), headers);
    expect(answer).toEqual({
      status: 400,
      body: { ...refusal("INCORRECT_REQUEST"), message: "the x-webhook-key header was rejected" },
    });
  });

  test("every configured key is accepted, so a key can be rotated", async () => {
    using h = new Harness({ keys: ["old-key-123456", "new-key-654321"] });
    for (const key of ["old-key-123456", "new-key-654321"]) {
      const answer = await post(h, JSON.stringify(holdBody()), { "x-webhook-key": key });
      expect(answer.status).toBe(200);
    }
  });

  test("the header name is case-insensitive", async () => {
    using h = new Harness();
    const answer = await h.request("GET", "/health", undefined, { "X-WEBHOOK-KEY": KEY });
    expect(answer.status).toBe(200);
  });

  test("accept-version may be absent or v1; anything else is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const v1 = await h.request("GET", "/health", undefined, {
      "accept-version": "vnd.porta-webhook-api.v1",
    });
    expect(v1.status).toBe(200);
    const v2 = await h.request("GET", "/health", undefined, {
      "accept-version": "vnd.porta-webhook-api.v2",
    });
    expect(v2.body).toEqual(refusal("INCORRECT_REQUEST"));
  });

  test("the key is checked before the body is read", async () => {
    using h = new Harness();
    const answer = await post(h, "{not json", { "x-webhook-key": "wrong" });
    expect(answer.body.message).toBe("the x-webhook-key header was rejected");
  });

  test("neither the key nor the holder's personal data reach a log line", async () => {
    using h = new Harness();
    await post(h, JSON.stringify(holdBody()), { "x-webhook-key": "leaked-secret-value" });
    await h.confirm({
      booking_id: "b-1",
      hold_id: "h-1",
      tuimm_booking_id: "MUS1_2",
      holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      booking_requests: [],
    });
    const log = h.logLines.join("\n");
    expect(log).not.toContain("leaked-secret-value");
    expect(log).not.toContain(KEY);
    expect(log).not.toContain("ada@example.com");
    expect(log).not.toContain("Lovelace");
  });
});

describe("body shape and format (DECISIONS 5)", () => {
  test.each([
    ["not JSON", "{bad", "application/json"],
    ["empty", "", "application/json"],
    ["text/plain", JSON.stringify(holdBody()), "text/plain"],
    ["without a content type", JSON.stringify(holdBody()), null],
    ["a JSON array", "[]", "application/json"],
    ["JSON null", "null", "application/json"],
  ])("a body that is %s is INCORRECT_REQUEST", async (_what, body, type: string | null) => {
    using h = new Harness();
    expect((await post(h, body, { "content-type": type })).body).toEqual(
      refusal("INCORRECT_REQUEST"),
    );
  });

  test("a DELETE with an empty JSON body is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    expect((await h.cancel("")).body).toEqual(refusal("INCORRECT_REQUEST"));
  });

  test("a body that is not UTF-8 is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
    expect((await post(h, bytes)).body).toEqual(refusal("INCORRECT_REQUEST"));
  });

  test("a body over 1 MiB is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const body = JSON.stringify({ ...holdBody(), padding: "x".repeat(1024 * 1024) });
    expect((await post(h, body)).body).toEqual(refusal("INCORRECT_REQUEST"));
  });

  test.each([
    ["a missing field", { hold_id: undefined }],
    ["a number as a string", { quantities: [{ holder_category_id: "adult", quantity: "2" }] }],
    ["an object where an array belongs", { quantities: { holder_category_id: "adult" } }],
    ["null for a string", { slot_id: null }],
    ["a missing field next to a bad pattern", { hold_id: undefined, slot_id: "BAD ID" }],
  ])("%s is INCORRECT_REQUEST", async (_what, overrides) => {
    using h = new Harness();
    expect((await h.hold(holdBody(overrides))).body).toEqual(refusal("INCORRECT_REQUEST"));
  });

  test.each([
    ["a hold_id that is not a uuid", { hold_id: "12345" }],
    ["an id with capitals", { slot_id: "S-1500" }],
    ["an id starting with a dot", { slot_id: ".s" }],
    ["an id of 51 characters", { slot_id: "a".repeat(51) }],
    ["a look-alike Unicode id", { slot_id: "s\u20111500" }],
    ["quantity 0", { quantities: [{ holder_category_id: "adult", quantity: 0 }] }],
    ["quantity -1", { quantities: [{ holder_category_id: "adult", quantity: -1 }] }],
    ["quantity 2.5", { quantities: [{ holder_category_id: "adult", quantity: 2.5 }] }],
    [
      "quantity 2^53+1",
      { quantities: [{ holder_category_id: "adult", quantity: 9007199254740993 }] },
    ],
    ["an expiration_time that is not a date-time", { expiration_time: "tomorrow" }],
    ["an impossible date", { expiration_time: "2030-02-30T10:00:00" }],
    ["no quantities", { quantities: [] }],
  ])("%s is VALIDATION_ERROR", async (_what, overrides) => {
    using h = new Harness();
    expect((await h.hold(holdBody(overrides))).body).toEqual(refusal("VALIDATION_ERROR"));
    expect(h.count("holds")).toBe(0);
  });

  test("1e3 is the integer 1000", async () => {
    using h = new Harness();
    const body = JSON.stringify(holdBody({ slot_id: "unlimited" })).replace(
      '"quantity":2',
      '"quantity":1e3',
    );
    expect((await post(h, body)).status).toBe(200);
  });

  test.each([
    "2030-06-01T12:30",
    "2030-06-01 12:30:00",
    "2030-06-01T12:30:00.123456789",
    "2030-06-01T12:30:00+05:00",
    "2030-06-01T12:30:00-0300",
  ])("expiration_time %s is read as Rome wall-clock time, its offset ignored", async (text) => {
    using h = new Harness();
    expect((await h.hold(holdBody({ expiration_time: text }))).status).toBe(200);
    const row = h.db.query<{ expires_at: number }, []>("SELECT expires_at FROM holds").get()!;
    // 12:30 in Rome on 1 June (CEST) is 10:30 UTC.
    expect(Math.floor(row.expires_at / 60_000)).toBe(Date.UTC(2030, 5, 1, 10, 30) / 60_000);
  });
});

describe("routes, health and unexpected faults", () => {
  test("an unknown route is a 404 in the same body shape", async () => {
    using h = new Harness();
    expect(await h.request("GET", "/nope")).toEqual({
      status: 404,
      body: refusal("ELEMENT_NOT_FOUND"),
    });
  });

  test("under a base path the webhooks answer there and not at the root", async () => {
    using h = new Harness({ basePath: "/porta" });
    expect((await h.request("POST", "/porta/hold", holdBody())).status).toBe(200);
    expect((await h.request("POST", "/hold", holdBody())).status).toBe(404);
  });

  test("health answers 200 on /health and on PORTA's spelling /heath", async () => {
    using h = new Harness();
    const expected = {
      status: 200,
      body: { status: "ok", version: expect.any(String), schema_version: expect.any(Number) },
    };
    expect(await h.request("GET", "/health")).toEqual(expected);
    expect(await h.request("GET", "/heath")).toEqual(expected);
  });

  test("health fails when the store cannot be written", async () => {
    using h = new Harness();
    h.db.run("PRAGMA query_only = ON");
    expect(await h.request("GET", "/health")).toEqual({
      status: 400,
      body: refusal("UNCLASSIFIED_ERROR"),
    });
  });

  test("an unexpected fault is UNCLASSIFIED_ERROR, no internals, logged with its id", async () => {
    using h = new Harness();
    h.db.run("DROP INDEX holds_live");
    h.db.run("ALTER TABLE holds RENAME TO holds_gone");
    const answer = await h.hold(holdBody());
    expect(answer).toEqual({ status: 400, body: refusal("UNCLASSIFIED_ERROR") });
    expect(answer.body.message).not.toContain("holds");

    const line = JSON.parse(h.logLines.at(-1)!);
    expect(line).toMatchObject({ level: "error", request_id: answer.body.id, status: 400 });
    expect(line.err.message).toContain("holds");
  });

  test("each request writes one JSON log line: id, route, status, PORTA ids", async () => {
    using h = new Harness();
    const body = holdBody({ slot_id: "sold-out" });
    const answer = await h.hold(body);
    expect(h.logLines).toHaveLength(1);
    expect(JSON.parse(h.logLines[0]!)).toEqual({
      level: "info",
      time: expect.any(String),
      msg: "request",
      request_id: answer.body.id,
      method: "POST",
      path: "/hold",
      status: 400,
      duration_ms: expect.any(Number),
      hold_id: body.hold_id,
      code: "NO_CAPACITY_LEFT",
      message: answer.body.message,
    });
  });
});

describe("PORTA's own keys (DECISIONS 12)", () => {
  test.each([
    ["an empty booking_id on a confirmation", "POST", { booking_id: "" }],
    ["a booking_id of 201 characters on a confirmation", "POST", { booking_id: "b".repeat(201) }],
    ["an empty hold_id on a confirmation", "POST", { hold_id: "" }],
    ["an empty booking_id on a cancellation", "DELETE", { booking_id: "" }],
  ])("%s is VALIDATION_ERROR", async (_what, method, overrides) => {
    using h = new Harness();
    const confirm = {
      booking_id: "b-1",
      hold_id: "h-1",
      tuimm_booking_id: "MUS1_2",
      holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      booking_requests: [
        {
          request_id: crypto.randomUUID(),
          holder_category_id: "adult",
          slot_id: "s-1500",
        },
      ],
    };
    const cancel = { booking_id: "b-1", transaction_id: "", ticket_numbers: [], unconfirmed: true };
    const body = { ...(method === "POST" ? confirm : cancel), ...overrides };
    expect((await h.request(method, "/booking", body)).body).toEqual(refusal("VALIDATION_ERROR"));
    expect(h.count("bookings")).toBe(0);
  });
});

describe("bounded arrays", () => {
  test("a hold with more than 50 quantities is VALIDATION_ERROR", async () => {
    using h = new Harness();
    const quantities = Array.from({ length: 51 }, (_, i) => ({
      holder_category_id: `c${i}`,
      quantity: 1,
    }));
    expect((await h.hold(holdBody({ quantities }))).body).toEqual(refusal("VALIDATION_ERROR"));
  });
});

describe("booleans", () => {
  test("a string where a boolean belongs is INCORRECT_REQUEST", async () => {
    using h = new Harness();
    const answer = await h.cancel({
      booking_id: "b-1",
      transaction_id: "t",
      ticket_numbers: [],
      unconfirmed: "yes",
    });
    expect(answer.body.code).toBe("INCORRECT_REQUEST");
  });
});
