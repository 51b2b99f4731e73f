/**
 * @module cli/export
 * `porta-webhook export`: the inventory back out in the import format.
 * Importing the file into the same store changes nothing.
 */
import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { exportInventory } from "../inventory/export.ts";
import { action, type Io, storeOptions, withStore } from "./shared.ts";

export function exportCommand(program: Command, io: Io): void {
  storeOptions(program.command("export"), false)
    .description("print the inventory as an import file (export then import changes nothing)")
    .option("--out <file>", "write to this file instead of standard output")
    .action(action(io, (flags: { db: string; out?: string }) =>
      withStore(flags.db, ({ db }) => {
        const text = `${JSON.stringify(exportInventory(db), null, 2)}\n`;
        if (flags.out) writeFileSync(flags.out, text);
        else io.out(text);
      })
    ));
}
