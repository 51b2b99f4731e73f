/**
 * Running the compiled binary as a daemon: keys rotated by SIGHUP from the
 * configuration file, a bad file on reload refused with the keys kept, and
 * `config` showing the settings in effect with secrets masked.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { jsonLine, runCommand, Server, TempDir } from "../support/binary.ts";

const OLD = "old-key-0123456789";
const NEW = "new-key-9876543210";

const reloads = (server: Server) =>
  server.stdoutLines.map(jsonLine).filter((l) => l && /reloaded|SIGHUP/.test(String(l.msg)));

/** Sends SIGHUP and waits for the server to log its reload number `count`. */
async function reload(server: Server, count: number): Promise<void> {
  server.process.kill("SIGHUP");
  await server.waitForLine("stdout", () => reloads(server).length >= count, `reload ${count}`);
}

describe("operating the binary", () => {
  test("SIGHUP re-reads the config file: new keys work at once, removed ones stop", async () => {
    using dir = new TempDir();
    const file = dir.file("config.toml");
    writeFileSync(file, `keys = ["${OLD}"]\n`);
    await using server = await Server.start({ key: null, args: ["--config", file] });
    const health = (key: string) =>
      server.request("GET", "/health", undefined, { "x-webhook-key": key });
    expect((await health(OLD)).status).toBe(200);

    writeFileSync(file, `keys = ["${OLD}", "${NEW}"]\n`);
    await reload(server, 1);
    expect((await health(NEW)).status).toBe(200);
    expect((await health(OLD)).status).toBe(200);

    writeFileSync(file, `keys = ["${NEW}"]\n`);
    await reload(server, 2);
    expect((await health(OLD)).body.code).toBe("INCORRECT_REQUEST");
    expect((await health(NEW)).status).toBe(200);

    writeFileSync(file, "keys = [\n");
    await reload(server, 3);
    expect((await health(NEW)).status).toBe(200);
    expect(reloads(server).at(-1)).toMatchObject({ level: "error" });
    expect(server.stdoutLines.join("\n")).not.toContain(NEW);
  });

  test("SIGHUP with no key configured keeps the key in use, and names what needs a restart", async () => {
    using dir = new TempDir();
    const file = dir.file("config.toml");
    writeFileSync(file, "port = 0\n");
    await using server = await Server.start({ key: null, args: ["--demo", "--config", file] });
    writeFileSync(file, 'port = 0\nlog_level = "debug"\n');
    await reload(server, 1);
    const health = await server.request("GET", "/health", undefined, {
      "x-webhook-key": "demo-key",
    });
    expect(health.status).toBe(200);
    expect(reloads(server).at(-1)).toMatchObject({
      level: "info",
      webhook_keys: "unchanged (none configured)",
      changed_needing_restart: ["logLevel"],
    });
  });

  test("`config` prints the settings in effect, keys and tokens masked", async () => {
    using dir = new TempDir();
    const file = dir.file("config.toml");
    writeFileSync(
      file,
      `port = 9000\nkeys = ["${OLD}"]\nmetrics_token = "token-0123456789abcdef"\n`,
    );
    const result = await runCommand(["config", "--config", file, "--host", "0.0.0.0"], {
      env: { PORTA_WEBHOOK_LOG_LEVEL: "warn" },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      log_level: "warn",
      keys: ["********"],
      metrics_token: "********",
    });
    expect(result.stdout).not.toContain(OLD);
  });

  test("a store that cannot be opened stops the start with one line, no stack", async () => {
    const result = await runCommand(["serve", "--key", OLD, "--db", "/proc/none/store.db"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(/^porta-webhook: cannot open the store at \/proc\/none/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("a bad setting stops the start with a message naming it", async () => {
    const result = await runCommand(["serve", "--port", "99999"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--port: 99999 is not accepted (expected an integer");
  });
});
