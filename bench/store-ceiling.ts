/**
 * @module bench/store-ceiling
 * The store's ceiling: the real HoldService and Writer on a fresh file
 * opened as the server opens it (WAL, synchronous=FULL), taking seats in a
 * loop with no HTTP in front, `inFlight` holds at a time so that the
 * writer can group them as it groups concurrent requests. Run by
 * bench/run.ts as `bun bench/store-ceiling.ts SPEC.json`; prints JSON.
 *
 * A run with `preload` first puts that many live holds on its slot (by
 * SQL, copies of a real one) and lifts the slot's capacity: it shows what
 * a hold costs as a function of the live holds already on its slot.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PortaError } from "../src/errors.ts";
import { HoldService } from "../src/holds/service.ts";
import { importInventory } from "../src/inventory/import.ts";
import { openDatabase } from "../src/store/database.ts";
import { Writer } from "../src/store/writer.ts";
import { systemClock } from "../src/time.ts";
import type { HoldRequest } from "../src/webhook/schemas.ts";
import {
  benchInventory,
  CATEGORY_ID,
  EXPERIENCE_ID,
  OPTION_ID,
  spreadSlotId,
} from "./inventory.ts";

export interface CeilingRun {
  name: string;
  slot: "hot" | "spread";
  inFlight: number;
  preload?: number;
}

export interface CeilingSpec {
  dir: string;
  seconds: number;
  spread: number;
  hotCapacity: number;
  firstDay: string;
  expirationTime: string;
  runs: CeilingRun[];
}

export interface CeilingResult extends CeilingRun {
  holds: number;
  refused: number;
  seconds: number;
  rps: number;
  commits: number;
  latency: { mean: number; p50: number; p99: number; p999: number };
}

const HOT = "hot-ceiling";

const spec: CeilingSpec = JSON.parse(readFileSync(process.argv[2]!, "utf8"));

const percentile = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;

/** One imported store, copied for each run so that every run starts alike. */
function template(): string {
  const path = join(spec.dir, "ceiling-template.db");
  const db = openDatabase(path);
  importInventory(db, benchInventory({
    count: spec.spread,
    firstDay: Temporal.PlainDate.from(spec.firstDay),
    hot: [HOT],
    hotCapacity: spec.hotCapacity,
  }));
  db.close();
  return path;
}

function preload(db: ReturnType<typeof openDatabase>, n: number): void {
  const far = Date.now() + 365 * 86_400_000;
  db.transaction(() => {
    db.run("UPDATE slots SET capacity = ? WHERE slot_id = ?", [2_000_000_000, HOT]);
    db.run(`
      WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
      INSERT INTO holds (hold_id, transaction_id, slot_pk, seats, quantities,
        expiration_time, expires_at, status, request_hash, created_at)
      SELECT lower(hex(randomblob(16))), lower(hex(randomblob(16))),
        (SELECT slot_pk FROM slots WHERE slot_id = ?2), 1, '[]',
        '2030-01-01T00:00:00', ?3, 'HELD', '', ?4
      FROM k`, [n, HOT, far, Date.now()]);
  }).immediate();
}

async function measure(run: CeilingRun, from: string): Promise<CeilingResult> {
  const path = join(spec.dir, `ceiling-${run.name}.db`);
  copyFileSync(from, path);
  const db = openDatabase(path);
  if (run.preload !== undefined) preload(db, run.preload);
  const writer = new Writer(db);
  const holds = new HoldService(db, writer, systemClock);

  const request = (): HoldRequest => ({
    experience_id: EXPERIENCE_ID,
    option_id: OPTION_ID,
    slot_id: run.slot === "hot" ? HOT : spreadSlotId(Math.floor(Math.random() * spec.spread)),
    hold_id: crypto.randomUUID(),
    expiration_time: spec.expirationTime,
    quantities: [{ holder_category_id: CATEGORY_ID, quantity: 1, guide_language: "en" }],
  });

  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const until = started + spec.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await holds.hold(request(), { actor: "porta", request_id: crypto.randomUUID() });
      } catch (e) {
        // NO_CAPACITY_LEFT once the slot is full: still a committed write
        // (its audit row), so it counts, as it does over HTTP.
        if (!(e instanceof PortaError && e.code === "NO_CAPACITY_LEFT")) throw e;
        refused++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: run.inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const commits = writer.stats().batches;
  db.close();

  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    ...run,
    holds: latencies.length,
    refused,
    seconds,
    rps: latencies.length / seconds,
    commits,
    latency: {
      mean,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      p999: percentile(latencies, 0.999),
    },
  };
}

const from = template();
const results: CeilingResult[] = [];
for (const run of spec.runs) results.push(await measure(run, from));
process.stdout.write(JSON.stringify(results) + "\n");
