import { describe, expect, test } from "bun:test";
import { exportInventory } from "../../src/inventory/export.ts";
import { confirmed } from "../support/bookings.ts";
import { AdminHarness, slotPath } from "../support/admin.ts";
import { holdBody, refusal } from "../support/harness.ts";
import { DAY, testInventory } from "../support/inventory.ts";

const rome = () => testInventory().experiences![0]!;
const ROME = "/experiences/rome-tour";

/** A new TIME slot of `standard` on `date` at 11:00. */
const slot = (id: string, date = DAY, capacity = 12) => ({
  slot_id: id,
  option_id: "standard",
  capacity,
  available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 4000 }],
  time_slot: { start: `${date}T11:00:00`, end: `${date}T12:30:00` },
});

describe("vendors and pickups", () => {
  test("are created, read, replaced and deleted", async () => {
    using h = new AdminHarness();
    const v2 = { vendor_id: "v2", name: "Vendor Two" };
    expect(await h.post("/vendors", v2)).toEqual({ status: 201, body: v2 });
    expect(await h.get("/vendors/v2")).toEqual({ status: 200, body: v2 });
    expect(await h.put("/vendors/v2", { ...v2, name: "Renamed" }))
      .toEqual({ status: 200, body: { ...v2, name: "Renamed" } });
    expect((await h.get("/vendors")).body.map((v: any) => v.vendor_id)).toEqual(["v1", "v2"]);
    expect(await h.del("/vendors/v2")).toEqual({ status: 204, body: undefined });
    expect((await h.get("/vendors/v2")).status).toBe(404);

    const pickup = { pickup_id: "port", name: "Port", type: "MEETING_POINT", time_margin: 10 };
    expect(await h.post("/pickups", pickup)).toEqual({ status: 201, body: pickup });
    expect(await h.get("/pickups/port")).toEqual({ status: 200, body: pickup });
    expect(await h.put("/pickups/port", { ...pickup, time_margin: 20 }))
      .toEqual({ status: 200, body: { ...pickup, time_margin: 20 } });
    expect((await h.get("/pickups")).body.map((p: any) => p.pickup_id))
      .toEqual(["hotel-a", "port", "station"]);
    expect(await h.del("/pickups/port")).toEqual({ status: 204, body: undefined });
  });

  const v = (vendor_id: string) => ({ vendor_id, name: "X" });
  test.each<[string, [string, string, unknown?], number, string]>([
    ["creating one that exists", ["POST", "/vendors", v("v1")], 409, "ALREADY_EXISTS"],
    ["replacing an unknown one", ["PUT", "/vendors/v9", v("v9")], 404, "ELEMENT_NOT_FOUND"],
    ["an id in the body not the path's", ["PUT", "/vendors/v1", v("v2")], 400, "INCORRECT_REQUEST"],
    ["a field missing", ["POST", "/vendors", { vendor_id: "v3" }], 400, "INCORRECT_REQUEST"],
    ["an id of the wrong pattern", ["POST", "/vendors", v("V 3")], 400, "VALIDATION_ERROR"],
    ["a body that is not JSON", ["POST", "/pickups", "{"], 400, "INCORRECT_REQUEST"],
    ["deleting a vendor with experiences", ["DELETE", "/vendors/v1"], 409, "IN_USE"],
    ["deleting a pickup on a slot", ["DELETE", "/pickups/hotel-a"], 409, "IN_USE"],
    ["deleting a pickup that does not exist", ["DELETE", "/pickups/x"], 404, "ELEMENT_NOT_FOUND"],
  ])("%s is refused", async (_what, [method, path, body], status, code) => {
    using h = new AdminHarness();
    const before = exportInventory(h.db);
    expect(await h.admin(method, path, body)).toEqual({ status, body: refusal(code) });
    expect(exportInventory(h.db)).toEqual(before);
  });

  test("the refusal names the field, as the import would", async () => {
    using h = new AdminHarness();
    const pickup = { pickup_id: "p", name: "P", type: "HOTEL", latitude: 91 };
    const answer = await h.post("/pickups", pickup);
    expect(answer.body.message).toMatch(/^latitude: /);
  });
});

