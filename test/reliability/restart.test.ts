/**
 * Restarting the compiled server after a crash. A server killed with
 * SIGKILL leaves its pid file (`<db>.pid`) behind; the next `serve` on the
 * same store must take it over, also once the dead server's pid has been
 * given to another process, while a server that is really running keeps
 * the store to itself.
 */
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { lockLine } from "../../src/store/lock.ts";
import { startServer, TempDir } from "../support/binary.ts";
import { inventoryOf, seedStore } from "./workload.ts";

const pidIn = (file: string) => readFileSync(file, "utf8").trim().split(/\s+/)[0];

test("a restart after kill -9 takes over a pid file whose pid a new process now has", async () => {
  using dir = new TempDir();
  const db = dir.file("store.db");
  seedStore(db, inventoryOf([10]).inventory);

  await using crashed = await startServer({ db });
  crashed.process.kill("SIGKILL");
  await crashed.process.exited;
  const left = readFileSync(`${db}.pid`, "utf8");
  expect(pidIn(`${db}.pid`)).toBe(String(crashed.process.pid));

  // Pids are reused: after a wrap-around (32768 here by default), or in a
  // container that restarts with the same pids. The dead server's pid now
  // belongs to a live process that is not a server.
  const stranger = Bun.spawn(["sleep", "60"]);
  try {
    writeFileSync(`${db}.pid`, left.replace(String(crashed.process.pid), String(stranger.pid)));

    await using restarted = await startServer({ db });
    expect((await restarted.request("GET", "/health")).status).toBe(200);
    expect(pidIn(`${db}.pid`)).toBe(String(restarted.process.pid));

    // The file still guards a server that is running.
    await expect(startServer({ db })).rejects.toThrow(/in use by another porta-webhook/);
  } finally {
    stranger.kill();
  }
});

test("a restart takes over from a killed server its parent has not reaped yet", async () => {
  using dir = new TempDir();
  const db = dir.file("store.db");
  seedStore(db, inventoryOf([10]).inventory);

  // A child that exits at once under a parent that never waits for it: a
  // zombie, as a killed server is until its supervisor collects it. It
  // still answers kill(pid, 0) and keeps its start time in /proc.
  const parent = Bun.spawn(["sh", "-c", "sleep 0.1 & echo $!; exec sleep 60"], {
    stdout: "pipe",
  });
  try {
    const reader = parent.stdout.getReader();
    const zombie = Number(new TextDecoder().decode((await reader.read()).value).trim());
    reader.releaseLock();
    for (let i = 0; i < 100 && !/\) Z /.test(statOf(zombie)); i++) await Bun.sleep(20);
    expect(statOf(zombie)).toMatch(/\) Z /);
    writeFileSync(`${db}.pid`, lockLine(zombie));

    await using restarted = await startServer({ db });
    expect((await restarted.request("GET", "/health")).status).toBe(200);
    expect(pidIn(`${db}.pid`)).toBe(String(restarted.process.pid));
  } finally {
    parent.kill();
  }
});

function statOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
}
