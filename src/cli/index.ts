/**
 * @module cli
 * The commands for running the inventory day to day over SSH: the same
 * operations as the admin API, on the store file, recorded in the audit
 * trail as `cli`. Registered on the program by src/main.ts.
 */
import type { Command } from "commander";
import { auditCommand } from "./audit.ts";
import { bookingCommands } from "./bookings.ts";
import { experienceCommands } from "./experiences.ts";
import { exportCommand } from "./export.ts";
import { manifestCommand } from "./manifest.ts";
import { type Io, processIo } from "./shared.ts";
import { slotCommands } from "./slots.ts";

export function inventoryCommands(program: Command, io: Io = processIo): void {
  experienceCommands(program, io);
  slotCommands(program, io);
  bookingCommands(program, io);
  manifestCommand(program, io);
  exportCommand(program, io);
  auditCommand(program, io);
}