describe("experiences", () => {
  const newExperience = () => ({
    ...rome(),
    experience_id: "florence-walk",
    experience_name: "Florence walk",
    mandatory_questions: [],
    slots: [slot("f-1")],
  });

  test("are created whole (options, questions, slots), read back without slots", async () => {
    using h = new AdminHarness();
    const { slots, ...created } = newExperience();
    expect(await h.post("/experiences", newExperience())).toEqual({ status: 201, body: created });
    expect(await h.get("/experiences/florence-walk")).toEqual({ status: 200, body: created });
    expect((await h.get("/experiences/florence-walk/slots")).body.map((s: any) => s.slot_id))
      .toEqual(["f-1"]);
  });

  test("a new experience is checked like an import: a bad zone names its path", async () => {
    using h = new AdminHarness();
    const answer = await h.post("/experiences", { ...newExperience(), time_zone: "Mars/Olympus" });
    expect(answer).toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
    expect(answer.body.message).toBe('$.time_zone: "Mars/Olympus" is not an IANA time zone');
    expect((await h.get("/experiences/florence-walk")).status).toBe(404);
  });

  test("PUT replaces its fields and options, and keeps its slots", async () => {
    using h = new AdminHarness();
    const { slots: _, ...body } = rome();
    const answer = await h.put(ROME, { ...body, experience_name: "Rome, revised" });
    expect(answer.status).toBe(200);
    expect(answer.body.experience_name).toBe("Rome, revised");
    expect((await h.get(`${ROME}/slots`)).body).toHaveLength(5);
  });

  test("PUT without an option that slots use is refused, naming them", async () => {
    using h = new AdminHarness();
    const { slots: _, ...body } = rome();
    const answer = await h.put(ROME, { ...body, options: body.options.slice(0, 1) });
    expect(answer).toEqual({ status: 409, body: refusal("IN_USE") });
    expect(answer.body.message).toContain('slot vip/vip-1000: unknown option "vip"');
  });

  test("archive and unarchive: an archived experience stops selling", async () => {
    using h = new AdminHarness();
    expect((await h.post(`${ROME}/archive`)).body.archived).toBe(true);
    expect((await h.hold(holdBody())).body.code).toBe("INACTIVE_OR_UNAVAILABLE_EXPERIENCE");
    expect((await h.post(`${ROME}/unarchive`)).body.archived).toBeUndefined();
    expect((await h.hold(holdBody())).status).toBe(200);
    expect((await h.post("/experiences/nowhere/archive")).status).toBe(404);
  });

  test("listing shows each experience's options and slots", async () => {
    using h = new AdminHarness();
    expect((await h.get("/experiences")).body[1]).toEqual({
      experience_id: "rome-tour",
      vendor_id: "v1",
      experience_name: "Rome tour",
      availability_slot_type: "TIME",
      time_zone: "Europe/Rome",
      archived: false,
      options: 2,
      slots: 5,
    });
  });

  test("deleting one with bookings is refused; without, it goes with its slots", async () => {
    using h = new AdminHarness();
    await confirmed(h);
    expect(await h.del(ROME)).toEqual({ status: 409, body: refusal("IN_USE") });
    expect(await h.del("/experiences/ny-pass")).toEqual({ status: 204, body: undefined });
    expect(h.db.query("SELECT count(*) AS n FROM slots WHERE experience_id = 'ny-pass'").get())
      .toEqual({ n: 0 });
  });
});

