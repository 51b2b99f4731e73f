/**
 * Property-based tests of the four webhook routes, in-process: fast-check
 * mutates valid bodies and headers (test/support/mutations.ts) and every
 * answer must be PORTA's: 200 only for a request the schema accepts, else
 * a 400 `{ code, id, message }` with one of the eight codes (never
 * UNCLASSIFIED_ERROR, which means an unexpected fault), or a 404 in the
 * same shape for an unknown route; one info log line per request with the
 * answer's id; and no refused request changes a row or a seat count.
 *
 * Runs are seeded: FC_SEED=<n> replays or explores (fast-check prints the
 * seed and path of a failure), FC_RUNS=<factor> scales every run count.
 */
import { describe, expect, test } from "bun:test";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import fc from "fast-check";
import { PORTA_ERROR_CODES } from "../../src/errors.ts";
import {
  BookingRequest,
  BookingResponse,
  CancelRequest,
  HoldRequest,
  HoldResponse,
} from "../../src/webhook/schemas.ts";
import { cancelBody } from "../support/bookings.ts";
import { type Answer, bookingBody, Harness, holdBody, KEY, uuid } from "../support/harness.ts";
import { anyCase, applyPlan, type Json, mutations } from "../support/mutations.ts";

const SEED = Number(Bun.env.FC_SEED ?? 20300601);
const SCALE = Number(Bun.env.FC_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });
// A default run takes a second or two per test; leave room on a busy machine.
const TIMEOUT = 30_000 * Math.max(1, SCALE);

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// --- headers ---------------------------------------------------------------

interface HeaderChoice {
  value: string | null;
  ok: boolean;
}

const choice = (value: string | null, ok: boolean): HeaderChoice => ({ value, ok });

const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) =>
  String.fromCharCode(c)), maxLength: 30 });

const keyChoice = fc.oneof(
  { weight: 12, arbitrary: fc.constant(choice(KEY, true)) },
  // Header values lose surrounding blanks (RFC 9110), so these are the key.
  { weight: 1, arbitrary: fc.constantFrom(choice(` ${KEY}`, true), choice(`${KEY}\t`, true)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      choice(null, false),
      choice("", false),
      choice(KEY.toUpperCase(), false),
      choice(KEY.slice(0, -1), false),
      choice(`${KEY}x`, false),
      choice(`${KEY}, ${KEY}`, false),
    ),
  },
  { weight: 1, arbitrary: printable.filter((s) => s !== KEY).map((s) => choice(s, false)) },
);

const typeChoice = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      choice("application/json", true),
      choice("application/json; charset=utf-8", true),
      choice("Application/JSON", true),
      choice("application/json;charset=UTF-8", true),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      choice(null, false),
      choice("", false),
      choice("text/plain", false),
      choice("application/jsonp", false),
      choice("application/x-www-form-urlencoded", false),
      choice("multipart/form-data; boundary=x", false),
      choice("application/problem+json", false),
    ),
  },
);

const versionChoice = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(choice(null, true), choice("vnd.porta-webhook-api.v1", true)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      choice("", false),
      choice("vnd.porta-webhook-api.v2", false),
      choice("VND.PORTA-WEBHOOK-API.V1", false),
      choice("v1", false),
    ),
  },
);

const RESERVED = ["x-webhook-key", "content-type", "accept-version", "content-length", "host",
  "transfer-encoding", "connection", "expect", "te", "upgrade"];

/** Headers and what an answer must say about them. */
const headerPlan = fc.record({
  key: fc.tuple(anyCase("x-webhook-key"), keyChoice),
  type: fc.tuple(anyCase("content-type"), typeChoice),
  version: fc.tuple(anyCase("accept-version"), versionChoice),
  extra: fc.dictionary(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => !RESERVED.includes(n)),
    printable,
    { maxKeys: 3 },
  ),
});

type HeaderPlan = typeof headerPlan extends fc.Arbitrary<infer T> ? T : never;

