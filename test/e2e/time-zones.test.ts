/**
 * The DST scenario of test/dst.test.ts against the compiled binary, which
 * runs on the real clock: slots at the next local time in Europe/Rome and
 * America/New_York that does not exist (spring forward) or happens twice
 * (fall back), with cut-offs sized so that the right reading of the slot's
 * start (DECISIONS 7: gap the later instant, overlap the earlier) puts the
 * deadline 30 minutes after or before now. Reading the start the other
 * way moves the deadline by an hour and flips the answer, and so would
 * reading it in the host's zone. The server is started under TZ=UTC,
 * Asia/Tokyo and America/Los_Angeles, and must answer the same each time.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import type { Inventory } from "../../src/inventory/schema.ts";
import { type Answer, ensureBinary, runCommand, type Server, startServer, TempDir }
  from "../support/binary.ts";

const ZONES = { rome: "Europe/Rome", ny: "America/New_York" } as const;
const MARGIN_MS = 30 * 60_000;

/** A DST change: a wall-clock time inside it and the instant that time means. */
interface Change {
  wall: string;
  instant: number;
}

/**
 * The middle of the change at transition `t`, by hand rather than by the
 * code under test: in a gap the clock skips `delta`, and its middle means
 * the later instant, t + delta/2; in an overlap the clock repeats `delta`,
 * and its middle means the earlier instant, t - delta/2.
 */
function changeAt(t: Temporal.ZonedDateTime): Change & { gap: boolean } {
  const before = t.subtract({ nanoseconds: 1 }).offsetNanoseconds;
  const delta = t.offsetNanoseconds - before;
  const half = Math.abs(delta) / 2;
  const wall = delta > 0
    ? t.toPlainDateTime().subtract({ nanoseconds: half })
    : t.toPlainDateTime().add({ nanoseconds: half });
  const instant = t.epochMilliseconds + (delta > 0 ? half : -half) / 1e6;
  return { gap: delta > 0, wall: wall.toString(), instant };
}

/** The next and the last change of each kind in `zone`, seen from `from`. */
function changes(zone: string, from: Temporal.Instant) {
  const find = (direction: "next" | "previous", gap: boolean): Change => {
    let t: Temporal.ZonedDateTime | null = from.toZonedDateTimeISO(zone);
    for (;;) {
      t = t!.getTimeZoneTransition(direction);
      if (!t) throw new Error(`${zone} has no DST change ${direction}`);
      const change = changeAt(t);
      if (change.gap === gap) return change;
    }
  };
  return {
    nextGap: find("next", true),
    nextOverlap: find("next", false),
    lastGap: find("previous", true),
    lastOverlap: find("previous", false),
  };
}

/** An ISO 8601 duration of exact seconds: the time from `deadline` to `start`. */
const lead = (start: number, deadline: number) =>
  `PT${Math.round((start - deadline) / 1000)}S`;

function experience(id: string, zone: string, start: string, cutoffs: object) {
  const end = Temporal.PlainDateTime.from(start).add({ hours: 2 }).toString();
  return {
    experience_id: id,
    vendor_id: "v1",
    experience_name: id,
    availability_slot_type: "TIME" as const,
    currency: "EUR",
    time_zone: zone,
    ...cutoffs,
    options: [{
      option_id: "tour",
      label: "Tour",
      holder_categories: [{ holder_category_id: "adult", holder_type: "ADULT", minimum_age: 0 }],
      ticket: { type: "FOR_ALL" as const, format: "TEXT" as const },
    }],
    slots: [{
      slot_id: "s",
      option_id: "tour",
      available_holder_categories: [{ holder_category_id: "adult", price_in_cents: 1000 }],
      time_slot: { start, end },
    }],
  };
}

/**
 * Per zone: sales cut-offs that end 30 minutes after or before now for a
 * slot in the next gap and one in the next overlap, and cancellation
 * cut-offs likewise. Changes less than two hours away are skipped, so that
 * every duration is positive.
 */
function scenarioInventory(now: number) {
  const from = Temporal.Instant.fromEpochMilliseconds(now).add({ hours: 2 });
  const open = now + MARGIN_MS;
  const closed = now - MARGIN_MS;
  const found = Object.fromEntries(
    Object.entries(ZONES).map(([name, zone]) => [name, changes(zone, from)]),
  );
  const inventory: Inventory = {
    vendors: [{ vendor_id: "v1", name: "Vendor" }],
    experiences: Object.entries(ZONES).flatMap(([name, zone]) => {
      const { nextGap: gap, nextOverlap: overlap } = found[name]!;
      return [
        experience(`${name}-gap-open`, zone, gap.wall, { cutoff_time: lead(gap.instant, open) }),
        experience(`${name}-gap-closed`, zone, gap.wall, {
          cutoff_time: lead(gap.instant, closed),
        }),
        experience(`${name}-overlap-open`, zone, overlap.wall, {
          cutoff_time: lead(overlap.instant, open),
        }),
        experience(`${name}-overlap-closed`, zone, overlap.wall, {
          cutoff_time: lead(overlap.instant, closed),
        }),
        experience(`${name}-cancel-gap`, zone, gap.wall, {
          cancellation_cutoff: lead(gap.instant, open),
        }),
        experience(`${name}-cancel-overlap`, zone, overlap.wall, {
          cancellation_cutoff: lead(overlap.instant, closed),
        }),
      ];
    }),
  };
  return { inventory, found };
}

