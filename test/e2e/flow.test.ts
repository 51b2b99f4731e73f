/**
 * End-to-end tests of the compiled binary over real HTTP: the CLI's
 * commands, PORTA's hold / confirm / cancel flow on the demo inventory,
 * concurrent holds, independence from the host's time zone, and the key
 * generated when none is configured. See test/support/binary.ts.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import pkg from "../../package.json" with { type: "json" };
import type { Inventory } from "../../src/inventory/schema.ts";
import {
  type Answer,
  ensureBinary,
  KEY,
  jsonLine,
  runCommand,
  type Server,
  startServer,
  TempDir,
} from "../support/binary.ts";
import { refusal } from "../support/harness.ts";

const uuid = () => crypto.randomUUID();

/** Now plus `minutes` on the wall clock of `zone`, as PORTA writes it. */
const localTime = (zone: string, minutes: number) =>
  Temporal.Now.zonedDateTimeISO(zone).add({ minutes }).toPlainDateTime().toString();

const outcome = (a: Answer) => (a.status === 200 ? "ok" : `${a.status} ${a.body?.code}`);

async function importFile(db: string, file: string): Promise<void> {
  const result = await runCommand(["import", file, "--db", db]);
  expect(result).toEqual({
    exitCode: 0,
    stdout: expect.stringContaining(`imported into ${db}`),
    stderr: "",
  });
}

async function importInventory(dir: TempDir, db: string, inventory: Inventory) {
  const file = dir.file("inventory.json");
  writeFileSync(file, JSON.stringify(inventory));
  await importFile(db, file);
}

/** One TIME experience per zone, each with one slot a week ahead in its zone. */
function weekAheadInventory(zones: string[], capacity: number): Inventory {
  return {
    vendors: [{ vendor_id: "e2e", name: "E2E Vendor" }],
    experiences: zones.map((zone) => {
      const day = Temporal.Now.plainDateISO(zone).add({ days: 7 }).toString();
      return {
        experience_id: experienceOf(zone),
        vendor_id: "e2e",
        experience_name: `Tour in ${zone}`,
        availability_slot_type: "TIME" as const,
        currency: "EUR",
        cutoff_time: "PT2H",
        time_zone: zone,
        options: [
          {
            option_id: "tour",
            label: "Tour",
            holder_categories: [
              { holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 },
            ],
            ticket: { type: "FOR_ALL" as const, format: "TEXT" as const },
          },
        ],
        slots: [
          {
            slot_id: "week-ahead",
            option_id: "tour",
            capacity,
            available_holder_categories: [
              { holder_category_id: "adult", price_in_cents: 1000 },
            ],
            time_slot: { start: `${day}T10:00:00`, end: `${day}T12:00:00` },
          },
        ],
      };
    }),
  };
}

const experienceOf = (zone: string) => zone.toLowerCase().replace(/[^a-z]+/g, "-");

function weekAheadHold(zone: string, expiration_time: string, quantity = 1) {
  return {
    experience_id: experienceOf(zone),
    option_id: "tour",
    slot_id: "week-ahead",
    hold_id: uuid(),
    expiration_time,
    quantities: [{ holder_category_id: "adult", quantity }],
  };
}