function headersOf(plan: HeaderPlan): Record<string, string | null> {
  const headers: Record<string, string | null> = { ...plan.extra };
  // The harness removes a header given null, whatever the case of its name.
  for (const [name, c] of [plan.key, plan.type, plan.version]) headers[name] = c.value;
  return headers;
}

// --- what an answer must be -----------------------------------------------

/** The store as far as a refusal could touch it: rows by status, seats by slot. */
function snapshot(h: Harness) {
  const all = (sql: string) => h.db.query(sql).all();
  return {
    holds: all("SELECT status, count(*) n, sum(seats) seats FROM holds GROUP BY status"),
    bookings: all("SELECT status, count(*) n, sum(seats) s FROM bookings GROUP BY status"),
    items: h.count("booking_items"),
    tickets: h.count("tickets"),
    inventory: ["experiences", "options", "slots", "slot_holder_categories", "pickups"]
      .map((t) => h.count(t)),
    seats: h.db.query(`
      SELECT slot_pk,
        (SELECT coalesce(sum(seats), 0) FROM holds h
          WHERE h.slot_pk = s.slot_pk AND status = 'HELD' AND expires_at > ?1) held,
        (SELECT coalesce(sum(seats), 0) FROM bookings b
          WHERE b.slot_pk = s.slot_pk AND status = 'CONFIRMED') booked
      FROM slots s ORDER BY slot_pk`).all(h.now),
  };
}

/**
 * Deeper than body.ts allows, or holding a string that is not Unicode.
 * Iterative: the mutations nest 100 000 levels deep.
 */
