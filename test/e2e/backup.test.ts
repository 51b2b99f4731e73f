/**
 * A backup taken by the compiled binary while another process of it serves
 * bookings under load: every booking answered 200 before the backup began is
 * in the copy, and the copy restores into a store that opens and checks ok.
 */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { runCommand, Server, TempDir } from "../support/binary.ts";

const nyLocal = (minutes: number) =>
  Temporal.Now.zonedDateTimeISO("America/New_York").add({ minutes }).toPlainDateTime()
    .toString({ smallestUnit: "second" });

async function book(server: Server, day: string): Promise<string | null> {
  const hold = {
    experience_id: "harbor-day-pass",
    option_id: "day-pass",
    slot_id: day,
    hold_id: crypto.randomUUID(),
    expiration_time: nyLocal(30),
    quantities: [{ holder_category_id: "adult", quantity: 1 }],
  };
  if ((await server.hold(hold)).status !== 200) return null;
  const booking_id = `load-${crypto.randomUUID()}`;
  const answer = await server.confirm({
    booking_id,
    hold_id: hold.hold_id,
    tuimm_booking_id: "MUS1_1",
    holder: { email: "a@example.com", first_name: "A", last_name: "B" },
    booking_requests: [{
      request_id: crypto.randomUUID(),
      holder_category_id: "adult",
      slot_id: day,
    }],
  });
  return answer.status === 200 ? booking_id : null;
}

describe("backup under load", () => {
  test("holds every booking answered before it began, and restores to a sound store", async () => {
    using dir = new TempDir();
    const db = dir.file("live.db");
    await using server = await Server.start({ db, args: ["--demo"] });
    const days = [2, 3, 4].map((d) => Temporal.Now.plainDateISO("UTC").add({ days: d }).toString());

    const done: { id: string; at: number }[] = [];
    const warm = Promise.withResolvers<void>();
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 200; i++) {
        const id = await book(server, days[(w + i) % days.length]!);
        if (id) done.push({ id, at: performance.now() });
        if (done.length === 40) warm.resolve();
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));

    // Let the load build up, then back up in the middle of it.
    await Promise.race([warm.promise, Promise.all(workers)]);
    const began = performance.now();
    const result = await runCommand(["backup", dir.file("copy.db"), "--db", db]);
    stop = true;
    await Promise.all(workers);
    expect(result.exitCode).toBe(0);

    const before = done.filter((b) => b.at < began).map((b) => b.id);
    const restored = dir.file("restored.db");
    const restore = await runCommand(["restore", dir.file("copy.db"), "--db", restored]);
    expect(restore.exitCode).toBe(0);

    const copy = new Database(restored, { readonly: true });
    const ids = new Set(
      copy.query<{ booking_id: string }, []>(
        "SELECT booking_id FROM bookings WHERE status = 'CONFIRMED'",
      ).all().map((r) => r.booking_id),
    );
    expect(copy.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    copy.close();
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.filter((id) => !ids.has(id))).toEqual([]);
  });
});
