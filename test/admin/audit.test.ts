import { describe, expect, test } from "bun:test";
import { importInventory } from "../../src/inventory/import.ts";
import { AdminHarness, slotPath } from "../support/admin.ts";
import { holdBody, refusal } from "../support/harness.ts";
import { testInventory } from "../support/inventory.ts";

describe("inventory changes in the audit trail", () => {
  test("record the admin key's name, the request id and what changed", async () => {
    using h = new AdminHarness();
    const created = await h.post("/vendors", { vendor_id: "v2", name: "Two" });
    h.at("2030-06-01T11:00:00Z");
    await h.put("/vendors/v2", { vendor_id: "v2", name: "Vendor Two" });
    await h.del("/vendors/v2");

    const trail = (await h.get("/audit?actor=admin:ops")).body;
    expect(trail).toEqual([
      {
        seq: 3,
        at: "2030-06-01T11:00:00.000Z",
        actor: "admin:ops",
        request_id: expect.any(String),
        action: "vendor.delete",
        outcome: "OK",
        subject: "v2",
        detail: { deleted: { vendor_id: "v2", name: "Vendor Two" } },
      },
      expect.objectContaining({
        action: "vendor.update",
        detail: { changed: { name: { from: "Two", to: "Vendor Two" } } },
      }),
      expect.objectContaining({
        seq: 1,
        at: "2030-06-01T10:00:00.000Z",
        action: "vendor.create",
        detail: { created: { vendor_id: "v2", name: "Two" } },
      }),
    ]);
    expect(created.status).toBe(201);
  });

  test("a refused change is recorded with its code, and changes nothing else", async () => {
    using h = new AdminHarness();
    const refused = await h.del("/experiences/rome-tour/options/vip");
    expect((await h.get("/audit?outcome=IN_USE")).body).toEqual([
      expect.objectContaining({
        action: "option.delete",
        subject: "rome-tour/vip",
        request_id: refused.body.id,
        detail: { message: refused.body.message },
      }),
    ]);
  });

  test("is filtered by action, subject and time, newest first, and limited", async () => {
    using h = new AdminHarness();
    const capacity = `${slotPath("s-1500")}/capacity`;
    for (const [at, n] of [["10:00", 5], ["11:00", 6], ["12:00", 7]] as const) {
      h.at(`2030-06-01T${at}:00Z`);
      await h.put(capacity, { capacity: n });
    }
    await h.hold(holdBody());
    const to = (q: string) => h.get(`/audit?${q}`).then((a) => a.body.map((e: any) => e.detail.to));

    expect(await to("action=capacity.set")).toEqual([7, 6, 5]);
    expect(await to("subject=rome-tour/standard/s-1500&limit=2")).toEqual([7, 6]);
    expect(await to("action=capacity.set&from=2030-06-01T11:00:00Z&to=2030-06-01T12:00:00Z"))
      .toEqual([6]);
    expect((await h.get("/audit?actor=porta")).body.map((e: any) => e.action)).toEqual(["hold"]);
  });

  test("a bound that is no instant is refused", async () => {
    using h = new AdminHarness();
    expect(await h.get("/audit?from=yesterday"))
      .toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
  });

  test("an import from the command line is recorded as the CLI's", () => {
    using h = new AdminHarness();
    importInventory(h.db, testInventory(), h.now, { actor: "cli" });
    const entry = h.db.query("SELECT actor, action, outcome, detail FROM audit").get();
    expect(entry).toEqual({
      actor: "cli",
      action: "import",
      outcome: "OK",
      detail: JSON.stringify({
        vendors: 1,
        pickups: 2,
        experiences: 3,
        options: 4,
        mandatory_questions: 0,
        slots: 7,
      }),
    });
  });
});