function unreadable(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string" && !v.isWellFormed()) return true;
    if (v === null || typeof v !== "object") continue;
    if (depth > 64) return true;
    for (const [k, child] of Object.entries(v)) {
      if (!k.isWellFormed()) return true;
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

type Verdict =
  | { kind: "key" | "version" | "shape" }
  | { kind: "schema" }
  | { kind: "valid"; parsed: any };

/** What the body's bytes must get, decided from the bytes alone (DECISIONS 5, 6a). */
function verdictOf(bytes: Uint8Array, schema: TSchema, headers: HeaderPlan): Verdict {
  if (!headers.key[1].ok) return { kind: "key" };
  if (!headers.version[1].ok) return { kind: "version" };
  if (!headers.type[1].ok) return { kind: "shape" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { kind: "shape" };
  }
  if (bytes.length === 0 || unreadable(parsed)) return { kind: "shape" };
  return Value.Check(schema, parsed) ? { kind: "valid", parsed } : { kind: "schema" };
}

const refusalShape = (answer: Answer) => {
  expect(Object.keys(answer.body ?? {}).sort()).toEqual(["code", "id", "message"]);
  expect(PORTA_ERROR_CODES).toContain(answer.body.code);
  expect(answer.body.id).toMatch(UUID_V4);
  expect(answer.body.message).toEqual(expect.any(String));
  expect(answer.body.message.length).toBeGreaterThan(0);
};

/** The log line of the request just answered: one, at info, with its id. */
function expectOneLogLine(h: Harness, linesBefore: number, answer: Answer): void {
  expect(h.logLines.length).toBe(linesBefore + 1);
  const line = JSON.parse(h.logLines.at(-1)!);
  expect(line.level).toBe("info");
  expect(line.status).toBe(answer.status);
  if (answer.status !== 200) expect(line.request_id).toBe(answer.body.id);
}

/**
 * Sends one request and checks everything the answer and the store must
 * satisfy for its verdict. Returns the answer for route-specific checks.
 */
async function sendAndCheck(
  h: Harness,
  request: { method: string; path: string; bytes?: Uint8Array; headers: HeaderPlan },
  verdict: Verdict,
  okSchema?: TSchema,
): Promise<Answer> {
  const before = snapshot(h);
  const lines = h.logLines.length;
  const answer = await h.request(
    request.method,
    request.path,
    request.bytes,
    headersOf(request.headers),
  );
  expectOneLogLine(h, lines, answer);

  if (answer.status === 200) {
    expect(verdict.kind).toBe("valid");
    if (okSchema) expect(Value.Check(okSchema, answer.body)).toBe(true);
    return answer;
  }
  expect(answer.status).toBe(400);
  refusalShape(answer);
  expect(answer.body.code).not.toBe("UNCLASSIFIED_ERROR");
  if (verdict.kind === "key") {
    expect(answer.body.message).toBe("the x-webhook-key header was rejected");
  }
  if (verdict.kind === "key" || verdict.kind === "version" || verdict.kind === "shape") {
    expect(answer.body.code).toBe("INCORRECT_REQUEST");
  }
  if (verdict.kind === "schema") {
    expect(["INCORRECT_REQUEST", "VALIDATION_ERROR"]).toContain(answer.body.code);
  }
  expect(snapshot(h)).toEqual(before);
  return answer;
}

// --- valid bodies to start from -------------------------------------------

/** Valid holds on each kind of slot of the fixture inventory. */
const holdBases: (() => Json)[] = [
  () => holdBody({
    slot_id: "unlimited",
    quantities: [{ holder_category_id: "adult", quantity: 1 }],
  }),
  () => holdBody({
    slot_id: "s-0900",
    pickup_id: "hotel-a",
    quantities: [
      { holder_category_id: "adult", quantity: 1, guide_language: "it" },
      { holder_category_id: "child", quantity: 2 },
    ],
  }),
  () => holdBody({
    option_id: "vip",
    slot_id: "vip-1000",
    quantities: [{ holder_category_id: "adult", quantity: 2 }],
  }),
  () => holdBody({
    experience_id: "ny-pass",
    option_id: "day",
    slot_id: "2030-06-15",
    expiration_time: "2030-06-01 08:00:00.5",
    quantities: [{ holder_category_id: "adult", quantity: 3 }],
  }),
  () => holdBody({
    experience_id: "tokyo-pass",
    option_id: "open",
    slot_id: "season",
    expiration_time: "2030-06-01T23:00:00+09:00",
    quantities: [{ holder_category_id: "adult", quantity: 1 }],
  }),
];

/** A live hold on the unlimited slot, ready to be confirmed. */
async function freshHold(h: Harness, seats = 2) {
  const hold = holdBody({
    slot_id: "unlimited",
    quantities: [{ holder_category_id: "adult", quantity: seats }],
  });
  expect((await h.hold(hold)).status).toBe(200);
  return hold;
}

const bytesOf = (body: Json) => new TextEncoder().encode(JSON.stringify(body));

// --- the properties --------------------------------------------------------

describe("hostile bodies and headers, generated (fast-check)", () => {
  test("POST /hold answers every mutated body as PORTA would and a refusal changes " +
    "nothing", async () => {
    using h = new Harness();
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, headerPlan, async (base, plan, headers) => {
        const bytes = applyPlan(holdBases[base % holdBases.length]!(), plan);
        const verdict = verdictOf(bytes, HoldRequest, headers);
        const answer = await sendAndCheck(
          h,
          { method: "POST", path: "/hold", bytes, headers },
          verdict,
          HoldResponse,
        );
        if (answer.status === 200 && verdict.kind === "valid") {
          expect(answer.body.hold_id).toBe(verdict.parsed.hold_id);
        }
      }),
      runs(450),
    );
  }, TIMEOUT);

  test("POST /booking answers every mutated confirmation as PORTA would and a refusal " +
    "changes nothing", async () => {
    using h = new Harness();
    await fc.assert(
      fc.asyncProperty(mutations, headerPlan, async (plan, headers) => {
        const hold = await freshHold(h);
        const bytes = applyPlan(bookingBody(hold), plan);
        const verdict = verdictOf(bytes, BookingRequest, headers);
        const answer = await sendAndCheck(
          h,
          { method: "POST", path: "/booking", bytes, headers },
          verdict,
          BookingResponse,
        );
        if (answer.status === 200 && verdict.kind === "valid") {
          expect(answer.body.booking_id).toBe(verdict.parsed.booking_id);
        }
      }),
      runs(260),
    );
  }, TIMEOUT);

  test("DELETE /booking answers every mutated cancellation as PORTA would and a refusal " +
    "changes nothing", async () => {
    using h = new Harness();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), mutations, headerPlan, async (unconfirmed, plan, headers) => {
        const hold = await freshHold(h, 1);
        const booking = bookingBody(hold);
        const confirmed = await h.confirm(booking);
        expect(confirmed.status).toBe(200);
        const base = unconfirmed
          ? { booking_id: uuid(), transaction_id: "", ticket_numbers: [], unconfirmed: true }
          : cancelBody(confirmed.body);
        const bytes = applyPlan(base, plan);
        const answer = await sendAndCheck(
          h,
          { method: "DELETE", path: "/booking", bytes, headers },
          verdictOf(bytes, CancelRequest, headers),
        );
        if (answer.status === 200) expect(answer.body).toEqual({});
      }),
      runs(200),
    );
  }, TIMEOUT);

  test("GET /health and /heath answer 200 only to the right key and version, and " +
    "ignore any body", async () => {
    using h = new Harness();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/health", "/heath"),
        headerPlan,
        async (path, headers) => {
          // Health reads no body, so only the key and the version decide.
          const verdict: Verdict = !headers.key[1].ok ? { kind: "key" }
            : !headers.version[1].ok ? { kind: "version" }
            : { kind: "valid", parsed: null };
          const answer = await sendAndCheck(h, { method: "GET", path, headers }, verdict);
          if (verdict.kind === "valid") {
            expect(answer).toEqual({
              status: 200,
              body: {
                status: "ok",
                version: expect.any(String),
                schema_version: expect.any(Number),
              },
            });
          }
        },
      ),
      runs(200),
    );
  }, TIMEOUT);

  test("an unknown route or method is a 404 in PORTA's body shape whatever the key, " +
    "and changes nothing", async () => {
    using h = new Harness();
    const known = /^\/(hold|booking|heal?th|heath|docs|metrics)(\/|$)/i;
    const route = fc.oneof(
      fc.record({
        method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"),
        path: fc.webPath().filter((p) => {
          try {
            return !known.test(decodeURIComponent(p)) && p !== "";
          } catch {
            return true;
          }
        }),
      }),
      fc.constantFrom(
        { method: "PUT", path: "/hold" },
        { method: "GET", path: "/hold" },
        { method: "DELETE", path: "/hold" },
        { method: "PATCH", path: "/booking" },
        { method: "GET", path: "/booking" },
        { method: "POST", path: "/health" },
        { method: "DELETE", path: "/heath" },
        { method: "POST", path: "/holds" },
        { method: "POST", path: "/hold/x" },
        { method: "POST", path: "/Hold" },
      ),
    );
    await fc.assert(
      fc.asyncProperty(route, headerPlan, async ({ method, path }, headers) => {
        const before = snapshot(h);
        const withBody = method !== "GET";
        const answer = await h.request(
          method,
          path,
          withBody ? bytesOf(holdBases[0]!()) : undefined,
          headersOf(headers),
        );
        expect(answer.status).toBe(404);
        refusalShape(answer);
        expect(answer.body.code).toBe("ELEMENT_NOT_FOUND");
        expect(snapshot(h)).toEqual(before);
      }),
      runs(200),
    );
  }, TIMEOUT);
});

