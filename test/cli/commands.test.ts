import { describe, expect, test } from "bun:test";
import { Command, CommanderError } from "commander";
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AuditLog } from "../../src/audit/log.ts";
import { inventoryCommands } from "../../src/cli/index.ts";
import { exportInventory } from "../../src/inventory/export.ts";
import { importInventory } from "../../src/inventory/import.ts";
import { bookedWithAnswers, withQuestions } from "../support/admin.ts";
import { confirmed } from "../support/bookings.ts";
import { Harness, holdBody } from "../support/harness.ts";

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `porta-webhook ARGS --db <the harness's store>` in-process. */
async function cli(h: Harness, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = new Command("porta-webhook")
    .exitOverride()
    .configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void err.push(s) });
  inventoryCommands(program, {
    out: (s) => void out.push(s),
    err: (s) => void err.push(s),
    exit: (c) => void (code = c),
  });
  const own = args.includes("--help") || args.includes("--db");
  const withDb = own ? args : [...args, "--db", join(h.dir, "store.db")];
  try {
    await program.parseAsync(withDb, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  return { code, out: out.join(""), err: err.join("") };
}

const json = (run: Run) => {
  expect(run).toMatchObject({ code: 0, err: "" });
  return JSON.parse(run.out);
};

const S1500 = "rome-tour/standard/s-1500";

describe("porta-webhook experiences", () => {
  test("list prints a table, or JSON with --json", async () => {
    using h = new Harness();
    const table = await cli(h, "experiences", "list");
    expect(table.out.split("\n")[0]).toBe(
      "EXPERIENCE  NAME           TYPE   ZONE              OPTIONS  SLOTS  ARCHIVED",
    );
    expect(table.out).toContain(
      "rome-tour   Rome tour      TIME   Europe/Rome       2        5      no",
    );
    expect(json(await cli(h, "experiences", "list", "--json")).map((e: any) => e.experience_id))
      .toEqual(["ny-pass", "rome-tour", "tokyo-pass"]);
  });

  test("archive and unarchive; an unknown experience exits 1", async () => {
    using h = new Harness();
    expect(await cli(h, "experiences", "archive", "ny-pass"))
      .toEqual({ code: 0, out: "ny-pass archived\n", err: "" });
    expect(exportInventory(h.db).experiences![0]!.archived).toBe(true);
    expect((await cli(h, "experiences", "unarchive", "ny-pass")).code).toBe(0);
    expect(await cli(h, "experiences", "archive", "nowhere")).toEqual({
      code: 1,
      out: "",
      err: "porta-webhook: ELEMENT_NOT_FOUND: unknown experience nowhere\n",
    });
  });
});

describe("porta-webhook slots and capacity", () => {
  test("slots list shows capacity, held, booked and left, filtered", async () => {
    using h = new Harness();
    await confirmed(h);
    const table = await cli(h, "slots", "list", "rome-tour", "--option", "standard");
    expect(table.out.split("\n").slice(0, 3)).toEqual([
      "SLOT                          DATE        START  CAPACITY  HELD  BOOKED  LEFT",
      "rome-tour/standard/s-0900     2030-06-15  09:00  10        0     0       10",
      "rome-tour/standard/s-1500     2030-06-15  15:00  4         0     2       2",
    ]);
    const later = await cli(h, "slots", "list", "rome-tour", "--from", "2030-06-16", "--json");
    expect(json(later)).toEqual([]);
  });

  test("capacity set, add and remove answer the slot's seats", async () => {
    using h = new Harness();
    await confirmed(h);
    const seats = async (...args: string[]) => {
      const s = json(await cli(h, "capacity", ...args, "--json"));
      return [s.capacity, s.booked, s.remaining];
    };
    expect(await seats("set", S1500, "6")).toEqual([6, 2, 4]);
    expect(await seats("remove", S1500, "3")).toEqual([3, 2, 1]);
    expect(await seats("add", S1500, "1")).toEqual([4, 2, 2]);
    expect(await seats("set", S1500, "none")).toEqual([null, 2, null]);
    expect(new AuditLog(h.db, () => h.now).list({ actor: "cli" }).map((e) => e.action))
      .toEqual(["capacity.set", "capacity.add", "capacity.remove", "capacity.set"]);
  });

  test("capacity below the seats held and booked is refused with the numbers", async () => {
    using h = new Harness();
    await confirmed(h);
    expect(await cli(h, "capacity", "set", S1500, "1")).toEqual({
      code: 1,
      out: "",
      err: "porta-webhook: CAPACITY_BELOW_TAKEN: slot rome-tour/standard/s-1500 has 0 " +
        "seat(s) held and 2 booked: capacity 1 is below that\n",
    });
    const removed = await cli(h, "capacity", "remove", S1500, "3");
    expect(removed.err).toContain("at most 2 seat(s) can be removed");
  });

  test.each([
    [["capacity", "set", "rome-tour/s-1500", "3"], /is not a slot: expected EXPERIENCE\/OPTION/],
    [["capacity", "set", S1500, "-1"], /capacity: "-1" is not a whole number from 0/],
    [["capacity", "add", S1500, "0"], /seats: "0" is not a whole number from 1/],
    [["slots", "list", "rome-tour", "--from", "June"], /from: "June" is not a date/],
  ])("bad input %p exits 2 naming it", async (args, message) => {
    using h = new Harness();
    const run = await cli(h, ...args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });

  test("slots delete removes an unused slot and refuses one with a hold", async () => {
    using h = new Harness();
    await h.hold(holdBody());
    expect((await cli(h, "slots", "delete", "rome-tour/standard/unlimited")).code).toBe(0);
    const refused = await cli(h, "slots", "delete", S1500);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("IN_USE: slot rome-tour/standard/s-1500 has 1 hold(s)");
  });

  test("a store that does not exist is not created", async () => {
    using h = new Harness();
    const run = await cli(h, "experiences", "list", "--db", join(h.dir, "nope.db"));
    expect(run).toEqual({ code: 2, out: "", err: expect.stringContaining("no database at") });
  });
});

describe("porta-webhook holds and bookings", () => {
  test("holds list and bookings list, filtered by slot and status", async () => {
    using h = new Harness();
    const { booking } = await confirmed(h);
    await h.hold(holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] }));

    const holds = json(await cli(h, "holds", "list", "--slot", S1500, "--json"));
    expect(holds.map((x: any) => [x.status, x.seats])).toEqual([["HELD", 1], ["CONFIRMED", 2]]);
    expect(json(await cli(h, "holds", "list", "--status", "HELD", "--json"))).toHaveLength(1);

    const table = await cli(h, "bookings", "list", "--experience", "rome-tour");
    expect(table.out).toContain(`${booking.booking_id}  MUS1234567_890123  ${S1500}`);
    expect(table.out).toContain("Ada Lovelace");
    expect(json(await cli(h, "bookings", "list", "--status", "CANCELLED", "--json"))).toEqual([]);
  });

  test("bookings show prints the booking with its people, answers and tickets", async () => {
    using h = new Harness({ inventory: withQuestions() });
    const hold = { slot_id: "s-0900", pickup_id: "hotel-a" };
    const { body } = await bookedWithAnswers(h, hold, "b-1", ["Ada Lovelace", "Ch. Babbage"]);
    const text = await cli(h, "bookings", "show", "b-1");
    expect(text.out).toContain("booking      b-1 (CONFIRMED)");
    expect(text.out).toContain("pickup       Hotel A at 2030-06-15T08:30:00");
    const ticket = body.tickets[0].number;
    expect(text.out).toContain(`${ticket}  phone=+39 06 1234 5678; name=Ada Lovelace`);
    expect(json(await cli(h, "bookings", "show", "b-1", "--json")).items).toHaveLength(2);
    expect((await cli(h, "bookings", "show", "b-9")).code).toBe(1);
  });
});

