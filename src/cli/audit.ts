/**
 * @module cli/audit
 * `porta-webhook audit`: the audit trail, newest first, filtered.
 */
import type { Command } from "commander";
import { readQuery } from "../admin/query.ts";
import { AuditQuery } from "../admin/schemas.ts";
import type { AuditRow } from "../audit/log.ts";
import { action, type Io, show, storeOptions, table, withStore } from "./shared.ts";

interface Flags {
  db: string;
  json?: boolean;
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  subject?: string;
  limit?: string;
}

const auditTable = (rows: AuditRow[]) =>
  table(rows, [
    ["SEQ", (e) => e.seq],
    ["AT (UTC)", (e) => e.at],
    ["ACTOR", (e) => e.actor],
    ["ACTION", (e) => e.action],
    ["OUTCOME", (e) => e.outcome],
    ["SUBJECT", (e) => e.subject],
    ["DETAIL", (e) => JSON.stringify(e.detail)],
  ]);

export function auditCommand(program: Command, io: Io): void {
  storeOptions(program.command("audit"))
    .description("read the audit trail, newest first")
    .option("--from <instant>", "from this instant, e.g. 2030-06-01T10:00:00Z, or a UTC date")
    .option("--to <instant>", "before this instant")
    .option("--actor <actor>", "porta, cli or admin:NAME")
    .option("--action <action>", "e.g. hold, confirm, capacity.set, slot.delete")
    .option("--outcome <outcome>", "OK, or a refusal's code")
    .option("--subject <id>", "a hold or booking id, or a slot as EXPERIENCE/OPTION/SLOT")
    .option("--limit <n>", "most entries (default 100)")
    .action(action(io, (flags: Flags) =>
      withStore(flags.db, ({ lookups }) =>
        show(io, flags.json, lookups.auditTrail(readQuery(AuditQuery, { ...flags })), auditTable)
      )
    ));
}
