#!/usr/bin/env bun
/**
 * Measures what another process's write lock does to the compiled server:
 * lock-holder.ts takes the lock for `--lock-ms`, then 20 holds, a health
 * check and, half a second into the wait, two requests that need no store
 * (the OpenAPI JSON and an unknown route) are sent. Prints each kind's
 * outcome and when it was answered. bun:sqlite is synchronous, so while
 * the server waits for the lock its event loop is blocked and every one of
 * them waits; past the store's 10 s busy timeout the writes fail.
 *
 *   bun test/reliability/lock-wait.ts --lock-ms 3000
 *   bun test/reliability/lock-wait.ts --lock-ms 12000
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { TempDir } from "../support/binary.ts";
import { type Reply, Target } from "./target.ts";
import { holdRequest, inventoryOf, seedStore } from "./workload.ts";

const { values } = parseArgs({ options: { "lock-ms": { type: "string", default: "3000" } } });
const lockMs = Number(values["lock-ms"]);
if (!Number.isInteger(lockMs) || lockMs < 0) {
  console.error("lock-wait: --lock-ms must be a whole number of milliseconds");
  process.exit(2);
}

using dir = new TempDir();
const db = dir.file("store.db");
const { inventory, slots } = inventoryOf([100]);
seedStore(db, inventory);
await using target = await Target.start(db);

const holder = Bun.spawn({
  cmd: [process.execPath, join(import.meta.dir, "lock-holder.ts"), db, String(lockMs)],
  stdout: "pipe",
});
const reader = holder.stdout.getReader();
await reader.read();
const started = performance.now();

const timed = async (what: string, request: Promise<Reply>) => {
  const r = await request;
  const outcome = r.status === 0 ? r.error : `${r.status}${r.body?.code ? ` ${r.body.code}` : ""}`;
  return { what, outcome, ms: Math.round(performance.now() - started) };
};
const store = [
  ...Array.from({ length: 20 }, () =>
    timed("POST /hold", target.send("POST", "/hold", holdRequest(slots[0]!, 1)))),
  timed("GET /health", target.send("GET", "/health")),
];
// The sleep is the measurement: these two are sent while the server waits.
await Bun.sleep(500);
const noStore = [
  timed("GET /docs/json", target.send("GET", "/docs/json")),
  timed("GET /no-such-route", target.send("GET", "/no-such-route")),
];

const results = await Promise.all([...store, ...noStore]);
await holder.exited;
const byKind = new Map<string, string[]>();
for (const r of results) {
  const key = `${r.what} → ${r.outcome}`;
  byKind.set(key, [...(byKind.get(key) ?? []), `${r.ms}`]);
}
console.log(`write lock held by another process for ${lockMs} ms:`);
for (const [key, ms] of byKind) {
  const sorted = ms.map(Number).sort((a, b) => a - b);
  console.log(`  ${key}: ${ms.length}× answered after ${sorted[0]}–${sorted.at(-1)} ms`);
}
const locked = target.stdoutLines.filter((l) => l.includes("database is locked")).length;
console.log(`  server log lines with "database is locked": ${locked}`);