describe("porta-webhook manifest", () => {
  test("of a slot as CSV parses back to one row per person", async () => {
    using h = new Harness({ inventory: withQuestions() });
    const hold = { slot_id: "s-0900", pickup_id: "hotel-a" };
    await bookedWithAnswers(h, hold, "b-1", ["Ada Lovelace", "Charles Babbage"]);
    const run = await cli(h, "manifest", "rome-tour/standard/s-0900", "--csv");
    const rows = parse(run.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.booking_id, r.lead_last_name, r.pickup_time, r["answer:name"]]))
      .toEqual([
        ["b-1", "Lovelace", "2030-06-15T08:30:00", "Ada Lovelace"],
        ["b-1", "Lovelace", "2030-06-15T08:30:00", "Charles Babbage"],
      ]);
  });

  test("of a day as a table or JSON; a slot and --date together exit 2", async () => {
    using h = new Harness();
    await confirmed(h);
    const table = await cli(h, "manifest", "--date", "2030-06-15", "--experience", "rome-tour");
    expect(table.out.split("\n")).toHaveLength(4);
    expect(table.out).toContain("Ada Lovelace");
    const day = json(await cli(h, "manifest", "--date", "2030-06-15", "--json"));
    expect(day.slots).toHaveLength(6);
    expect((await cli(h, "manifest", S1500, "--date", "2030-06-15")).code).toBe(2);
    expect((await cli(h, "manifest")).code).toBe(2);
  });
});

