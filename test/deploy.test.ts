import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEPLOY = join(import.meta.dir, "..", "deploy");
const analyze = Bun.which("systemd-analyze");
const UNITS = [
  "porta-webhook.service",
  "porta-webhook-backup.service",
  "porta-webhook-backup.timer",
];

/** Copies of the units with ExecStart's binary pointing at one that exists. */
function stagedUnits(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), "porta-units-"));
  for (const unit of UNITS) {
    const text = readFileSync(join(DEPLOY, unit), "utf8").replaceAll(
      "/usr/local/bin/porta-webhook",
      process.execPath,
    );
    writeFileSync(join(dir, unit), text);
  }
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

// systemd-analyze comes with Debian's systemd package; .ci/run installs it.
describe.skipIf(!analyze)("the systemd units in deploy/", () => {
  test.each(UNITS)("%s passes systemd-analyze verify with no warning", (unit) => {
    using staged = stagedUnits();
    const result = Bun.spawnSync([analyze!, "verify", join(staged.dir, unit)]);
    expect({
      exit: result.exitCode,
      output: result.stderr.toString() + result.stdout.toString(),
    }).toEqual({ exit: 0, output: "" });
  });

  test("the service's exposure per systemd-analyze security stays under 2.5", () => {
    using staged = stagedUnits();
    const result = Bun.spawnSync([
      analyze!,
      "security",
      "--offline=true",
      "--no-pager",
      join(staged.dir, UNITS[0]!),
    ]);
    const level = /Overall exposure level for \S+: ([\d.]+)/.exec(result.stdout.toString());
    expect(level).not.toBeNull();
    expect(Number(level![1])).toBeLessThan(2.5);
  });
});
