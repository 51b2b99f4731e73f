/**
 * Another process on the store while the compiled server works: one that
 * holds SQLite's write lock for three seconds (lock-holder.ts), and the
 * CLI's `import`. Requests wait for the lock within the store's 10 s busy
 * timeout and then succeed; none fails with "database is locked", and
 * Bun's idle timeout (60 s, src/server.ts) cuts none of them.
 *
 * bun:sqlite is synchronous, so the server does not wait inside SQLite:
 * its writer retries BEGIN IMMEDIATE on a timer (src/store/writer.ts), and
 * a route that needs no store is answered while the lock is held. The
 * README's "Reliability" section says more.
 */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand, TempDir } from "../support/binary.ts";
import { probe } from "./probe.ts";
import { type Reply, Target } from "./target.ts";
import { holdRequest, inventoryOf, seedStore } from "./workload.ts";

const LOCK_MS = 3_000;

/** Starts lock-holder.ts on `db`; resolves once it holds the write lock. */
async function holdWriteLock(db: string, ms: number) {
  const child = Bun.spawn({
    cmd: [process.execPath, join(import.meta.dir, "lock-holder.ts"), db, String(ms)],
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  while (!output.includes("locked\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`lock-holder ended before locking: ${output}`);
    output += decoder.decode(value, { stream: true });
  }
  return {
    /** Waits for the holder to commit and exit; its exit code and output. */
    async finished() {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        output += decoder.decode(r.value, { stream: true });
      }
      return { exitCode: await child.exited, output };
    },
  };
}

const booking = (hold: ReturnType<typeof holdRequest>) => ({
  booking_id: `lock-${hold.hold_id}`,
  hold_id: hold.hold_id,
  tuimm_booking_id: "MUS1234567_890123",
  holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
  booking_requests: [{
    request_id: crypto.randomUUID(),
    holder_category_id: "adult",
    slot_id: hold.slot_id,
  }],
});

test("requests wait for another process's write lock, then all succeed", async () => {
  using dir = new TempDir();
  const db = dir.file("store.db");
  const { inventory, slots } = inventoryOf([100]);
  seedStore(db, inventory);
  await using target = await Target.start(db);
  const slot = slots[0]!;

  // Holds to confirm and bookings to cancel while the lock is held.
  const held = Array.from({ length: 6 }, () => holdRequest(slot, 1));
  for (const h of held) expect((await target.send("POST", "/hold", h)).status).toBe(200);
  const toCancel = [];
  for (const h of held.slice(4)) {
    const b = booking(h);
    const reply = await target.send("POST", "/booking", b);
    expect(reply.status).toBe(200);
    toCancel.push({ ...reply.body, ticket_numbers: [reply.body.tickets[0].number] });
  }

  const lock = await holdWriteLock(db, LOCK_MS);
  const started = performance.now();
  const timed = async (request: Promise<Reply>) => {
    const reply = await request;
    return { reply, ms: performance.now() - started };
  };
  const answers = await Promise.all([
    ...Array.from({ length: 20 }, () => timed(target.send("POST", "/hold", holdRequest(slot, 1)))),
    ...held.slice(0, 4).map((h) => timed(target.send("POST", "/booking", booking(h)))),
    ...toCancel.map(({ booking_id, transaction_id, ticket_numbers }) =>
      timed(target.send("DELETE", "/booking", { booking_id, transaction_id, ticket_numbers }))),
    timed(target.send("DELETE", "/booking", {
      booking_id: "lock-unconfirmed",
      transaction_id: "",
      ticket_numbers: [],
      unconfirmed: true,
    })),
    timed(target.send("GET", "/health")),
  ]);

  expect(answers.map((a) => a.reply.status)).toEqual(Array(28).fill(200));
  // The lock was taken before the first request went out and held for 3 s:
  // no answer can have come before the holder's COMMIT.
  expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThan(LOCK_MS - 1_000);
  expect(await lock.finished()).toEqual({ exitCode: 0, output: "locked\nreleased\n" });

  const log = target.stdoutLines.join("\n");
  expect(log).not.toContain("database is locked");
  expect(log).not.toContain("UNCLASSIFIED_ERROR");
  expect(probe(db, (p) => p.load().slots[0])).toMatchObject({ held: 20, booked: 4 });
});

// Regression: the server waited for the lock inside SQLite's busy handler,
// which blocked its event loop: nothing at all was answered meanwhile.
test("while another process holds the write lock, routes that need no store still answer", async () => {
  using dir = new TempDir();
  const db = dir.file("store.db");
  const { inventory, slots } = inventoryOf([10]);
  seedStore(db, inventory);
  await using target = await Target.start(db);

  const lock = await holdWriteLock(db, LOCK_MS);
  const order: string[] = [];
  const hold = target.send("POST", "/hold", holdRequest(slots[0]!, 1))
    .then((r) => (order.push("hold"), r));
  const docs = await target.send("GET", "/docs/json");
  order.push("docs");
  const released = lock.finished().then((r) => (order.push("lock released"), r));

  expect(docs.status).toBe(200);
  expect((await hold).status).toBe(200);
  expect(await released).toEqual({ exitCode: 0, output: "locked\nreleased\n" });
  // The docs came while the lock was held; the hold only after its release.
  expect(order[0]).toBe("docs");
  expect(order.indexOf("hold")).toBeGreaterThan(0);
});

test("an import from another process while the server takes holds oversells nothing", async () => {
  using dir = new TempDir();
  const db = dir.file("store.db");
  const { inventory, slots } = inventoryOf([10]);
  seedStore(db, inventory);
  const file = dir.file("inventory.json");
  writeFileSync(file, JSON.stringify(inventory));
  await using target = await Target.start(db);

  // Waves of 20 holds at once for as long as the import runs, and one more.
  let importing = true;
  const imported = runCommand(["import", file, "--db", db]).finally(() => (importing = false));
  const wave = () =>
    Promise.all(Array.from({ length: 20 }, () =>
      target.send("POST", "/hold", holdRequest(slots[0]!, 1))));
  const replies = await wave();
  for (let i = 0; i < 200 && importing; i++) replies.push(...await wave());
  replies.push(...await wave());

  expect(await imported).toMatchObject({ exitCode: 0, stderr: "" });
  const tally: Record<string, number> = {};
  for (const r of replies) {
    const key = r.status === 200 ? "200" : `${r.status} ${r.body?.code ?? r.error}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  expect(tally).toEqual({ "200": 10, "400 NO_CAPACITY_LEFT": replies.length - 10 });
  expect(replies.length).toBeGreaterThan(40);
  expect(probe(db, (p) => p.load().slots[0])).toMatchObject({ held: 10, capacity: 10 });
});