const HOLDER = { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" };

function bookingFor(hold: ReturnType<typeof weekAheadHold>) {
  return {
    booking_id: uuid(),
    hold_id: hold.hold_id,
    tuimm_booking_id: "MUS1234567_890123",
    holder: HOLDER,
    booking_requests: [{
      request_id: uuid(),
      holder_category_id: "adult",
      slot_id: hold.slot_id,
    }],
  };
}

// Printable ASCII, as Code 128 needs (DECISIONS 15).
const TICKET_NUMBER = expect.stringMatching(/^[!-~]+$/);

beforeAll(() => {
  ensureBinary();
});

describe("the compiled binary", () => {
  for (const command of [[], ["serve"], ["import"], ["demo-inventory"], ["openapi"]]) {
    const usage = ["Usage: porta-webhook", ...command, ""].join(" ");
    const line = ["porta-webhook", ...command, "--help"].join(" ");
    test(`\`${line}\` prints its usage and exits 0`, async () => {
      const result = await runCommand([...command, "--help"]);
      expect(result).toEqual({ exitCode: 0, stdout: expect.any(String), stderr: "" });
      expect(result.stdout.startsWith(usage)).toBe(true);
    });
  }

  test("--version prints the package version and the schema version", async () => {
    const result = await runCommand(["--version"]);
    expect(result).toEqual({
      exitCode: 0,
      stdout: expect.stringMatching(/^\S+ \(schema \d+\)\n$/),
      stderr: "",
    });
    expect(result.stdout.startsWith(`${pkg.version} `)).toBe(true);
  });

  test("the demo is imported, held, confirmed and cancelled, each idempotently", async () => {
    using dir = new TempDir();
    const db = dir.file("store.db");
    const demo = await runCommand(["demo-inventory", "--days", "3"]);
    expect(demo.exitCode).toBe(0);
    writeFileSync(dir.file("demo.json"), demo.stdout);
    await importFile(db, dir.file("demo.json"));

    // The last day's slots: far enough ahead for every cut-off, at any hour.
    const inventory: Inventory = JSON.parse(demo.stdout);
    const [rome, harbour] = ["colosseum-guided-tour", "harbor-day-pass"]
      .map((id) => inventory.experiences!.find((e) => e.experience_id === id)!);
    const romeSlot = rome!.slots!.filter((s) => s.time_slot?.pickup_ids?.length).at(-1)!;
    const harbourSlot = harbour!.slots!.at(-1)!;

    await using server = await startServer({ db });

    const hold = {
      experience_id: "colosseum-guided-tour",
      option_id: "guided-tour",
      slot_id: romeSlot.slot_id,
      pickup_id: "hotel-artemide",
      hold_id: uuid(),
      expiration_time: localTime("Europe/Rome", 20),
      quantities: [
        { holder_category_id: "adult", quantity: 2, guide_language: "it" },
        { holder_category_id: "child", quantity: 1 },
      ],
    };
    const held = await server.hold(hold);
    expect(held).toEqual({
      status: 200,
      body: { hold_id: hold.hold_id, transaction_id: expect.any(String) },
    });
    expect(await server.hold(hold)).toEqual(held);

    // PORTA repeats BOOKING-level answers on every item.
    const bookingAnswers = [
      { mandatory_question_id: "lead-phone", answer: "+39 06 1234 5678" },
      { mandatory_question_id: "arrival-date", answer: romeSlot.time_slot!.start.slice(0, 10) },
      { mandatory_question_id: "contact-email", answer: "ada@example.com" },
    ];
    const person = (category: string, name: string, extra: object) => ({
      request_id: uuid(),
      holder_category_id: category,
      slot_id: romeSlot.slot_id,
      pickup_id: "hotel-artemide",
      mandatory_answers: [
        ...bookingAnswers,
        { mandatory_question_id: "full-name", answer: name },
        { mandatory_question_id: "lunch", answer: "vegetarian" },
        { mandatory_question_id: "shoe-size", answer: "38.5" },
        ...Object.entries(extra)
          .map(([mandatory_question_id, answer]) => ({ mandatory_question_id, answer })),
      ],
    });
    const items = [
      person("adult", "Ada Lovelace", { "id-number": "YA1234567" }),
      person("adult", "William King", { "id-number": "YB7654321" }),
      person("child", "Byron King", { "child-age": "9" }),
    ];
    const booking = {
      booking_id: uuid(),
      hold_id: hold.hold_id,
      tuimm_booking_id: "MUS1234567_890123",
      holder: HOLDER,
      booking_requests: items,
    };
    const confirmed = await server.confirm(booking);
    expect(confirmed).toEqual({
      status: 200,
      body: {
        booking_id: booking.booking_id,
        transaction_id: expect.any(String),
        tickets: items.map((i) => ({
          number: TICKET_NUMBER,
          type: "FOR_SINGLE_PERSON",
          format: "QR",
          request_id: i.request_id,
          holder_category_id: i.holder_category_id,
        })),
      },
    });
    const numbers = confirmed.body.tickets.map((t: { number: string }) => t.number);
    expect(new Set(numbers).size).toBe(3);
    expect(await server.confirm(booking)).toEqual(confirmed);

    const cancel = {
      booking_id: booking.booking_id,
      transaction_id: confirmed.body.transaction_id,
      ticket_numbers: numbers,
    };
    expect(await server.cancel(cancel)).toEqual({ status: 200, body: {} });
    expect(await server.cancel(cancel)).toEqual({ status: 200, body: {} });

    const dayHold = {
      experience_id: "harbor-day-pass",
      option_id: "day-pass",
      slot_id: harbourSlot.slot_id,
      hold_id: uuid(),
      expiration_time: localTime("America/New_York", 20),
      quantities: [
        { holder_category_id: "adult", quantity: 2 },
        { holder_category_id: "infant", quantity: 1 },
      ],
    };
    expect(await server.hold(dayHold)).toEqual({
      status: 200,
      body: { hold_id: dayHold.hold_id, transaction_id: expect.any(String) },
    });
    const dayBooking = {
      booking_id: uuid(),
      hold_id: dayHold.hold_id,
      tuimm_booking_id: "MUS1234568_890124",
      holder: HOLDER,
      booking_requests: ["adult", "adult", "infant"].map((holder_category_id) => ({
        request_id: uuid(),
        holder_category_id,
        slot_id: harbourSlot.slot_id,
      })),
    };
    expect(await server.confirm(dayBooking)).toEqual({
      status: 200,
      body: {
        booking_id: dayBooking.booking_id,
        transaction_id: expect.any(String),
        tickets: [{ number: TICKET_NUMBER, type: "FOR_ALL", format: "BARCODE" }],
      },
    });

    expect(await server.stop()).toBe(0);
    const log = server.stdoutLines.join("\n");
    expect(log).not.toContain(KEY);
    expect(log).not.toContain("Lovelace");
  });

  test("50 parallel holds of one seat on a slot of 10 seats hold exactly 10", async () => {
    using dir = new TempDir();
    const db = dir.file("store.db");
    await importInventory(dir, db, weekAheadInventory(["Europe/Rome"], 10));
    await using server = await startServer({ db });

    const expiration = localTime("Europe/Rome", 20);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => server.hold(weekAheadHold("Europe/Rome", expiration))),
    );

    const tally: Record<string, number> = {};
    for (const a of answers) tally[outcome(a)] = (tally[outcome(a)] ?? 0) + 1;
    expect(tally).toEqual({ ok: 10, "400 NO_CAPACITY_LEFT": 40 });
    for (const a of answers.filter((a) => a.status === 400)) {
      expect(a.body).toEqual(refusal("NO_CAPACITY_LEFT"));
    }
  });

  test("expiration times are read in the experience's zone, whatever the host's TZ", async () => {
    const zones = ["Asia/Tokyo", "Pacific/Auckland"];
    const seen: Record<string, Record<string, string[]>> = {};

    for (const tz of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
      using dir = new TempDir();
      const db = dir.file("store.db");
      await importInventory(dir, db, weekAheadInventory(zones, 10));
      await using server = await startServer({ db, env: { TZ: tz } });

      seen[tz] = {};
      for (const zone of zones) {
        const past = await server.hold(weekAheadHold(zone, localTime(zone, -1)));
        const hold = weekAheadHold(zone, localTime(zone, 30));
        const held = await server.hold(hold);
        const confirmed = await server.confirm(bookingFor(hold));
        seen[tz][zone] = [past, held, confirmed].map(outcome);
      }
    }

    const expected = ["400 VALIDATION_ERROR", "ok", "ok"];
    const everyZone = Object.fromEntries(zones.map((z) => [z, expected]));
    expect(seen).toEqual({
      UTC: everyZone,
      "Asia/Tokyo": everyZone,
      "America/Los_Angeles": everyZone,
    });
  });

  test("serve with no key configured prints a generated key once, and keeps it", async () => {
    using store = new TempDir();
    const db = store.file("store.db");
    const health = (server: Server, key: string) =>
      server.request("GET", "/health", undefined, { "x-webhook-key": key });

    await using first = await startServer({ key: null, db });
    const line = await first.waitForLine(
      "stderr",
      (l) => /:\s+[A-Za-z0-9_-]{20,}\s*$/.test(l),
      "a generated key on stderr",
    );
    const key = /([A-Za-z0-9_-]{20,})\s*$/.exec(line)![1]!;
    expect(await health(first, key)).toEqual({
      status: 200,
      body: { status: "ok", version: pkg.version, schema_version: expect.any(Number) },
    });
    const rejected = await health(first, "not-the-generated-key");
    expect(rejected).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    // DECISIONS 4: the refusal's id names the request's log line.
    await first.waitForLine(
      "stdout",
      (l) => jsonLine(l)?.request_id === rejected.body.id && jsonLine(l)?.status === 400,
      "the log line of the refused request",
    );
    expect(await first.stop()).toBe(0);
    expect(first.stderrLines.join("\n").split(key).length - 1).toBe(1);
    expect(first.stdoutLines.join("\n")).not.toContain(key);

    await using second = await startServer({ key: null, db });
    expect((await health(second, key)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    expect(second.stderrLines.join("\n")).not.toContain(key);
  });

  test("the listening line's url works for an IPv6 --host", async () => {
    await using server = await startServer({ args: ["--host", "::1"] });
    expect(() => new URL(server.url)).not.toThrow();
    expect((await server.request("GET", "/health")).status).toBe(200);
  });
});
