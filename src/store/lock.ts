/**
 * @module store/lock
 * A pid file beside the database, `<db>.pid`, held while `serve` runs. It
 * stops a second server on the same file by mistake and tells `restore`
 * that the service is still running. A file left by a killed process names
 * a pid that no longer exists, a process that has died but not yet been
 * reaped by its parent, or (pids are reused) one that now belongs to a
 * process started at another time, and is taken over.
 */
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export class StoreInUseError extends Error {
  override readonly name = "StoreInUseError";
}

/** Beside the real file, so that a symlink or another spelling of the path finds it. */
const lockPath = (db: string) => `${existsSync(db) ? realpathSync(db) : resolve(db)}.pid`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A process killed but not yet reaped by its parent (a zombie, or one
  // being torn down) still answers kill(0), yet holds no file any more.
  const state = statFields(pid)?.[0];
  return state !== "Z" && state !== "X";
}

/**
 * The fields of Linux's /proc/<pid>/stat after the parenthesised command
 * name (the state first); null without /proc or without the process.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of
 * /proc/<pid>/stat); null without /proc. Together with the pid it names
 * one process, whatever reuses the pid.
 */
function startTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** What a pid file holds for process `pid`: "<pid> <start time>". */
export function lockLine(pid: number): string {
  const started = startTime(pid);
  return `${pid}${started === null ? "" : ` ${started}`}\n`;
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
  // Where /proc tells start times, only a file naming this very process
  // counts: a bare pid, or another start time, is left from a dead server.
  const now = startTime(pid);
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
    writeFileSync(lockPath(db), lockLine(process.pid));
  } catch (e) {
    throw new StoreInUseError(`cannot write ${lockPath(db)}: ${(e as Error).message}`);
  }
  return () => rmSync(lockPath(db), { force: true });
}
