/**
 * @module cli/experiences
 * `porta-webhook experiences list | archive | unarchive`.
 */
import type { Command } from "commander";
import type { ExperienceSummary } from "../admin/schemas.ts";
import { action, CLI, type Io, show, storeOptions, table, withStore } from "./shared.ts";

const experienceTable = (rows: ExperienceSummary[]) =>
  table(rows, [
    ["EXPERIENCE", (e) => e.experience_id],
    ["NAME", (e) => e.experience_name],
    ["TYPE", (e) => e.availability_slot_type],
    ["ZONE", (e) => e.time_zone],
    ["OPTIONS", (e) => e.options],
    ["SLOTS", (e) => e.slots],
    ["ARCHIVED", (e) => (e.archived ? "yes" : "no")],
  ]);

export function experienceCommands(program: Command, io: Io): void {
  const experiences = program.command("experiences")
    .description("list, archive and unarchive experiences");

  storeOptions(experiences.command("list"))
    .description("list the experiences with their options and slots")
    .action(action(io, (flags: { db: string; json?: boolean }) =>
      withStore(flags.db, ({ lookups }) =>
        show(io, flags.json, lookups.experiences(), experienceTable)
      )
    ));

  for (const [name, archived] of [["archive", true], ["unarchive", false]] as const) {
    storeOptions(experiences.command(name), false)
      .description(archived ? "stop selling an experience (its bookings stand)" : "sell it again")
      .argument("<experience>", "the experience id")
      .action(action(io, (id: string, flags: { db: string }) =>
        withStore(flags.db, async ({ admin }) => {
          await admin.setArchived(id, archived, CLI);
          io.out(`${id} ${archived ? "archived" : "unarchived"}\n`);
        })
      ));
  }
}
