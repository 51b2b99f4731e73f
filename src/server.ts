/**
 * @module server
 * Runs the app on Bun.serve until SIGTERM or SIGINT, then stops taking new
 * connections, lets requests in flight finish, closes the store and exits.
 */
import { createApp } from "./app.ts";
import { ConfigError, loadServeConfig, type ServeConfig, type ServeFlags } from "./config.ts";
import { demoInventory } from "./inventory/demo.ts";
import { importInventory } from "./inventory/import.ts";
import { createLogger, type Logger } from "./log.ts";
import { MAX_BODY_BYTES } from "./webhook/body.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { resolveKeys } from "./keys.ts";
import { lockStore } from "./store/lock.ts";
import { Checkpointer } from "./store/checkpointer.ts";

const DEMO_KEY = "demo-key";

export async function serve(flags: ServeFlags): Promise<void> {
  const config = loadServeConfig(flags);
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.db);
  const unlock = lockStore(config.db);

  if (config.demo) {
    const today = Temporal.Now.plainDateISO("UTC");
    const summary = importInventory(db, demoInventory(today), Date.now(), { actor: "cli" });
    logger.info({ ...summary }, "demo inventory loaded");
  }

  const keys = config.keys.length > 0 ? config.keys
    : config.demo ? [DEMO_KEY] : resolveKeys(db);
  if (config.demo && config.keys.length === 0) {
    process.stderr.write(
      `warning: demo mode, webhook key is "${DEMO_KEY}". ` +
        "Set PORTA_WEBHOOK_KEYS before giving this service to PORTA.\n",
    );
  }

  // From here on a write that finds another process's lock gets SQLITE_BUSY
  // at once and the writer retries it on a timer (store/writer.ts), so the
  // event loop keeps serving while it waits.
  db.run("PRAGMA busy_timeout = 20");

  const { fetch, keys: keyChecker, adminKeys, writer } = createApp({
    db,
    keys,
    logger,
    basePath: config.basePath,
    maxBatch: config.maxBatch,
    metricsToken: config.metricsToken,
    adminKeys: config.adminKeys,
  });
  const server = listen(config, fetch, () => unlock());
  // WAL checkpoints on a worker thread, not inside some request's commit.
  const checkpointer = new Checkpointer(db, config.db, logger);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      // A repeated signal (an impatient operator) must not cut what is in
      // flight; the grace below already bounds the wait.
      if (stopping) {
        logger.info({ signal }, "already stopping");
        return;
      }
      stopping = true;
      logger.info({ signal }, "stopping: finishing requests in flight");
      // A client that never finishes its request would hold the exit until
      // Bun's idle timeout (60 s), past systemd's TimeoutStopSec: after the
      // grace, what is still open is cut.
      const grace = setTimeout(() => {
        logger.warn({ seconds: config.shutdownGrace }, "stopping: grace over, closing connections");
        void server.stop(true);
      }, config.shutdownGrace * 1000);
      await server.stop(false);
      clearTimeout(grace);
      // Writes queued after their answer (a refusal's audit entry) go first.
      await writer.drain();
      // The worker's connection first: the server's, closed last, then
      // checkpoints what is left and removes the WAL.
      await checkpointer.stop();
      closeQuietly(db);
      unlock();
      logger.info("stopped");
      resolve();
    };
    process.on("SIGTERM", () => void stop("SIGTERM"));
    process.on("SIGINT", () => void stop("SIGINT"));
    // Key rotation without a restart: re-read flags, environment and file.
    process.on("SIGHUP", () => reload(flags, config, logger, keyChecker, adminKeys));

    // Only now, with every handler in place: a supervisor (or a test) that
    // signals as soon as it reads this line must not meet SIGHUP's default,
    // which is to end the process.
    logger.info(
      { url: `http://${hostForUrl(config.host)}:${server.port}${config.basePath}`, db: config.db },
      "listening",
    );
  });
}

/** Settings that SIGHUP does not apply: they take a restart. */
const RESTART_SETTINGS = ["db", "host", "port", "basePath", "logLevel", "maxBatch",
  "metricsToken", "demo", "shutdownGrace"] as const;

/**
 * SIGHUP: re-reads flags, environment and file, and applies new webhook
 * and admin keys (rotation without a restart). With no webhook key
 * configured (demo, or the generated key) the keys in use stay. A bad
 * configuration changes nothing.
 */
function reload(
  flags: ServeFlags,
  running: ServeConfig,
  logger: Logger,
  keys: { setKeys(keys: readonly string[]): void },
  adminKeys: { setKeys(keys: readonly string[]): void },
): void {
  let fresh: ServeConfig;
  try {
    fresh = loadServeConfig(flags);
  } catch (e) {
    logger.error({ error: (e as Error).message }, "SIGHUP: configuration refused, keys unchanged");
    return;
  }
  if (fresh.keys.length > 0) keys.setKeys(fresh.keys);
  else if (running.keys.length > 0) {
    // Emptying the list would refuse every call of PORTA's: to revoke a
    // key, configure its successor.
    logger.warn("SIGHUP: no webhook key configured any more; the keys in use stay");
  }
  // The admin API stays on or off as at start; only its keys change.
  if (running.adminKeys) adminKeys.setKeys(fresh.adminKeys ?? []);
  const needRestart = RESTART_SETTINGS.filter(
    (name) => JSON.stringify(fresh[name]) !== JSON.stringify(running[name]),
  );
  logger.info(
    {
      webhook_keys: fresh.keys.length > 0 ? fresh.keys.length : "unchanged (none configured)",
      ...(running.adminKeys ? { admin_keys: fresh.adminKeys?.length ?? 0 } : {}),
      ...(needRestart.length > 0 ? { changed_needing_restart: needRestart } : {}),
    },
    "SIGHUP: keys reloaded",
  );
}

/**
 * Bun.serve, with a start-up failure (port taken, address not ours) turned
 * into a one-line configuration error, the store's lock released first.
 */
function listen(
  config: ServeConfig,
  fetch: (request: Request) => Promise<Response>,
  release: () => void,
) {
  try {
    return Bun.serve({
      hostname: config.host,
      port: config.port,
      fetch,
      // Never share the port with another process: two servers on one
      // port would split PORTA's calls between two stores.
      reusePort: false,
      // Above the store's busy timeout, so a request waiting for another
      // process's write lock is never cut off while it waits.
      idleTimeout: 60,
      // Bun's own limit answers a bare 413; ours (webhook/body.ts) answers
      // PORTA's 400 and reads no more than MAX_BODY_BYTES of any body, so
      // Bun's is set far above it.
      maxRequestBodySize: MAX_BODY_BYTES * 1024,
      development: false,
    });
  } catch (e) {
    release();
    const where = `${hostForUrl(config.host)}:${config.port}`;
    throw new ConfigError(`cannot listen on ${where}: ${(e as Error).message}`);
  }
}

/** IPv6 addresses go in brackets in a URL. */
const hostForUrl = (host: string) => (host.includes(":") ? `[${host}]` : host);

function closeQuietly(db: Database): void {
  try {
    db.close();
  } catch {
    // Closing is best effort on the way out; WAL keeps the data safe.
  }
}
