/**
 * @module cli/bookings
 * `porta-webhook holds list`, `bookings list` and `bookings show`: who
 * holds and who booked what, filtered by slot, dates and status.
 */
import type { Command } from "commander";
import { readQuery } from "../admin/query.ts";
import {
  type BookingDetail,
  BookingsQuery,
  type BookingSummary,
  HoldsQuery,
  type HoldSummary,
} from "../admin/schemas.ts";
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

interface FilterFlags {
  db: string;
  json?: boolean;
  slot?: string;
  experience?: string;
  option?: string;
  from?: string;
  to?: string;
  status?: string;
  limit?: string;
}

/** The options as the admin API's query: `--slot` stands for its three ids. */
function filterOf(flags: FilterFlags) {
  const slot = flags.slot ? parseSlot(flags.slot) : undefined;
  return {
    experience_id: slot?.experience_id ?? flags.experience,
    option_id: slot?.option_id ?? flags.option,
    slot_id: slot?.slot_id,
    from: flags.from,
    to: flags.to,
    status: flags.status,
    limit: flags.limit,
  };
}

function filterOptions(command: Command, statuses: string): Command {
  return storeOptions(command)
    .option("--slot <slot>", `only this slot: ${SLOT_SYNTAX}`)
    .option("--experience <id>", "only this experience")
    .option("--option <id>", "only this option")
    .option("--from <date>", "slots from this local date, YYYY-MM-DD")
    .option("--to <date>", "slots up to this local date, YYYY-MM-DD")
    .option("--status <status>", statuses)
    .option("--limit <n>", "most rows, newest first (default 100)");
}

type SlotIds = Pick<HoldSummary, "experience_id" | "option_id" | "slot_id">;

const slotOf = (r: SlotIds) =>
  r.slot_id === null ? null : `${r.experience_id}/${r.option_id}/${r.slot_id}`;

const holdTable = (rows: HoldSummary[]) =>
  table(rows, [
    ["HOLD", (h) => h.hold_id],
    ["SLOT", slotOf],
    ["SEATS", (h) => h.seats],
    ["STATUS", (h) => h.status],
    ["EXPIRES (LOCAL)", (h) => h.expiration_time],
    ["CREATED (UTC)", (h) => h.created_at],
  ]);

const leadName = (lead: BookingSummary["lead"]) =>
  lead && `${lead.first_name} ${lead.last_name}`;

const bookingTable = (rows: BookingSummary[]) =>
  table(rows, [
    ["BOOKING", (b) => b.booking_id],
    ["MUSEMENT", (b) => b.tuimm_booking_id],
    ["SLOT", slotOf],
    ["SEATS", (b) => b.seats],
    ["STATUS", (b) => b.status],
    ["LEAD", (b) => leadName(b.lead)],
    ["CREATED (UTC)", (b) => b.created_at],
  ]);

function bookingText(b: BookingDetail): string {
  const lines = [
    `booking      ${b.booking_id} (${b.status})`,
    `musement     ${b.tuimm_booking_id ?? "-"}`,
    `transaction  ${b.transaction_id ?? "-"}`,
    `slot         ${slotOf(b) ?? "-"}  ${b.start ?? b.date ?? ""} ${b.time_zone ?? ""}`,
    `lead         ${leadName(b.lead) ?? "-"}  ${b.lead?.email ?? ""}`,
    `pickup       ${b.pickup ? `${b.pickup.name ?? b.pickup.pickup_id} at ${b.pickup.time}` : "-"}`,
    `created      ${b.created_at}` + (b.cancelled_at ? `, cancelled ${b.cancelled_at}` : ""),
    "",
  ];
  const people = table(b.items, [
    ["PERSON", (i) => i.request_id],
    ["CATEGORY", (i) => i.holder_category_id],
    ["TICKET", (i) => i.ticket_number],
    ["ANSWERS", (i) => i.answers.map((a) => `${a.mandatory_question_id}=${a.answer}`).join("; ")],
  ]);
  return lines.join("\n").replace(/ +\n/g, "\n") + people;
}

export function bookingCommands(program: Command, io: Io): void {
  filterOptions(
    program.command("holds").description("list holds").command("list"),
    "HELD, EXPIRED, CONFIRMED or RELEASED",
  )
    .description("list holds, newest first")
    .action(action(io, (flags: FilterFlags) =>
      withStore(flags.db, ({ lookups }) => {
        const holds = lookups.holds(readQuery(HoldsQuery, filterOf(flags)));
        show(io, flags.json, holds, holdTable);
      })
    ));

  const bookings = program.command("bookings").description("list and show bookings");
  filterOptions(bookings.command("list"), "CONFIRMED or CANCELLED")
    .description("list bookings, newest first")
    .action(action(io, (flags: FilterFlags) =>
      withStore(flags.db, ({ lookups }) => {
        const list = lookups.bookings(readQuery(BookingsQuery, filterOf(flags)));
        show(io, flags.json, list, bookingTable);
      })
    ));

  storeOptions(bookings.command("show"))
    .description("one booking with its holder, pickup, people, answers and tickets")
    .argument("<booking>", "the booking_id PORTA sent")
    .action(action(io, (id: string, flags: { db: string; json?: boolean }) =>
      withStore(flags.db, ({ lookups }) => show(io, flags.json, lookups.booking(id), bookingText))
    ));
}
