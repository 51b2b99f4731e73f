/**
 * The admin API and the inventory commands in the compiled binary: the
 * commands run on the store while the server serves it, and both see the
 * other's changes at once.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { parse } from "csv-parse/sync";
import { writeFileSync } from "node:fs";
import { demoInventory } from "../../src/inventory/demo.ts";
import { ensureBinary, runCommand, startServer, TempDir } from "../support/binary.ts";

const ADMIN_KEY = "e2e-admin-key-0123456789";
const tomorrow = Temporal.Now.plainDateISO("UTC").add({ days: 1 }).toString();
const SLOT = `colosseum-guided-tour/guided-tour/${tomorrow}-1500`;

/** Every row of the inventory, holds and bookings: the import itself is audited. */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.query<{ name: string }, []>(
      `SELECT name FROM sqlite_schema WHERE type = 'table'
        AND name NOT IN ('audit', 'sqlite_sequence') ORDER BY name`,
    ).all();
    return Object.fromEntries(tables.map(({ name }) => [
      name,
      db.query(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort(),
    ]));
  } finally {
    db.close();
  }
}

async function demoStore(dir: TempDir): Promise<string> {
  const db = dir.file("store.db");
  const file = dir.file("demo.json");
  writeFileSync(file, JSON.stringify(demoInventory(Temporal.Now.plainDateISO("UTC"), 3)));
  expect((await runCommand(["import", file, "--db", db])).exitCode).toBe(0);
  return db;
}

beforeAll(() => {
  ensureBinary();
});

describe("the compiled binary's inventory commands", () => {
  test("export then import changes nothing", async () => {
    using dir = new TempDir();
    const db = await demoStore(dir);
    const before = dump(db);
    const exported = await runCommand(["export", "--db", db]);
    expect(exported.exitCode).toBe(0);
    writeFileSync(dir.file("export.json"), exported.stdout);

    expect((await runCommand(["import", dir.file("export.json"), "--db", db])).exitCode).toBe(0);
    expect(dump(db)).toEqual(before);
    expect((await runCommand(["export", "--db", db])).stdout).toBe(exported.stdout);
  });

  test("capacity set beside a running server: the admin API sees it, and audits both", async () => {
    using dir = new TempDir();
    const db = await demoStore(dir);
    await using server = await startServer({ db, args: ["--admin-key", `ops:${ADMIN_KEY}`] });
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };

    const set = await runCommand(["capacity", "set", SLOT, "3", "--db", db, "--json"]);
    expect(set.exitCode).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ capacity: 3, held: 0, booked: 0 });

    const path = `/admin/experiences/colosseum-guided-tour/slots?from=${tomorrow}&to=${tomorrow}`;
    const slots = await server.request("GET", path, undefined, admin);
    expect(slots.body.find((s: any) => s.slot_id === `${tomorrow}-1500`).capacity).toBe(3);

    const capacity = `/admin/experiences/${SLOT.split("/")[0]}/options/guided-tour/slots/` +
      `${tomorrow}-1500/capacity`;
    expect((await server.request("PUT", capacity, { capacity: 5 }, admin)).status).toBe(200);
    expect((await server.request("PUT", capacity, { capacity: 5 })).status).toBe(401);

    const audit = await runCommand(["audit", "--action", "capacity.set", "--db", db, "--json"]);
    expect(JSON.parse(audit.stdout).map((e: any) => [e.actor, e.detail.to]))
      .toEqual([["admin:ops", 5], ["cli", 3]]);
  });

  test("manifest --csv prints CSV; a refusal exits 1, bad usage 2", async () => {
    using dir = new TempDir();
    const db = await demoStore(dir);
    const manifest = await runCommand(["manifest", SLOT, "--csv", "--db", db]);
    expect(manifest.exitCode).toBe(0);
    expect(parse(manifest.stdout, { columns: true })).toEqual([]);
    expect(manifest.stdout).toStartWith("date,start,experience_id,");

    const refused = await runCommand(["slots", "delete", "x/y/z", "--db", db]);
    expect(refused).toMatchObject({
      exitCode: 1,
      stderr: "porta-webhook: ELEMENT_NOT_FOUND: unknown slot x/y/z\n",
    });
    expect((await runCommand(["capacity", "set", "x", "1", "--db", db])).exitCode).toBe(2);
  });

  test("every inventory command has --help", async () => {
    const help = await runCommand(["--help"]);
    const names = ["experiences", "slots", "capacity", "holds", "bookings", "manifest", "export"];
    for (const name of [...names, "audit"]) {
      expect(help.stdout).toContain(`\n  ${name}`);
    }
    expect((await runCommand(["capacity", "remove", "--help"])).stdout)
      .toContain("take seats sold elsewhere off a slot");
  });
});
