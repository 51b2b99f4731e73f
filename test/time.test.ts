import { describe, expect, test } from "bun:test";
import { parseDuration, parseLocalDateTime, zonedEpochMs } from "../src/time.ts";

const instant = (local: string, zone: string) =>
  new Date(zonedEpochMs(parseLocalDateTime(local)!, zone)).toISOString();

describe("local wall-clock times (DECISIONS 7)", () => {
  test.each([
    ["2030-06-01T12:30", "2030-06-01T12:30:00"],
    ["2030-06-01 12:30:05", "2030-06-01T12:30:05"],
    ["2030-06-01T12:30:05.5Z", "2030-06-01T12:30:05.5"],
    ["2030-06-01T12:30:05.123456789+02:00", "2030-06-01T12:30:05.123456789"],
    ["2030-06-01T12:30:05-0700", "2030-06-01T12:30:05"],
  ])("%s reads as the wall-clock time %s, its offset ignored", (text, wall) => {
    expect(parseLocalDateTime(text)!.toString()).toBe(wall);
  });

  test.each([
    "2030-06-01",
    "2030-06-01T25:00:00",
    "2030-02-29T10:00:00",
    "2030-06-01T12:30:05.1234567890",
    "2030-06-01T12:30:05+2",
    "2030-06-01T12:30:05+25:00",
    "2030-06-01T12:30:05-03:60",
    " 2030-06-01T12:30:05",
  ])("%s is not a local date-time", (text) => {
    expect(parseLocalDateTime(text)).toBeNull();
  });

  test("a wall-clock time is read in the experience's zone, not the host's", () => {
    expect(instant("2030-06-01T12:00:00", "Europe/Rome")).toBe("2030-06-01T10:00:00.000Z");
    expect(instant("2030-06-01T12:00:00", "America/New_York")).toBe("2030-06-01T16:00:00.000Z");
    expect(instant("2030-06-01T12:00:00", "Asia/Tokyo")).toBe("2030-06-01T03:00:00.000Z");
  });

  test("a time in a DST gap takes the later instant (Rome 2030-03-31 02:30 does not exist)", () => {
    expect(instant("2030-03-31T02:30:00", "Europe/Rome")).toBe("2030-03-31T01:30:00.000Z");
    expect(instant("2030-03-10T02:30:00", "America/New_York")).toBe("2030-03-10T07:30:00.000Z");
  });

  test("a time in a DST overlap takes the earlier instant (Rome 2030-10-27 02:30)", () => {
    expect(instant("2030-10-27T02:30:00", "Europe/Rome")).toBe("2030-10-27T00:30:00.000Z");
    expect(instant("2030-11-03T01:30:00", "America/New_York")).toBe("2030-11-03T05:30:00.000Z");
  });

  test("durations are ISO 8601 and never negative", () => {
    expect(parseDuration("PT2H")!.hours).toBe(2);
    expect(parseDuration("P1D")!.days).toBe(1);
    expect(parseDuration("-PT1H")).toBeNull();
    expect(parseDuration("2 hours")).toBeNull();
  });
});
