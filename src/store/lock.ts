/**
 * @module store/lock
 * A pid file beside the database, `<db>.pid`, held while `serve` runs. It
 * stops a second server on the same file by mistake and tells `restore`
 * that the service is still running. A file left by a killed process names
 * a pid that no longer exists, or (pids are reused) one that now belongs to
 * a process started at another time, and is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";

export class StoreInUseError extends Error {
  override readonly name = "StoreInUseError";
}

const lockPath = (db: string) => `${db}.pid`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of Linux's
 * /proc/<pid>/stat, after the parenthesised command name); null without
 * /proc. Together with the pid it names one process, whatever reuses the pid.
 */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** The pid of a running server on `db`, or null. */
export function serverPid(db: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockPath(db), "utf8");
  } catch {
    return null;
  }
  // "<pid> <start time>"; files written without /proc hold the pid alone.
  const [pidText, started] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return null;
  const now = started === undefined ? null : startTime(pid);
  return now !== null && now !== started ? null : pid;
}

/** Takes the lock for this process; returns the function that releases it. */
export function lockStore(db: string): () => void {
  if (db === ":memory:") return () => {};
  const pid = serverPid(db);
  if (pid !== null) {
    throw new StoreInUseError(`${db} is in use by another porta-webhook (pid ${pid})`);
  }
  try {
    const started = startTime(process.pid);
    writeFileSync(lockPath(db), `${process.pid}${started === null ? "" : ` ${started}`}\n`);
  } catch (e) {
    throw new StoreInUseError(`cannot write ${lockPath(db)}: ${(e as Error).message}`);
  }
  return () => rmSync(lockPath(db), { force: true });
}
