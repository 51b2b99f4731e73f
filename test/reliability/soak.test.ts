/**
 * The short version of `soak.ts` that CI runs: the seeded mixed workload
 * of workload.ts against the compiled binary, with the server killed with
 * SIGKILL and restarted on the same file three times in the middle. The
 * seed is printed; `SOAK_SEED=<seed> bun test test/reliability` replays the
 * same plan (and `bun test/reliability/soak.ts --seed <seed>` a long one).
 */
import { expect, test } from "bun:test";
import { randomSeed } from "./rng.ts";
import { describeReport, runWorkload } from "./workload.ts";

const seed = Bun.env.SOAK_SEED ? Number(Bun.env.SOAK_SEED) : randomSeed();

test("the mixed workload keeps every invariant through three kill -9s and restarts", async () => {
  const report = await runWorkload({
    seed,
    ops: 2500,
    kills: 3,
    slots: 60,
    concurrency: 16,
    expiry: [1, 4],
  });
  console.log(`soak (SOAK_SEED=${seed}):\n${describeReport(report)}`);

  expect(report.violations).toEqual([]);
  expect(report.kills).toBe(3);
  expect(report.cut).toBeGreaterThan(0);
  expect(report.bookings).toBeGreaterThan(0);
  expect(report.slotsProven).toBeGreaterThan(0);
}, 60_000);