const outcome = (a: Answer) => (a.status === 200 ? "ok" : a.body.code);

const hold = (experience_id: string, expiration_time: string) => ({
  experience_id,
  option_id: "tour",
  slot_id: "s",
  hold_id: crypto.randomUUID(),
  expiration_time,
  quantities: [{ holder_category_id: "adult", quantity: 1 }],
});

/** Holds, confirms and cancels on one zone's experiences; each answer by name. */
async function play(server: Server, name: string, found: ReturnType<typeof changes>) {
  const seen: Record<string, string> = {};
  const tryHold = async (label: string, body: ReturnType<typeof hold>) => {
    seen[label] = outcome(await server.hold(body));
  };
  const later = found.nextOverlap.wall;
  await tryHold("on sale, slot in a gap", hold(`${name}-gap-open`, later));
  await tryHold("off sale, slot in a gap", hold(`${name}-gap-closed`, later));
  await tryHold("on sale, slot in an overlap", hold(`${name}-overlap-open`, later));
  await tryHold("off sale, slot in an overlap", hold(`${name}-overlap-closed`, later));
  await tryHold("expiring in the last gap", hold(`${name}-cancel-gap`, found.lastGap.wall));
  await tryHold("expiring in the last overlap", hold(`${name}-cancel-gap`,
    found.lastOverlap.wall));

  const kinds = [["a gap", "gap", found.nextGap.wall], ["an overlap", "overlap", later]] as const;
  for (const [where, kind, expires] of kinds) {
    const body = hold(`${name}-cancel-${kind}`, expires);
    seen[`hold expiring in the next ${kind}`] = outcome(await server.hold(body));
    const confirmed = await server.confirm({
      booking_id: crypto.randomUUID(),
      hold_id: body.hold_id,
      tuimm_booking_id: "MUS1_2",
      holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      booking_requests: [{ request_id: crypto.randomUUID(), holder_category_id: "adult",
        slot_id: "s" }],
    });
    seen[`confirmation, slot in ${where}`] = outcome(confirmed);
    seen[`cancellation, slot in ${where}`] = outcome(await server.cancel({
      booking_id: confirmed.body.booking_id,
      transaction_id: confirmed.body.transaction_id,
      ticket_numbers: confirmed.body.tickets.map((t: { number: string }) => t.number),
    }));
  }
  return seen;
}

const EXPECTED = {
  "on sale, slot in a gap": "ok",
  "off sale, slot in a gap": "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
  "on sale, slot in an overlap": "ok",
  "off sale, slot in an overlap": "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
  "expiring in the last gap": "VALIDATION_ERROR",
  "expiring in the last overlap": "VALIDATION_ERROR",
  "hold expiring in the next gap": "ok",
  "confirmation, slot in a gap": "ok",
  // Cancellable until 30 minutes from now: the gap's later instant.
  "cancellation, slot in a gap": "ok",
  "hold expiring in the next overlap": "ok",
  "confirmation, slot in an overlap": "ok",
  // Not cancellable since 30 minutes ago: the overlap's earlier instant.
  "cancellation, slot in an overlap": "NOT_CANCELLABLE_BOOKING",
};

beforeAll(() => {
  ensureBinary();
});

describe("DST changes against the compiled binary, whatever the host's time zone", () => {
  test("sales and cancellation cut-offs at times that do not exist or happen twice in " +
    "Rome and New York get the same answers under TZ=UTC, Asia/Tokyo and " +
    "America/Los_Angeles", async () => {
    const { inventory, found } = scenarioInventory(Date.now());
    const seen: Record<string, Record<string, Record<string, string>>> = {};

    for (const tz of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
      using dir = new TempDir();
      const db = dir.file("store.db");
      writeFileSync(dir.file("inventory.json"), JSON.stringify(inventory));
      const imported = await runCommand(["import", dir.file("inventory.json"), "--db", db], {
        env: { TZ: tz },
      });
      expect(imported.exitCode).toBe(0);
      await using server = await startServer({ db, env: { TZ: tz } });
      seen[tz] = {};
      for (const name of Object.keys(ZONES)) {
        seen[tz][name] = await play(server, name, found[name]!);
      }
    }

    const everyZone = { rome: EXPECTED, ny: EXPECTED };
    expect(seen).toEqual({
      UTC: everyZone,
      "Asia/Tokyo": everyZone,
      "America/Los_Angeles": everyZone,
    });
  }, 60_000);
});