// --- well-typed requests: the services' own rules -------------------------

/** Instants that put the fixture's slots before, inside and after their cut-offs. */
const CLOCKS = [
  "2030-06-01T10:00:00Z", // T0: everything on sale
  "2030-06-14T17:59:59Z", // a moment before the P1D cancellation cut-off of 20:00 Rome
  "2030-06-15T05:30:00Z", // inside s-0900's PT2H sales cut-off (09:00 Rome)
  "2030-06-15T13:00:00Z", // s-1500 inside its cut-off, started slots no longer on sale
  "2030-06-16T00:00:00Z", // after every slot, and past the END_DATE of the open pass
].map((t) => Date.parse(t));

/** The fixture's slots with what belongs to them (test/support/inventory.ts). */
const SLOTS = [
  ["rome-tour", "standard", "s-0900", ["hotel-a", "station"], ["adult", "child"]],
  ["rome-tour", "standard", "s-1500", [], ["adult", "child"]],
  ["rome-tour", "standard", "unlimited", [], ["adult"]],
  ["rome-tour", "standard", "sold-out", [], ["adult"]],
  ["rome-tour", "vip", "vip-1000", [], ["adult"]],
  ["ny-pass", "day", "2030-06-15", [], ["adult"]],
  ["tokyo-pass", "open", "season", [], ["adult"]],
] as const;

