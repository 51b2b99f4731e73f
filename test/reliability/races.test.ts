/**
 * Races against the compiled binary over real HTTP on loopback: hundreds
 * of holds at once on one slot, the same hold and the same confirmation
 * many times at once, and a second process (this test's own, running the
 * app in-process on the same file) taking seats beside the server. The
 * store is then read directly to show what was recorded.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createApp } from "../../src/app.ts";
import { createLogger } from "../../src/log.ts";
import { openDatabase } from "../../src/store/database.ts";
import { KEY, TempDir } from "../support/binary.ts";
import { refusal } from "../support/harness.ts";
import { probe } from "./probe.ts";
import { type Reply, Target } from "./target.ts";
import { holdRequest, inventoryOf, seedStore } from "./workload.ts";

// Slots 0-3 issue one group ticket, 4-7 one ticket per person.
const { inventory, slots } = inventoryOf([1, 2, 10, 10, 10, 10]);
const dir = new TempDir();
const db = dir.file("store.db");
let target: Target;

beforeAll(async () => {
  seedStore(db, inventory);
  target = await Target.start(db);
});

afterAll(async () => {
  await target?.[Symbol.asyncDispose]();
  dir[Symbol.dispose]();
});

const outcome = (r: Reply) => (r.status === 200 ? "200" : `${r.status} ${r.body?.code ?? r.error}`);

function tally(replies: Reply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) counts[outcome(r)] = (counts[outcome(r)] ?? 0) + 1;
  return counts;
}

const seatsOf = (slotId: string) =>
  probe(db, (p) => p.load().slots.find((s) => s.slot_id === slotId)!);

const atOnce = <T>(n: number, send: () => Promise<T>) =>
  Promise.all(Array.from({ length: n }, send));

for (const slot of slots.slice(0, 3)) {
  const seats = slot.capacity;
  test(`200 parallel holds on a slot of capacity ${seats} hold exactly ${seats}`, async () => {
    const replies = await atOnce(200, () => target.send("POST", "/hold", holdRequest(slot, 1)));

    expect(tally(replies)).toEqual({
      "200": slot.capacity,
      "400 NO_CAPACITY_LEFT": 200 - slot.capacity,
    });
    for (const r of replies.filter((r) => r.status === 400)) {
      expect(r.body).toEqual(refusal("NO_CAPACITY_LEFT"));
    }
    const ids = new Set(replies.filter((r) => r.status === 200).map((r) => r.body.transaction_id));
    expect(ids.size).toBe(slot.capacity);
    expect(seatsOf(slot.slot_id)).toMatchObject({ held: slot.capacity, booked: 0 });
  });
}

test("the same hold_id 20 times at once makes one hold and 20 identical answers", async () => {
  const slot = slots[3]!;
  const hold = holdRequest(slot, 2, 1);
  const replies = await atOnce(20, () => target.send("POST", "/hold", hold));

  const first = replies[0]!;
  expect(first).toEqual({
    status: 200,
    body: { hold_id: hold.hold_id, transaction_id: expect.any(String) },
  });
  expect(replies).toEqual(Array(20).fill(first));
  expect(probe(db, (p) => p.count(`SELECT count(*) FROM holds WHERE hold_id = '${hold.hold_id}'`)))
    .toBe(1);
  expect(seatsOf(slot.slot_id)).toMatchObject({ held: 3, booked: 0 });
});

test("the same confirmation 20 times at once makes one booking with the same tickets", async () => {
  const slot = slots[4]!;
  const hold = holdRequest(slot, 2, 1);
  expect((await target.send("POST", "/hold", hold)).status).toBe(200);
  const booking = {
    booking_id: `race-${crypto.randomUUID()}`,
    hold_id: hold.hold_id,
    tuimm_booking_id: "MUS1234567_890123",
    holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
    booking_requests: ["adult", "adult", "child"].map((holder_category_id) => ({
      request_id: crypto.randomUUID(),
      holder_category_id,
      slot_id: slot.slot_id,
    })),
  };

  const replies = await atOnce(20, () => target.send("POST", "/booking", booking));

  const first = replies[0]!;
  expect(first).toEqual({
    status: 200,
    body: {
      booking_id: booking.booking_id,
      transaction_id: expect.any(String),
      tickets: booking.booking_requests.map((item) => ({
        number: expect.stringMatching(/^[!-~]+$/),
        type: "FOR_SINGLE_PERSON",
        format: "QR",
        request_id: item.request_id,
        holder_category_id: item.holder_category_id,
      })),
    },
  });
  expect(replies).toEqual(Array(20).fill(first));
  const stored = probe(db, (p) => p.bookings().get(booking.booking_id));
  const numbers = first.body.tickets.map((t: { number: string }) => t.number).sort();
  expect(stored).toMatchObject({
    status: "CONFIRMED",
    transaction_id: first.body.transaction_id,
    tickets: numbers.join(","),
  });
  expect(new Set(numbers).size).toBe(3);
  expect(seatsOf(slot.slot_id)).toMatchObject({ held: 0, booked: 3 });
});

test("a second process on the same store cannot oversell a slot beside the server", async () => {
  // This test's process runs the app on the same file: SQLite's file locks
  // are all that keeps the two apart, as with `import` or a second writer.
  const slot = slots[5]!;
  const store = openDatabase(db);
  const app = createApp({ db: store, keys: [KEY], logger: createLogger("silent") });
  const local = async (): Promise<Reply> => {
    const response = await app.fetch(new Request("http://127.0.0.1/hold", {
      method: "POST",
      headers: { "x-webhook-key": KEY, "content-type": "application/json" },
      body: JSON.stringify(holdRequest(slot, 1)),
    }));
    return { status: response.status, body: await response.json() };
  };

  try {
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? target.send("POST", "/hold", holdRequest(slot, 1)) : local()));

    expect(tally(replies)).toEqual({ "200": 10, "400 NO_CAPACITY_LEFT": 50 });
    expect(seatsOf(slot.slot_id)).toMatchObject({ held: 10, booked: 0 });
  } finally {
    store.close();
  }
});
