/**
 * The compiled binary's checkpoint worker (src/store/checkpointer.ts): the
 * worker's entry point is inside the executable and starts, it copies what
 * the server commits into the database file, and a stop leaves no WAL.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { jsonLine, Server, TempDir } from "../support/binary.ts";
import { rowsInMainFile } from "../support/checkpointed.ts";

const nyLocal = (minutes: number) =>
  Temporal.Now.zonedDateTimeISO("America/New_York").add({ minutes }).toPlainDateTime()
    .toString({ smallestUnit: "second" });

/** `n` holds of one seat on the demo's day pass, each answered 200. */
async function hold(server: Server, n: number): Promise<string[]> {
  const day = Temporal.Now.plainDateISO("UTC").add({ days: 3 }).toString();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const hold_id = crypto.randomUUID();
    const answer = await server.hold({
      experience_id: "harbor-day-pass",
      option_id: "day-pass",
      slot_id: day,
      hold_id,
      expiration_time: nyLocal(30),
      quantities: [{ holder_category_id: "adult", quantity: 1 }],
    });
    expect(answer.status).toBe(200);
    ids.push(hold_id);
  }
  return ids;
}

const holdsInMainFile = (db: string, dir: TempDir) => rowsInMainFile(db, dir.path, "holds");

const message = (line: string) => String(jsonLine(line)?.msg ?? "");

describe("checkpoints in the compiled binary", () => {
  test("the worker copies the server's commits into the database file", async () => {
    using dir = new TempDir();
    const db = dir.file("store.db");
    await using server = await Server.start({ db, args: ["--demo", "--log-level", "debug"] });
    await hold(server, 20);

    // Twenty holds are far under SQLite's own threshold (1,000 pages): only
    // the worker puts them in the file. A copy taken while it writes may be
    // torn; the next checkpoint's line is the moment to look again.
    const counted = () => {
      try {
        return holdsInMainFile(db, dir);
      } catch {
        return -1;
      }
    };
    for (let seen = server.stdoutLines.length; counted() !== 20;) {
      const from = seen;
      await server.waitForLine(
        "stdout",
        (line) => message(line) === "wal checkpoint" && server.stdoutLines.indexOf(line) >= from,
        "a checkpoint after the holds",
      );
      seen = server.stdoutLines.length;
    }
    const failures = server.stdoutLines.filter((l) => message(l).includes("checkpoint worker"));
    expect(failures).toEqual([]);
    expect(await server.stop()).toBe(0);
  });

  test("a stop folds the WAL into the database file and removes it", async () => {
    using dir = new TempDir();
    const db = dir.file("store.db");
    await using server = await Server.start({ db, args: ["--demo"] });
    const ids = await hold(server, 30);
    expect(await server.stop()).toBe(0);

    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    expect(holdsInMainFile(db, dir)).toBe(ids.length);
  });
});