/** Mostly the thing that belongs; now and then one that does not, or nothing. */
const mostly = <T>(right: readonly T[], wrong: readonly T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...right) },
    { weight: 1, arbitrary: fc.constantFrom(...wrong) },
  );

const fixtureHold = fc.constantFrom(...SLOTS).chain(([experience, option, slot, pickups, cats]) =>
  fc.record(
    {
      experience_id: mostly([experience], ["rome-tour", "ny-pass", "nope"]),
      option_id: mostly([option], ["standard", "vip", "day", "nope"]),
      slot_id: mostly([slot], ["s-1500", "2030-06-15", "season", "nope"]),
      // JSON leaves out an undefined pickup_id: a slot without pickups mostly has none.
      pickup_id: pickups.length > 0
        ? mostly(pickups, ["nope"])
        : mostly([undefined], ["station"]),
      hold_id: fc.uuid(),
      expiration_time: fc.constantFrom(
        "2030-05-31T00:00", "2030-06-01T12:30:00", "2030-06-14T23:00:00Z", "2030-06-15 10:00",
        "2030-06-20T00:00:00+05:00",
      ),
      quantities: fc.uniqueArray(
        fc.record(
          {
            holder_category_id: mostly(cats, ["child", "infant"]),
            quantity: fc.integer({ min: 1, max: 9 }),
            guide_language: fc.constantFrom("en", "it", "de"),
          },
          { requiredKeys: ["holder_category_id", "quantity"] },
        ),
        { minLength: 1, maxLength: 2, selector: (q) => q.holder_category_id },
      ),
    },
    { requiredKeys: ["experience_id", "option_id", "slot_id", "hold_id", "expiration_time",
      "quantities"] },
  )
);

/** A header plan that passes the key, version and content-type checks. */
const validHeaders: HeaderPlan = {
  key: ["x-webhook-key", choice(KEY, true)],
  type: ["content-type", choice("application/json", true)],
  version: ["accept-version", choice(null, true)],
  extra: {},
};

/** Tallies the answers of a property, to check that it reached every rule. */
const tally = (seen: Map<string, number>, answer: Answer) => {
  const code = answer.status === 200 ? "OK" : answer.body.code;
  seen.set(code, (seen.get(code) ?? 0) + 1);
};

