/**
 * @module cli/shared
 * What the inventory commands have in common: the store they open (the
 * file itself, beside a running server if need be: WAL lets readers and
 * BEGIN IMMEDIATE writers share it), the services on it, the SLOT syntax,
 * tables or JSON, and how a refusal becomes a message and an exit code.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { Lookups } from "../admin/lookups.ts";
import { Manifests } from "../admin/manifest.ts";
import type { SlotRef } from "../admin/repository.ts";
import { InventoryAdmin } from "../admin/service.ts";
import type { AuditContext } from "../audit/log.ts";
import { ConfigError } from "../config.ts";
import { PortaError } from "../errors.ts";
import { ID_PATTERN } from "../ids.ts";
import { type Database, openDatabase } from "../store/database.ts";
import { Writer } from "../store/writer.ts";
import { systemClock } from "../time.ts";

/** Where commands write; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exit: (code) => void (process.exitCode = code),
};

/** The audit trail's actor for everything done from the command line. */
export const CLI: AuditContext = { actor: "cli", request_id: null };

export interface Store {
  db: Database;
  admin: InventoryAdmin;
  lookups: Lookups;
  manifests: Manifests;
}

export const DB_HELP = "SQLite file [env PORTA_WEBHOOK_DB]";
export const dbDefault = () => Bun.env.PORTA_WEBHOOK_DB ?? "porta-webhook.db";

/** Adds `--db` and `--json` (when it prints data) to a command. */
export function storeOptions(command: Command, json = true): Command {
  command.option("--db <path>", DB_HELP, dbDefault());
  if (json) command.option("--json", "print JSON instead of a table");
  return command;
}

/** Opens an existing store (never creates one by mistake) and runs `use` on it. */
export async function withStore<T>(path: string, use: (store: Store) => Promise<T> | T) {
  if (!existsSync(path)) throw new ConfigError(`no database at ${path} (see --db)`);
  const db = openDatabase(path);
  try {
    const lookups = new Lookups(db, systemClock);
    return await use({
      db,
      admin: new InventoryAdmin(db, new Writer(db, { maxBatch: 1 }), systemClock),
      lookups,
      manifests: new Manifests(db, lookups),
    });
  } finally {
    db.close();
  }
}

export const SLOT_SYNTAX =
  "EXPERIENCE/OPTION/SLOT, e.g. colosseum-guided-tour/guided-tour/2030-06-15-0900";

const ID = new RegExp(ID_PATTERN);

/** `rome-tour/standard/2030-06-15-0900`: ids never hold a slash, so it splits cleanly. */
export function parseSlot(text: string): SlotRef {
  const parts = text.split("/");
  if (parts.length !== 3 || !parts.every((p) => ID.test(p))) {
    throw new ConfigError(`${JSON.stringify(text)} is not a slot: expected ${SLOT_SYNTAX}`);
  }
  const [experience_id, option_id, slot_id] = parts as [string, string, string];
  return { experience_id, option_id, slot_id };
}

/** A whole number within bounds, from an argument. */
export function parseCount(name: string, text: string, min: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= 2_147_483_647)) {
    throw new ConfigError(`${name}: ${JSON.stringify(text)} is not a whole number from ${min}`);
  }
  return n;
}

export type Column<T> = [header: string, cell: (row: T) => unknown];

/** A plain table: a header, then one line per row, columns padded to fit. */
export function table<T>(rows: readonly T[], columns: Column<T>[]): string {
  const text = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
  const cells = [
    columns.map(([header]) => header),
    ...rows.map((row) => columns.map(([, cell]) => text(cell(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells
    .map((line) => line.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd())
    .join("\n") + "\n";
}

/** JSON with --json, else the table. */
export function show<T>(io: Io, json: boolean | undefined, value: T, asTable: (v: T) => string) {
  io.out(json ? `${JSON.stringify(value, null, 2)}\n` : asTable(value));
}

/**
 * Wraps a command's action: a refusal prints its code and message and
 * exits 1, bad input 2; anything else is a fault, left to propagate.
 */
export function action<A extends unknown[]>(io: Io, run: (...args: A) => Promise<void> | void) {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (e) {
      if (e instanceof PortaError) {
        io.err(`porta-webhook: ${e.code}: ${e.message}\n`);
        io.exit(e.status === 400 ? 2 : 1);
      } else if (e instanceof ConfigError) {
        io.err(`porta-webhook: ${e.message}\n`);
        io.exit(2);
      } else {
        throw e;
      }
    }
  };
}
