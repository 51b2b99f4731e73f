/**
 * @module cli/manifest
 * `porta-webhook manifest [SLOT] [--date D]`: who is coming, as a table,
 * JSON or CSV (one row per person, the same CSV as the admin API's).
 */
import type { Command } from "commander";
import { manifestCsv, type Manifests } from "../admin/manifest.ts";
import { readQuery } from "../admin/query.ts";
import { DayManifestQuery, type Manifest } from "../admin/schemas.ts";
import { ConfigError } from "../config.ts";
import {
  action,
  type Io,
  parseSlot,
  show,
  SLOT_SYNTAX,
  storeOptions,
  table,
  withStore,
} from "./shared.ts";

interface Flags {
  db: string;
  json?: boolean;
  csv?: boolean;
  date?: string;
  experience?: string;
}

function manifestTable(manifest: Manifest): string {
  const rows = manifest.slots.flatMap((slot) =>
    slot.bookings.flatMap((b) => b.people.map((person) => ({ slot, b, person })))
  );
  return table(rows, [
    ["START", ({ slot }) => slot.start ?? slot.date],
    ["SLOT", ({ slot }) => `${slot.experience_id}/${slot.option_id}/${slot.slot_id}`],
    ["BOOKING", ({ b }) => b.booking_id],
    ["STATUS", ({ b }) => b.status],
    ["LEAD", ({ b }) => b.lead && `${b.lead.first_name} ${b.lead.last_name}`],
    ["PICKUP", ({ b }) => b.pickup && (b.pickup.name ?? b.pickup.pickup_id)],
    ["AT", ({ b }) => b.pickup?.time?.slice(11, 16)],
    ["CATEGORY", ({ person }) => person.holder_category_id],
    ["TICKET", ({ person }) => person.ticket_number],
  ]);
}

export function manifestCommand(program: Command, io: Io): void {
  storeOptions(program.command("manifest"))
    .description("who is coming on a slot, or on every slot of a local date")
    .argument("[slot]", SLOT_SYNTAX)
    .option("--date <date>", "instead of a slot: every slot on this local date, YYYY-MM-DD")
    .option("--experience <id>", "with --date: only this experience")
    .option("--csv", "print CSV, one row per person")
    .action(action(io, (slot: string | undefined, flags: Flags) =>
      withStore(flags.db, ({ manifests }) => {
        if (slot !== undefined && flags.date !== undefined) {
          throw new ConfigError("give a slot or --date, not both");
        }
        if (slot === undefined && flags.date === undefined) {
          throw new ConfigError("give a slot, or --date for every slot of a day");
        }
        const manifest = slot ? manifests.forSlot(parseSlot(slot)) : forDay(manifests, flags);
        if (flags.csv) io.out(manifestCsv(manifest));
        else show(io, flags.json, manifest, manifestTable);
      })
    ));
}

function forDay(manifests: Manifests, flags: Flags): Manifest {
  const query = readQuery(DayManifestQuery, { date: flags.date, experience_id: flags.experience });
  return manifests.forDay(query.date, query.experience_id);
}
