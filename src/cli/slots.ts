/**
 * @module cli/slots
 * `porta-webhook slots list | delete` and `porta-webhook capacity set | add
 * | remove`, for seats sold at the desk or through another channel. Every
 * change is one BEGIN IMMEDIATE transaction, refused with the numbers when
 * it would leave fewer seats than are held and booked.
 */
import type { Command } from "commander";
import { type SlotSeats, SlotsQuery } from "../admin/schemas.ts";
import { readQuery } from "../admin/query.ts";
import {
  action,
  CLI,
  type Io,
  parseCount,
  parseSlot,
  show,
  SLOT_SYNTAX,
  storeOptions,
  table,
  withStore,
} from "./shared.ts";

export const seatsTable = (rows: SlotSeats[]) =>
  table(rows, [
    ["SLOT", (s) => `${s.experience_id}/${s.option_id}/${s.slot_id}`],
    ["DATE", (s) => s.date],
    ["START", (s) => s.start?.slice(11, 16)],
    ["CAPACITY", (s) => s.capacity ?? "no limit"],
    ["HELD", (s) => s.held],
    ["BOOKED", (s) => s.booked],
    ["LEFT", (s) => s.remaining ?? "no limit"],
  ]);

interface ListFlags {
  db: string;
  json?: boolean;
  option?: string;
  from?: string;
  to?: string;
}

/** `none` lifts the limit. */
function parseCapacity(text: string): number | null {
  return text === "none" ? null : parseCount("capacity", text, 0);
}

export function slotCommands(program: Command, io: Io): void {
  const slots = program.command("slots").description("list and delete slots");

  storeOptions(slots.command("list"))
    .description("list an experience's slots with capacity, seats held, booked and left")
    .argument("<experience>", "the experience id")
    .option("--option <id>", "only this option's slots")
    .option("--from <date>", "from this local date, YYYY-MM-DD (OPEN slots have none)")
    .option("--to <date>", "up to this local date, YYYY-MM-DD")
    .action(action(io, (experience: string, flags: ListFlags) =>
      withStore(flags.db, ({ lookups }) => {
        const query = readQuery(SlotsQuery, { ...flags, option_id: flags.option });
        show(io, flags.json, lookups.slots(experience, query), seatsTable);
      })
    ));

  storeOptions(slots.command("delete"), false)
    .description("delete a slot that has never had a hold or a booking")
    .argument("<slot>", SLOT_SYNTAX)
    .action(action(io, (slot: string, flags: { db: string }) =>
      withStore(flags.db, async ({ admin }) => {
        await admin.deleteSlot(parseSlot(slot), CLI);
        io.out(`${slot} deleted\n`);
      })
    ));

  const capacity = program.command("capacity")
    .description("change a slot's capacity; never below the seats held and booked");

  storeOptions(capacity.command("set"))
    .description("set a slot's capacity")
    .argument("<slot>", SLOT_SYNTAX)
    .argument("<seats>", "the new capacity, or none for no limit")
    .action(action(io, (slot: string, seats: string, flags: { db: string; json?: boolean }) =>
      withStore(flags.db, async ({ admin }) => {
        const after = await admin.setCapacity(parseSlot(slot), parseCapacity(seats), CLI);
        show(io, flags.json, after, (s) => seatsTable([s]));
      })
    ));

  for (const [name, sign] of [["add", 1], ["remove", -1]] as const) {
    storeOptions(capacity.command(name))
      .description(
        sign > 0 ? "add seats to a slot's capacity" : "take seats sold elsewhere off a slot",
      )
      .argument("<slot>", SLOT_SYNTAX)
      .argument("<seats>", "how many seats")
      .action(action(io, (slot: string, seats: string, flags: { db: string; json?: boolean }) =>
        withStore(flags.db, async ({ admin }) => {
          const n = parseCount("seats", seats, 1);
          const after = await admin.adjustCapacity(parseSlot(slot), sign * n, CLI);
          show(io, flags.json, after, (s) => seatsTable([s]));
        })
      ));
  }
}
