import { describe, expect, test } from "bun:test";
import { demoInventory } from "../../src/inventory/demo.ts";
import { importInventory } from "../../src/inventory/import.ts";
import { openDatabase } from "../../src/store/database.ts";

describe("the demo inventory", () => {
  const today = Temporal.PlainDate.from("2030-01-10");
  const demo = demoInventory(today, 7);
  const experiences = demo.experiences!;

  test("imports cleanly into an empty store", () => {
    const db = openDatabase(":memory:");
    expect(importInventory(db, demo, Date.UTC(2030, 0, 10))).toEqual({
      vendors: 3,
      pickups: 3,
      experiences: 3,
      options: 3,
      mandatory_questions: 8,
      slots: 7 * 2 + 7 + 1,
    });
  });

  test("is dated from tomorrow, so it never goes stale", () => {
    const rome = experiences.find((e) => e.availability_slot_type === "TIME")!;
    expect(rome.slots![0]!.time_slot!.start).toBe("2030-01-11T09:00:00");
    expect(rome.slots!.at(-1)!.time_slot!.start).toBe("2030-01-17T15:00:00");
  });

  test("has a TIME tour with pickups, per-person QR tickets, questions of both levels", () => {
    const rome = experiences.find((e) => e.availability_slot_type === "TIME")!;
    expect(rome.options[0]!.ticket).toEqual({ type: "FOR_SINGLE_PERSON", format: "QR" });
    expect(rome.slots!.some((s) => (s.time_slot!.pickup_ids ?? []).length > 0)).toBe(true);
    const questions = rome.mandatory_questions!;
    expect(new Set(questions.map((q) => q.data_type)).size).toBe(7);
    expect(new Set(questions.map((q) => q.level))).toEqual(new Set(["BOOKING", "BY_PAX"]));
  });

  test("has a DAILY experience with one group barcode, in another time zone", () => {
    const daily = experiences.find((e) => e.availability_slot_type === "DAILY")!;
    const rome = experiences.find((e) => e.availability_slot_type === "TIME")!;
    expect(daily.options[0]!.ticket).toEqual({ type: "FOR_ALL", format: "BARCODE" });
    expect(daily.time_zone).not.toBe(rome.time_zone);
  });
});