describe("options, holder categories and mandatory questions", () => {
  const option = {
    option_id: "private",
    label: "Private tour",
    holder_categories: [{ holder_category_id: "adult", holder_type: "ADULT", minimum_age: 18 }],
    ticket: { type: "FOR_ALL", format: "TEXT" },
  };
  const question = {
    mandatory_question_id: "diet",
    question: "Dietary needs",
    data_type: "STRING",
    level: "BY_PAX",
  };

  test("an option is added, read, replaced and deleted", async () => {
    using h = new AdminHarness();
    expect(await h.post(`${ROME}/options`, option)).toEqual({ status: 201, body: option });
    expect(await h.get(`${ROME}/options/private`)).toEqual({ status: 200, body: option });
    const relabelled = { ...option, label: "Private" };
    expect((await h.put(`${ROME}/options/private`, relabelled)).body).toEqual(relabelled);
    expect(await h.del(`${ROME}/options/private`)).toEqual({ status: 204, body: undefined });
    expect((await h.get(`${ROME}/options/private`)).status).toBe(404);
  });

  test("a URL ticket for each person is refused as the import refuses it", async () => {
    using h = new AdminHarness();
    const answer = await h.post(`${ROME}/options`, {
      ...option,
      ticket: { type: "FOR_SINGLE_PERSON", format: "URL" },
    });
    expect(answer.body.message).toContain("$.ticket.format: URL tickets are FOR_ALL only");
  });

  test("deleting an option that slots use is refused", async () => {
    using h = new AdminHarness();
    expect(await h.del(`${ROME}/options/vip`)).toEqual({ status: 409, body: refusal("IN_USE") });
    expect((await h.get(`${ROME}/options/vip`)).status).toBe(200);
  });

  test("a holder category is added, replaced and deleted on its option", async () => {
    using h = new AdminHarness();
    const senior = { holder_category_id: "senior", holder_type: "SENIOR", minimum_age: 65 };
    const path = `${ROME}/options/standard/holder-categories`;
    expect(await h.post(path, senior)).toEqual({ status: 201, body: senior });
    expect((await h.put(`${path}/senior`, { ...senior, minimum_age: 60 })).body.minimum_age)
      .toBe(60);
    expect(await h.post(path, senior)).toEqual({ status: 409, body: refusal("ALREADY_EXISTS") });
    expect(await h.del(`${path}/senior`)).toEqual({ status: 204, body: undefined });
    expect((await h.get(`${ROME}/options/standard`)).body.holder_categories
      .map((c: any) => c.holder_category_id)).toEqual(["adult", "child"]);
  });

  test("a holder category that slots sell is not deleted", async () => {
    using h = new AdminHarness();
    const answer = await h.del(`${ROME}/options/standard/holder-categories/child`);
    expect(answer).toEqual({ status: 409, body: refusal("IN_USE") });
    expect(answer.body.message).toContain("slot standard/s-0900");
  });

  test("a mandatory question is added, read, replaced and deleted", async () => {
    using h = new AdminHarness();
    const path = `${ROME}/mandatory-questions`;
    expect(await h.post(path, question)).toEqual({ status: 201, body: question });
    expect(await h.get(`${path}/diet`)).toEqual({ status: 200, body: question });
    expect((await h.put(`${path}/diet`, { ...question, level: "BOOKING" })).body.level)
      .toBe("BOOKING");
    expect(await h.del(`${path}/diet`)).toEqual({ status: 204, body: undefined });
    expect((await h.get(`${path}/diet`)).status).toBe(404);
  });

  test("a question scoped to an unknown option or with a bad pattern is refused", async () => {
    using h = new AdminHarness();
    const path = `${ROME}/mandatory-questions`;
    const answer = await h.post(path, { ...question, option_id: "nope", data_pattern: "(" });
    expect(answer).toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
    expect(answer.body.message).toBe(
      "$.data_pattern: not a valid regular expression; $.option_id: unknown option \"nope\"",
    );
  });
});

