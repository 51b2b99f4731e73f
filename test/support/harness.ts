/**
 * In-process test harness: the real app on a fresh temporary SQLite file,
 * a clock the test moves by hand, and a small PORTA client that sends real
 * HTTP requests through the app's fetch handler.
 */
import { expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../../src/app.ts";
import { importInventory } from "../../src/inventory/import.ts";
import type { Inventory } from "../../src/inventory/schema.ts";
import { createLogger } from "../../src/log.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { testInventory } from "./inventory.ts";

export const KEY = "test-key-0123456789";

/** 2030-06-01 10:00 UTC: two weeks before the fixture's slots. */
export const T0 = Date.UTC(2030, 5, 1, 10, 0, 0);

export interface Answer {
  status: number;
  body: any;
}

export class Harness implements Disposable {
  readonly dir: string;
  readonly db: Database;
  readonly logLines: string[] = [];
  now = T0;
  private readonly handler: (r: Request) => Promise<Response>;

  constructor(
    options: {
      inventory?: Inventory;
      keys?: string[];
      basePath?: string;
      metricsToken?: string;
      adminKeys?: string[];
    } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "porta-webhook-test-"));
    this.db = openDatabase(join(this.dir, "store.db"));
    importInventory(this.db, options.inventory ?? testInventory(), this.now);
    const logger = createLogger("info", {
      write: (line: string) => void this.logLines.push(line),
    } as pino.DestinationStream);
    this.handler = createApp({
      db: this.db,
      keys: options.keys ?? [KEY],
      logger,
      basePath: options.basePath,
      metricsToken: options.metricsToken,
      adminKeys: options.adminKeys,
      clock: () => this.now,
    }).fetch;
  }

  /** Moves the clock to a UTC instant written as ISO text, or by ms. */
  at(instant: string | number): this {
    this.now = typeof instant === "number" ? instant : Date.parse(instant);
    return this;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | null> = {},
  ): Promise<Answer> {
    // Overrides replace defaults whatever their case; null removes one.
    const merged = new Headers({ "x-webhook-key": KEY, "content-type": "application/json" });
    for (const [name, value] of Object.entries(headers)) {
      if (value === null) merged.delete(name);
      else merged.set(name, value);
    }
    const init: RequestInit = { method, headers: merged };
    if (body !== undefined) {
      const raw = typeof body === "string" || body instanceof Uint8Array;
      init.body = raw ? body : JSON.stringify(body);
    }
    const response = await this.handler(new Request(`http://localhost${path}`, init));
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A request whose answer is read as text (for non-JSON routes). */
  async raw(method: string, path: string, headers: Record<string, string> = {}) {
    const response = await this.handler(
      new Request(`http://localhost${path}`, { method, headers }),
    );
    return { status: response.status, text: await response.text() };
  }

  hold = (body: unknown) => this.request("POST", "/hold", body);
  confirm = (body: unknown) => this.request("POST", "/booking", body);
  cancel = (body: unknown) => this.request("DELETE", "/booking", body);

  count(table: string): number {
    return this.db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  }

  [Symbol.dispose](): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const uuid = () => crypto.randomUUID();

/** A valid hold on `rome-tour`/`s-1500` (no pickups), overridable. */
// Loosely typed on purpose: tests also build bodies that are wrong.
export function holdBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    experience_id: "rome-tour",
    option_id: "standard",
    slot_id: "s-1500",
    hold_id: uuid(),
    expiration_time: "2030-06-01T12:30:00Z",
    quantities: [{ holder_category_id: "adult", quantity: 2 }],
    ...overrides,
  };
}

/** A confirmation matching `hold`: one item per seat. */
export function bookingBody(
  hold: Record<string, any>,
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  const items = hold.quantities.flatMap((q: any) =>
    Array.from({ length: q.quantity }, () => ({
      request_id: uuid(),
      holder_category_id: q.holder_category_id,
      slot_id: hold.slot_id,
      ...(hold.pickup_id ? { pickup_id: hold.pickup_id } : {}),
    })),
  );
  return {
    booking_id: uuid(),
    hold_id: hold.hold_id,
    tuimm_booking_id: "MUS1234567_890123",
    holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
    booking_requests: items,
    ...overrides,
  };
}

/** A 400 body with the given code: exact shape, fresh uuid id. */
export const refusal = (code: string) => ({
  code,
  id: expect.stringMatching(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  ),
  message: expect.any(String),
});
