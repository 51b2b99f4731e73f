#!/usr/bin/env bun
/**
 * The full-size reliability soak against the compiled binary (built first
 * when older than src/): the seeded mixed workload of workload.ts with
 * `kill -9`s of the server in the middle, then, after the last hold has
 * lapsed, every slot proven back to full capacity over HTTP. Prints the
 * seed first; the same `--seed` (or SOAK_SEED) replays the same plan.
 * Exits 1 when any check failed.
 *
 *   bun test/reliability/soak.ts --ops 20000 --kills 20 --seed 42
 */
import { parseArgs } from "node:util";
import { ensureBinary } from "../support/binary.ts";
import { randomSeed } from "./rng.ts";
import { describeReport, runWorkload } from "./workload.ts";

const { values: flags } = parseArgs({
  options: {
    ops: { type: "string", default: "20000" },
    kills: { type: "string", default: "20" },
    seed: { type: "string", default: Bun.env.SOAK_SEED },
    slots: { type: "string", default: "200" },
    concurrency: { type: "string", default: "32" },
    runs: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (flags.help) {
  console.log(
    "usage: bun test/reliability/soak.ts [--ops N] [--kills N] [--seed N] [--slots N]\n" +
      "         [--concurrency N] [--runs N] [--json]\n" +
      "  --runs N   runs N times, seeds seed, seed+1, …; --json prints each report as JSON",
  );
  process.exit(0);
}

function count(name: string, min: number): number {
  const value = Number(flags[name as keyof typeof flags]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`soak: --${name} must be an integer of at least ${min}`);
    process.exit(2);
  }
  return value;
}

const first = flags.seed === undefined ? randomSeed() : count("seed", 0);
ensureBinary();

let failed = 0;
for (let i = 0; i < count("runs", 1); i++) {
  const seed = (first + i) >>> 0;
  console.log(`soak: seed ${seed} (replay: bun test/reliability/soak.ts --seed ${seed} …)`);
  const report = await runWorkload({
    seed,
    ops: count("ops", 1),
    kills: count("kills", 0),
    slots: count("slots", 1),
    concurrency: count("concurrency", 1),
    waitForExpiry: true,
    log: (line) => line.startsWith("VIOLATION") && console.log(line),
  });
  console.log(flags.json ? JSON.stringify(report) : describeReport(report));
  if (report.violations.length > 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