describe("slots", () => {
  test("a season is created in one call, and listed in time order", async () => {
    using h = new AdminHarness();
    const season = ["2030-07-01", "2030-07-02", "2030-07-03"].map((d) => slot(`j-${d}`, d));
    const answer = await h.post(`${ROME}/slots`, season);
    expect(answer).toEqual({ status: 201, body: season });
    const listed = await h.get(`${ROME}/slots?from=2030-07-02&to=2030-07-03`);
    expect(listed.body.map((s: any) => [s.slot_id, s.capacity, s.remaining])).toEqual([
      ["j-2030-07-02", 12, 12],
      ["j-2030-07-03", 12, 12],
    ]);
  });

  test("a season with one bad or existing slot writes nothing, and names it", async () => {
    using h = new AdminHarness();
    const bad = { ...slot("j-2"), time_slot: { start: `${DAY}T11:00:00`, end: `${DAY}T10:00:00` } };
    const invalid = await h.post(`${ROME}/slots`, [slot("j-1"), bad]);
    expect(invalid).toEqual({ status: 400, body: refusal("VALIDATION_ERROR") });
    expect(invalid.body.message).toBe("$[1].time_slot.end: end is not after start");

    const existing = await h.post(`${ROME}/slots`, [slot("j-1"), slot("s-1500")]);
    expect(existing).toEqual({ status: 409, body: refusal("ALREADY_EXISTS") });
    expect(existing.body.message).toContain("standard/s-1500");
    expect((await h.get(slotPath("j-1"))).status).toBe(404);
  });

  test("a season is updated in one call; a slot that does not exist refuses it all", async () => {
    using h = new AdminHarness();
    await h.post(`${ROME}/slots`, [slot("j-1"), slot("j-2")]);
    const updated = [slot("j-1", DAY, 30), slot("j-2", DAY, 40)];
    expect(await h.put(`${ROME}/slots`, updated)).toEqual({ status: 200, body: updated });
    expect(await h.put(`${ROME}/slots`, [slot("j-1", DAY, 50), slot("j-9")]))
      .toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
    expect((await h.get(slotPath("j-1"))).body.capacity).toBe(30);
  });

  test("one slot is read, replaced and deleted", async () => {
    using h = new AdminHarness();
    const s = testInventory().experiences![0]!.slots![1]!;
    expect(await h.get(slotPath("s-1500"))).toEqual({ status: 200, body: s });
    const moved = { ...s, time_slot: { start: `${DAY}T16:00:00`, end: `${DAY}T19:00:00` } };
    expect(await h.put(slotPath("s-1500"), moved)).toEqual({ status: 200, body: moved });
    expect(await h.put(slotPath("s-1500"), { ...moved, slot_id: "other" }))
      .toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    expect(await h.del(slotPath("unlimited"))).toEqual({ status: 204, body: undefined });
    expect((await h.get(slotPath("unlimited"))).status).toBe(404);
  });

  test("a slot with a hold or a booking is not deleted", async () => {
    using h = new AdminHarness();
    await h.hold(holdBody());
    const answer = await h.del(slotPath("s-1500"));
    expect(answer).toEqual({ status: 409, body: refusal("IN_USE") });
    expect(answer.body.message).toBe(
      "slot rome-tour/standard/s-1500 has 1 hold(s) and 0 booking(s): " +
        "set its capacity to 0 to stop selling it",
    );
  });

  // Regression: both were 200, moving confirmed bookings to another day and
  // leaving them on a category the slot no longer had.
  test("a slot with seats taken keeps its time, categories and pickups", async () => {
    using h = new AdminHarness();
    await confirmed(h);
    const s = testInventory().experiences![0]!.slots![1]!;
    const refused = async (next: object, message: string) => {
      const answer = await h.put(slotPath("s-1500"), next);
      expect(answer).toEqual({ status: 409, body: refusal("IN_USE") });
      expect(answer.body.message).toBe(
        `slot "s-1500" (option "standard") has 0 seat(s) held and 2 booked: it cannot ${message}`,
      );
    };
    const day = s.time_slot!.start.slice(0, 10);
    await refused({ ...s, time_slot: { ...s.time_slot!, start: `${day}T08:00:00` } },
      "move to another date or start");
    await refused({ ...s, available_holder_categories: [] }, "lose holder categories adult, child");
    expect(await h.get(slotPath("s-1500"))).toEqual({ status: 200, body: s });

    // What PORTA's bookings do not depend on still changes: its end, its capacity.
    const later = { ...s, capacity: 20, time_slot: { ...s.time_slot!, end: `${day}T23:00:00` } };
    expect(await h.put(slotPath("s-1500"), later)).toEqual({ status: 200, body: later });
  });

  test("a capacity below the seats taken is refused with the numbers", async () => {
    using h = new AdminHarness();
    await confirmed(h);
    const s = testInventory().experiences![0]!.slots![1]!;
    const answer = await h.put(slotPath("s-1500"), { ...s, capacity: 1 });
    expect(answer).toEqual({ status: 409, body: refusal("CAPACITY_BELOW_TAKEN") });
    expect(answer.body.message).toContain("0 seat(s) held and 2 booked; capacity 1");
  });

  test("unknown experiences, options and slots are 404", async () => {
    using h = new AdminHarness();
    const paths = ["/experiences/nowhere/slots", slotPath("nope"), slotPath("s-1500", "nope")];
    for (const path of paths) {
      expect(await h.get(path)).toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
    }
  });
});
