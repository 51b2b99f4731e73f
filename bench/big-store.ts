/**
 * @module bench/big-store
 * Builds the large store of the scale check: the benchmark inventory
 * imported for real, then grown by SQL to `slots` slots and `bookings`
 * confirmed bookings (each with its hold, item, ticket and two audit
 * rows), spread over all slots. The grown rows are copies of the imported
 * ones with fresh random ids, so they have the shape and the key
 * distribution (uuids) of real rows, in every table and index the webhook
 * paths read. Going through HTTP would take the better part of an hour;
 * this takes well under a minute.
 */
import { importInventory } from "../src/inventory/import.ts";
import { openDatabase } from "../src/store/database.ts";
import { benchInventory, EXPERIENCE_ID, OPTION_ID } from "./inventory.ts";

export interface BigStoreOptions {
  path: string;
  /** Slots in all; the first `spread` are the benchmark's s-NNNNN. */
  slots: number;
  spread: number;
  bookings: number;
  firstDay: Temporal.PlainDate;
  hot: readonly string[];
}

/** SQL for a random version-4-looking uuid. */
const UUID_SQL = `lower(
  hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
  substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
  hex(randomblob(6)))`;

const numbers = (n: number) =>
  `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;

export function buildBigStore(options: BigStoreOptions): { seconds: number } {
  const started = performance.now();
  const db = openDatabase(options.path);
  importInventory(db, benchInventory({
    count: options.spread,
    firstDay: options.firstDay,
    hot: options.hot,
  }));

  // Building is not measured: no journal, no fsync, a big cache. The
  // server reopens the file in WAL mode with synchronous=FULL.
  db.run("PRAGMA journal_mode = OFF");
  db.run("PRAGMA foreign_keys = OFF");
  db.run("PRAGMA synchronous = OFF");
  db.run("PRAGMA cache_size = -1000000");
  db.transaction(() => {
    const extra = options.slots - options.spread - options.hot.length;
    // Slot x-N: 24 a day from a year after the benchmark's, so they never
    // collide with s-NNNNN and stay on sale.
    db.run(`${numbers(extra)}
      INSERT INTO slots (experience_id, option_id, slot_id, kind, date, start_local,
        end_local, capacity, guide_languages)
      SELECT '${EXPERIENCE_ID}', '${OPTION_ID}', 'x-' || i, 'TIME', d,
        d || 'T' || printf('%02d', i % 24) || ':00:00',
        d || 'T' || printf('%02d', i % 24) || ':30:00', 1000, '["en","it"]'
      FROM (SELECT i, date(?1, '+' || (i / 24) || ' days') AS d FROM n)`,
      [options.firstDay.add({ years: 1 }).toString()]);
    db.run(`
      INSERT INTO slot_holder_categories (slot_pk, holder_category_id, price_in_cents)
      SELECT slot_pk, 'adult', 4500 FROM slots
      WHERE slot_pk NOT IN (SELECT slot_pk FROM slot_holder_categories)`);

    const slots = db.query<{ n: number }, []>("SELECT count(*) AS n FROM slots").get()!.n;
    const now = Date.now();
    const expires = now + 30 * 60_000;
    db.run(`CREATE TEMP TABLE b AS ${numbers(options.bookings)}
      SELECT i, 1 + (i % ${slots}) AS slot_pk, ${UUID_SQL} AS hold_id,
        ${UUID_SQL} AS hold_tx, ${UUID_SQL} AS booking_id, ${UUID_SQL} AS booking_tx,
        ${UUID_SQL} AS request_id,
        upper(hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' ||
          hex(randomblob(2)) || '-' || hex(randomblob(2))) AS ticket
      FROM n`);
    db.run(`
      INSERT INTO holds (hold_id, transaction_id, slot_pk, seats, quantities,
        expiration_time, expires_at, status, request_hash, created_at)
      SELECT hold_id, hold_tx, slot_pk, 1,
        '[{"holder_category_id":"adult","quantity":1,"guide_language":"en"}]',
        '2030-01-01T12:00:00', ${expires}, 'CONFIRMED', lower(hex(randomblob(32))), ${now}
      FROM temp.b`);
    db.run(`
      INSERT INTO bookings (booking_id, transaction_id, hold_id, slot_pk, seats, status,
        tuimm_booking_id, holder, request_hash, response, created_at)
      SELECT booking_id, booking_tx, hold_id, slot_pk, 1, 'CONFIRMED',
        'MUS123456_' || i,
        '{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"}',
        lower(hex(randomblob(32))),
        json_object('booking_id', booking_id, 'transaction_id', booking_tx,
          'tickets', json_array(json_object('number', ticket, 'type', 'FOR_SINGLE_PERSON',
            'format', 'QR', 'request_id', request_id, 'holder_category_id', 'adult'))),
        ${now}
      FROM temp.b`);
    db.run(`
      INSERT INTO booking_items (booking_id, request_id, holder_category_id, answers)
      SELECT booking_id, request_id, 'adult',
        '[{"mandatory_question_id":"full-name","answer":"Ada Lovelace"}]'
      FROM temp.b`);
    db.run(`
      INSERT INTO tickets (number, booking_id, request_id, holder_category_id, type, format)
      SELECT ticket, booking_id, request_id, 'adult', 'FOR_SINGLE_PERSON', 'QR' FROM temp.b`);
    db.run(`
      INSERT INTO audit (at, actor, request_id, action, outcome, subject, detail)
      SELECT ${now}, 'porta', ${UUID_SQL}, a.action, 'OK',
        CASE a.action WHEN 'hold' THEN hold_id ELSE booking_id END, '{}'
      FROM temp.b, (SELECT 'hold' AS action UNION ALL SELECT 'confirm') AS a
      ORDER BY i`);
    db.run("DROP TABLE temp.b");
  }).immediate();
  db.run("PRAGMA journal_mode = WAL");
  db.close();
  return { seconds: (performance.now() - started) / 1000 };
}

/** Row counts of the tables that grow, for the report. */
export function bigStoreCounts(path: string): Record<string, number> {
  const db = openDatabase(path);
  const count = (table: string) =>
    db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  const counts = Object.fromEntries(
    ["slots", "holds", "bookings", "tickets", "audit"].map((t) => [t, count(t)]),
  );
  db.close();
  return counts;
}
