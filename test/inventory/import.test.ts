import { describe, expect, test } from "bun:test";
import { type Fault } from "../../src/inventory/validate.ts";
import { importInventory, InventoryError } from "../../src/inventory/import.ts";
import type { Inventory } from "../../src/inventory/schema.ts";
import type { Database } from "../../src/store/database.ts";
import { confirmed, seatsOn } from "../support/bookings.ts";
import { Harness, holdBody } from "../support/harness.ts";
import { testInventory } from "../support/inventory.ts";

/** Every row of every table, order-free: "unchanged" means equal dumps. */
function dump(db: Database): Record<string, string[]> {
  const tables = db.query<{ name: string }, []>(
    "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
  ).all();
  return Object.fromEntries(tables.map(({ name }) => [
    name,
    db.query(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort(),
  ]));
}

/** The faults of a refused import; fails the test if it was accepted. */
function faultsOf(h: Harness, doc: unknown): Fault[] {
  try {
    importInventory(h.db, doc, h.now);
  } catch (e) {
    expect(e).toBeInstanceOf(InventoryError);
    return (e as InventoryError).faults;
  }
  throw new Error("the import was accepted");
}

/** The test fixture, changed by `edit` (which may return nothing). */
function edited(edit: (doc: any) => void): Inventory {
  const doc = testInventory();
  edit(doc);
  return doc;
}

const rome = (doc: any) => doc.experiences[0];

describe("importInventory", () => {
  test("imports the fixture and says how much it wrote", () => {
    using h = new Harness();
    expect(importInventory(h.db, testInventory(), h.now)).toEqual({
      vendors: 1,
      pickups: 2,
      experiences: 3,
      options: 4,
      mandatory_questions: 0,
      slots: 7,
    });
  });

  // Regression: unknown fields were ignored, so a typo imported a slot
  // with no seat limit.
  test("a misspelt field is refused at its path instead of being ignored", () => {
    using h = new Harness();
    const doc = edited((d) => {
      const slot = rome(d).slots[1];
      slot.capcity = slot.capacity;
      delete slot.capacity;
    });
    expect(faultsOf(h, doc)).toContainEqual({
      path: "$.experiences[0].slots[1].capcity",
      message: expect.stringMatching(/unexpected property/i),
    });
  });

  test("each fault is reported once, even when it breaks several rules", () => {
    using h = new Harness();
    const doc = edited((d) => {
      delete rome(d).time_zone;
    });
    expect(faultsOf(h, doc)).toEqual([
      { path: "$.experiences[0].time_zone", message: expect.any(String) },
    ]);
  });

  test("a file of the wrong shape is refused with JSON paths, and the store is unchanged", () => {
    using h = new Harness();
    const before = dump(h.db);
    const doc = edited((d) => {
      rome(d).experience_name = "Renamed";
      rome(d).slots[1].capacity = -1;
    });

    expect(faultsOf(h, doc)).toEqual([{
      path: "$.experiences[0].slots[1].capacity",
      message: expect.any(String),
    }]);
    expect(dump(h.db)).toEqual(before);
  });

  test.each<[string, (doc: any) => void, string]>([
    ["an unknown vendor", (d) => (rome(d).vendor_id = "v9"), "$.experiences[0].vendor_id"],
    [
      "a time zone that does not exist",
      (d) => (rome(d).time_zone = "Europe/Atlantis"),
      "$.experiences[0].time_zone",
    ],
    [
      "a fixed offset instead of an IANA time zone",
      (d) => (rome(d).time_zone = "+02:00"),
      "$.experiences[0].time_zone",
    ],
    [
      "a cut-off that is no duration",
      (d) => (rome(d).cutoff_time = "2 hours"),
      "$.experiences[0].cutoff_time",
    ],
    [
      "a negative cancellation cut-off",
      (d) => (rome(d).cancellation_cutoff = "-P1D"),
      "$.experiences[0].cancellation_cutoff",
    ],
    [
      "a daily slot on a TIME experience",
      (d) => {
        const slot = rome(d).slots[2];
        delete slot.time_slot;
        slot.daily_slot = { date: "2030-06-15" };
      },
      "$.experiences[0].slots[2]",
    ],
    [
      "a slot of two kinds",
      (d) => (d.experiences[1].slots[0].open_slot = { type: "DURATION_DAYS", duration_days: 3 }),
      "$.experiences[1].slots[0]",
    ],
    [
      "a slot category that is not on its option",
      (d) => rome(d).slots[4].available_holder_categories.push({
        holder_category_id: "child",
        price_in_cents: 100,
      }),
      "$.experiences[0].slots[4].available_holder_categories[1].holder_category_id",
    ],
    [
      "an unknown pickup",
      (d) => rome(d).slots[0].time_slot.pickup_ids.push("airport"),
      "$.experiences[0].slots[0].time_slot.pickup_ids[2]",
    ],
  ])("%s is refused naming its JSON path, and nothing is written", (_what, edit, path) => {
    using h = new Harness();
    const before = dump(h.db);
    const doc = edited((d) => {
      rome(d).experience_name = "Renamed";
      edit(d);
    });

    expect(faultsOf(h, doc)).toEqual([{ path, message: expect.any(String) }]);
    expect(dump(h.db)).toEqual(before);
  });

  test("every fault of a file is reported at once", () => {
    using h = new Harness();
    const doc = edited((d) => {
      rome(d).vendor_id = "v9";
      rome(d).time_zone = "Nowhere/Else";
      d.experiences[2].cutoff_time = "soon";
    });

    expect(faultsOf(h, doc).map((f) => f.path)).toEqual([
      "$.experiences[0].vendor_id",
      "$.experiences[0].time_zone",
      "$.experiences[2].cutoff_time",
    ]);
  });

  test("vendors and pickups already in the store may be referenced", () => {
    using h = new Harness();
    const doc = edited((d) => {
      delete d.vendors;
      delete d.pickups;
    });

    expect(() => importInventory(h.db, doc, h.now)).not.toThrow();
  });

  test("importing the same file again changes nothing", () => {
    using h = new Harness();
    const before = dump(h.db);

    importInventory(h.db, testInventory(), h.now);
    expect(dump(h.db)).toEqual(before);
  });

  test("a re-import updates in place and keeps every hold and booking", async () => {
    using h = new Harness();
    await confirmed(h);
    const live = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] });
    await h.hold(live);
    const keep = (sql: string) => h.db.query(sql).all();
    const holds = keep("SELECT * FROM holds ORDER BY hold_id");
    const bookings = keep("SELECT * FROM bookings ORDER BY booking_id");
    const tickets = keep("SELECT * FROM tickets ORDER BY number");
    const slotPks = keep("SELECT slot_id, slot_pk FROM slots ORDER BY slot_pk");

    importInventory(h.db, edited((d) => {
      rome(d).experience_name = "Rome tour, new edition";
      rome(d).slots[1].capacity = 6;
      // An import that names one experience leaves the others alone.
      d.experiences = [rome(d)];
    }), h.now);

    expect(keep("SELECT * FROM holds ORDER BY hold_id")).toEqual(holds);
    expect(keep("SELECT * FROM bookings ORDER BY booking_id")).toEqual(bookings);
    expect(keep("SELECT * FROM tickets ORDER BY number")).toEqual(tickets);
    expect(keep("SELECT slot_id, slot_pk FROM slots ORDER BY slot_pk")).toEqual(slotPks);
    expect(h.count("experiences")).toBe(3);
    expect(keep("SELECT experience_name FROM experiences WHERE experience_id = 'rome-tour'"))
      .toEqual([{ experience_name: "Rome tour, new edition" }]);

    // Six seats now: two booked, one held, three left.
    expect(seatsOn(h, "s-1500")).toEqual({ held: 1, booked: 2 });
    const three = holdBody({ quantities: [{ holder_category_id: "adult", quantity: 3 }] });
    expect((await h.hold(three)).status).toBe(200);
    expect((await h.hold(holdBody())).body.code).toBe("NO_CAPACITY_LEFT");
  });

  test("a capacity below the seats held and booked is refused naming the slot", async () => {
    using h = new Harness();
    await confirmed(h);
    await h.hold(holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] }));
    const before = dump(h.db);
    const doc = edited((d) => {
      d.vendors.push({ vendor_id: "v2", name: "Vendor Two" });
      rome(d).experience_name = "Renamed";
      rome(d).slots[0].capacity = 3;
      rome(d).slots[1].capacity = 2;
    });

    expect(faultsOf(h, doc)).toEqual([{
      path: "$.experiences[0].slots[1].capacity",
      message: expect.stringContaining('"s-1500"'),
    }]);
    expect(dump(h.db)).toEqual(before);
  });

  test("a slot with seats taken keeps its start; one without may move", async () => {
    using h = new Harness();
    await confirmed(h);
    const before = dump(h.db);
    const doc = edited((d) => {
      rome(d).slots[0].time_slot.start = rome(d).slots[0].time_slot.start.replace("T09", "T08");
      rome(d).slots[1].time_slot.start = rome(d).slots[1].time_slot.start.replace("T15", "T14");
    });
    expect(faultsOf(h, doc)).toEqual([{
      path: "$.experiences[0].slots[1].time_slot",
      message: 'slot "s-1500" (option "standard") has 0 seat(s) held and 2 booked: ' +
        "it cannot move to another date or start",
    }]);
    expect(dump(h.db)).toEqual(before);
  });

  test("a capacity may drop to exactly the seats taken, and expired holds take none", async () => {
    using h = new Harness();
    await confirmed(h);
    await h.hold(holdBody({ quantities: [{ holder_category_id: "adult", quantity: 1 }] }));
    const lowered = (capacity: number) =>
      edited((d) => void (rome(d).slots[1].capacity = capacity));

    expect(() => importInventory(h.db, lowered(3), h.now)).not.toThrow();

    // The hold of one lapses at 12:30 in Rome, 10:30 UTC.
    h.at("2030-06-01T10:30:00Z");
    expect(() => importInventory(h.db, lowered(2), h.now)).not.toThrow();
    expect(h.db.query("SELECT capacity FROM slots WHERE slot_id = 's-1500'").get())
      .toEqual({ capacity: 2 });
  });
});