describe("well-typed requests naming any mix of the fixture's ids, at any time", () => {
  test("a hold is granted or refused by the services' rules, and a refusal changes " +
    "nothing", async () => {
    using h = new Harness();
    const seen = new Map<string, number>();
    const used: Json[] = [];
    await fc.assert(
      fc.asyncProperty(
        fixtureHold,
        fc.constantFrom(...CLOCKS),
        fc.nat(),
        async (body, now, again) => {
          h.at(now);
          // Now and then a hold_id already used, with this or another body.
          const sent = again % 5 === 0 && used.length > 0 ? used[again % used.length]! : body;
          const bytes = bytesOf(sent);
          const verdict = verdictOf(bytes, HoldRequest, validHeaders);
          const answer = await sendAndCheck(
            h,
            { method: "POST", path: "/hold", bytes, headers: validHeaders },
            verdict,
            HoldResponse,
          );
          tally(seen, answer);
          if (answer.status === 200) used.push(sent);
        },
      ),
      runs(400),
    );
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([
      "ELEMENT_NOT_FOUND", "INACTIVE_OR_UNAVAILABLE_EXPERIENCE", "NO_CAPACITY_LEFT", "OK",
      "VALIDATION_ERROR",
    ]));
  }, TIMEOUT);

  test("a confirmation is granted or refused by the services' rules, and a refusal " +
    "changes nothing", async () => {
    using h = new Harness();
    const seen = new Map<string, number>();
    const bookingIds: string[] = [];
    const holdIds: string[] = [];
    const item = fc.record({
      request_id: fc.uuid(),
      holder_category_id: fc.constantFrom("adult", "child"),
      slot_id: fc.constantFrom("unlimited", "unlimited", "s-1500"),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(item, { maxLength: 4 }),
        fc.nat(),
        fc.boolean(),
        async (seats, items, n, late) => {
          h.at(CLOCKS[0]!);
          const hold = await freshHold(h, seats);
          holdIds.push(hold.hold_id);
          // Mostly the right number of adults; sometimes the generated items.
          const requests = n % 3 === 0 ? items : bookingBody(hold).booking_requests;
          const booking = bookingBody(hold, {
            booking_requests: requests,
            booking_id: n % 7 === 0 && bookingIds.length > 0
              ? bookingIds[n % bookingIds.length]
              : uuid(),
            hold_id: n % 11 === 0 ? holdIds[n % holdIds.length]
              : n % 13 === 0 ? uuid()
              : hold.hold_id,
          });
          // Late: after the hold's expiry (12:30 Rome is 10:30 UTC).
          if (late) h.at(CLOCKS[0]! + 31 * 60_000);
          const bytes = bytesOf(booking);
          const answer = await sendAndCheck(
            h,
            { method: "POST", path: "/booking", bytes, headers: validHeaders },
            verdictOf(bytes, BookingRequest, validHeaders),
            BookingResponse,
          );
          tally(seen, answer);
          if (answer.status === 200) bookingIds.push(booking.booking_id);
        },
      ),
      runs(200),
    );
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([
      "ELEMENT_NOT_FOUND", "INACTIVE_HOLD_KEY", "INCORRECT_REQUEST", "OK", "VALIDATION_ERROR",
    ]));
  }, TIMEOUT);

  test("a cancellation is granted or refused by the services' rules, and a refusal " +
    "changes nothing", async () => {
    using h = new Harness();
    const seen = new Map<string, number>();
    const confirmations: { booking_id: string; transaction_id: string; tickets: any[] }[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CLOCKS.slice(0, 2), CLOCKS[4]!),
        fc.nat(),
        fc.boolean(),
        fc.constantFrom("right", "wrong", "empty"),
        async (now, n, unconfirmed, transaction) => {
          h.at(CLOCKS[0]!);
          const hold = await freshHold(h, 1);
          const confirmed = await h.confirm(bookingBody(hold));
          expect(confirmed.status).toBe(200);
          confirmations.push(confirmed.body);

          const target = n % 4 === 0 ? null : confirmations[n % confirmations.length]!;
          const body = {
            booking_id: target?.booking_id ?? uuid(),
            transaction_id: transaction === "right" && target ? target.transaction_id
              : transaction === "wrong" ? uuid() : "",
            ticket_numbers: target?.tickets.map((t) => t.number) ?? [],
            ...(unconfirmed && n % 3 === 0 ? { unconfirmed: true } : {}),
          };
          h.at(now);
          const bytes = bytesOf(body);
          const answer = await sendAndCheck(
            h,
            { method: "DELETE", path: "/booking", bytes, headers: validHeaders },
            verdictOf(bytes, CancelRequest, validHeaders),
          );
          tally(seen, answer);
        },
      ),
      runs(200),
    );
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([
      "ELEMENT_NOT_FOUND", "INCORRECT_REQUEST", "NOT_CANCELLABLE_BOOKING", "OK",
    ]));
  }, TIMEOUT);
});
