import { describe, expect, test } from "bun:test";
import { exportInventory } from "../../src/inventory/export.ts";
import { importInventory } from "../../src/inventory/import.ts";
import { demoInventory } from "../../src/inventory/demo.ts";
import type { Database } from "../../src/store/database.ts";
import { Harness } from "../support/harness.ts";
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

describe("exportInventory", () => {
  test.each([
    ["the test fixture", testInventory()],
    ["the demo inventory", demoInventory(Temporal.PlainDate.from("2030-01-01"), 3)],
  ])("export then import of %s changes nothing in the store", (_what, inventory) => {
    using h = new Harness({ inventory });
    const before = dump(h.db);
    const exported = exportInventory(h.db);

    importInventory(h.db, exported, h.now);
    expect(dump(h.db)).toEqual(before);
    expect(exportInventory(h.db)).toEqual(exported);
  });

  test("writes the import format: what was imported comes back out", () => {
    using h = new Harness();
    const out = exportInventory(h.db);
    const rome = out.experiences!.find((e) => e.experience_id === "rome-tour")!;
    const fixture = testInventory().experiences![0]!;

    expect(out.vendors).toEqual(testInventory().vendors!);
    expect(rome.slots).toEqual(fixture.slots!);
    expect(rome.options).toEqual(fixture.options);
  });

  test("an archived experience is exported as archived", () => {
    using h = new Harness();
    h.db.run("UPDATE experiences SET archived = 1 WHERE experience_id = 'ny-pass'");
    const ny = exportInventory(h.db).experiences!.find((e) => e.experience_id === "ny-pass");
    expect(ny?.archived).toBe(true);
  });
});