describe("porta-webhook export", () => {
  test("then import is a round trip that changes nothing", async () => {
    using h = new Harness();
    await confirmed(h);
    const before = exportInventory(h.db);
    const file = join(h.dir, "inventory.json");
    expect(await cli(h, "export", "--out", file)).toEqual({ code: 0, out: "", err: "" });

    const exported = JSON.parse(readFileSync(file, "utf8"));
    expect(exported).toEqual(before);
    const rows = () => h.db.query("SELECT * FROM slots ORDER BY slot_pk").all();
    const slots = rows();
    importInventory(h.db, exported, h.now);
    expect(rows()).toEqual(slots);
    expect(JSON.parse((await cli(h, "export")).out)).toEqual(before);
  });
});

describe("porta-webhook audit", () => {
  test("reads the trail, filtered, as a table or JSON", async () => {
    using h = new Harness();
    await h.hold(holdBody());
    await cli(h, "capacity", "set", S1500, "8");
    const mine = json(await cli(h, "audit", "--actor", "cli", "--json"));
    expect(mine).toEqual([
      expect.objectContaining({
        actor: "cli",
        action: "capacity.set",
        subject: S1500,
        detail: { from: 4, to: 8, held: 2, booked: 0 },
      }),
    ]);
    const table = await cli(h, "audit", "--action", "hold");
    expect(table.out.split("\n")[0]).toMatch(/^SEQ +AT \(UTC\) +ACTOR +ACTION +OUTCOME/);
    expect(table.out).toContain("porta  hold");
    expect((await cli(h, "audit", "--from", "soon")).code).toBe(2);
  });
});

describe("--help", () => {
  const commands = [
    ["experiences"], ["experiences", "list"], ["experiences", "archive"],
    ["experiences", "unarchive"], ["slots"], ["slots", "list"], ["slots", "delete"],
    ["capacity"], ["capacity", "set"], ["capacity", "add"], ["capacity", "remove"],
    ["holds", "list"], ["bookings"], ["bookings", "list"], ["bookings", "show"],
    ["manifest"], ["export"], ["audit"],
  ];
  test.each(commands.map((c) => c.join(" ")))("works for %s", async (command) => {
    using h = new Harness();
    const run = await cli(h, ...command.split(" "), "--help");
    expect(run.code).toBe(0);
    expect(run.out).toStartWith(`Usage: porta-webhook ${command}`);
  });
});
