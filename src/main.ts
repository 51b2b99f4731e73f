#!/usr/bin/env bun
/**
 * @module main
 * The `porta-webhook` command: `serve`, `import`, `demo-inventory`,
 * `openapi`, and the day-to-day inventory commands of src/cli/. Argument
 * parsing is commander's; each command is a few lines that call into the
 * rest of src/.
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import {
  ConfigError,
  loadServeConfig,
  maskedConfig,
  SERVE_OPTIONS,
  type ServeFlags,
} from "./config.ts";
import { inventoryCommands } from "./cli/index.ts";
import { DB_HELP, dbDefault } from "./cli/shared.ts";
import { demoInventory } from "./inventory/demo.ts";
import { importInventory, InventoryError } from "./inventory/import.ts";
import { readJsonFile } from "./json-file.ts";
import { generateOpenApi } from "./openapi.ts";
import { backup, BackupError, restore } from "./store/backup.ts";
import { openDatabase, StoreError } from "./store/database.ts";
import { StoreInUseError } from "./store/lock.ts";
import { SCHEMA_VERSION } from "./store/migrations.ts";
import { serve } from "./server.ts";
import { VERSION } from "./version.ts";

const program = new Command("porta-webhook")
  .description("PORTA supplier webhook service over an embedded SQLite inventory")
  .version(`${VERSION} (schema ${SCHEMA_VERSION})`, "-V, --version")
  // Usage errors exit 2, like bad input; --help and --version exit 0. Set
  // before the commands are added, which inherit it.
  .exitOverride();

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `serve` and `config` take the same settings; see src/config.ts. */
function withSettings(command: Command): Command {
  command.option("--config <file>", "TOML file of settings [env PORTA_WEBHOOK_CONFIG]");
  for (const o of SERVE_OPTIONS) {
    const flag = o.boolean ? o.flag : `${o.flag} <value>`;
    if (o.repeatable) command.option(flag, `${o.help}; repeatable`, collect);
    else command.option(flag, o.help);
  }
  return command;
}

withSettings(program.command("serve"))
  .description("serve PORTA's webhooks (hold, booking, cancel, health)")
  .action(async (flags: ServeFlags) => {
    await serve(flags);
  });

withSettings(program.command("config"))
  .description("print the effective configuration, secrets masked")
  .action((flags: ServeFlags) => {
    console.log(JSON.stringify(maskedConfig(loadServeConfig(flags)), null, 2));
  });

program.command("import")
  .description("validate an inventory file and load it into the store (an upsert)")
  .argument("<file>", "inventory JSON: { vendors, pickups, experiences }")
  .option("--db <path>", DB_HELP, dbDefault())
  .action((file: string, flags: { db: string }) => {
    const doc = readJsonFile(file);
    const db = openDatabase(flags.db);
    try {
      const summary = importInventory(db, doc, Date.now(), { actor: "cli" });
      console.log(`imported into ${flags.db}: ${JSON.stringify(summary)}`);
    } finally {
      db.close();
    }
  });

program.command("backup")
  .description("copy the store consistently, also while the service runs")
  .argument("<dest>", "the new backup file")
  .option("--db <path>", DB_HELP, dbDefault())
  .action((dest: string, flags: { db: string }) => {
    console.log(JSON.stringify(backup(flags.db, dest)));
  });

program.command("restore")
  .description("replace the store with a backup; the service must be stopped")
  .argument("<source>", "a file written by backup")
  .option("--db <path>", DB_HELP, dbDefault())
  .option("--force", "replace a store that holds more bookings than the backup")
  .action((source: string, flags: { db: string; force?: boolean }) => {
    console.log(JSON.stringify(restore(source, flags.db, flags.force === true)));
  });

program.command("demo-inventory")
  .description("print the demo inventory as an import file, slots from tomorrow on")
  .option("--days <n>", "how many days of slots", "30")
  .action((flags: { days: string }) => {
    const days = Number(flags.days);
    if (!Number.isInteger(days) || days < 1 || days > 3660) {
      throw new ConfigError("--days: expected an integer from 1 to 3660");
    }
    const today = Temporal.Now.plainDateISO("UTC");
    console.log(JSON.stringify(demoInventory(today, days), null, 2));
  });

program.command("openapi")
  .description("print the OpenAPI document the server serves at /docs/json")
  .action(async () => {
    console.log(JSON.stringify(await generateOpenApi(), null, 2));
  });

// experiences, slots, capacity, holds, bookings, manifest, export, audit
inventoryCommands(program);


/**
 * Failures of the environment rather than of the program (a path that
 * cannot be opened or written, a file that is not a database): one line.
 */
const isEnvironmentFault = (e: unknown) =>
  e instanceof Error && (e.name === "SQLiteError" || "syscall" in e);

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (
    e instanceof ConfigError || e instanceof InventoryError ||
    e instanceof BackupError || e instanceof StoreInUseError ||
    e instanceof StoreError || isEnvironmentFault(e)
  ) {
    console.error(`porta-webhook: ${(e as Error).message}`);
    process.exit(2);
  }
  throw e;
}
