/**
 * The benchmark's generated inventory is a valid import file, and its
 * slots are laid out as the load generator expects.
 */
import { describe, expect, test } from "bun:test";
import { benchInventory, spreadSlotId } from "../../bench/inventory.ts";
import { importInventory } from "../../src/inventory/import.ts";
import { validateInventory } from "../../src/inventory/validate.ts";
import { openDatabase } from "../../src/store/database.ts";

const firstDay = Temporal.PlainDate.from("2030-06-01");

describe("benchmark inventory", () => {
  test("passes the importer's validation and imports every slot", () => {
    const doc = benchInventory({ count: 25, firstDay, hot: ["hot-a", "hot-b"], hotCapacity: 7 });
    expect(validateInventory(doc, { vendors: new Set(), pickups: new Set() })).toEqual([]);

    const db = openDatabase(":memory:");
    expect(importInventory(db, doc).slots).toBe(27);
    const capacity = (slotId: string) =>
      db.query<{ capacity: number }, [string]>("SELECT capacity FROM slots WHERE slot_id = ?")
        .get(slotId)!.capacity;
    expect([capacity("hot-a"), capacity(spreadSlotId(24))]).toEqual([7, 1000]);
    db.close();
  });

  test("puts ten slots a day on consecutive days from the first day", () => {
    const slots = benchInventory({ count: 21, firstDay }).experiences![0]!.slots!;
    expect(slots.map((s) => s.slot_id).slice(0, 2)).toEqual(["s-00000", "s-00001"]);
    expect([slots[0]!, slots[9]!, slots[10]!, slots[20]!].map((s) => s.time_slot!.start))
      .toEqual([
        "2030-06-01T08:00:00",
        "2030-06-01T17:00:00",
        "2030-06-02T08:00:00",
        "2030-06-03T08:00:00",
      ]);
  });
});
