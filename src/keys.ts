/**
 * @module keys
 * The webhook key used when none is configured: generated once, kept in the
 * store, and shown once on the terminal when it is made, so that a first
 * start with no configuration still gives a working, secret key.
 */
import type { Database } from "./store/database.ts";

const META_KEY = "generated_webhook_key";

export function resolveKeys(db: Database, warn = (s: string) => process.stderr.write(s)): string[] {
  const row = db.query<{ value: string }, [string]>("SELECT value FROM meta WHERE key = ?")
    .get(META_KEY);
  if (row) {
    warn("warning: no webhook key configured; using the key generated at first start.\n");
    return [row.value];
  }

  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
  db.query("INSERT INTO meta (key, value) VALUES (?, ?)").run(META_KEY, key);
  warn(
    "warning: no webhook key configured (PORTA_WEBHOOK_KEYS or --key).\n" +
      `  Generated one, shown only this once: ${key}\n` +
      "  Give it to PORTA as the webhook key, or configure your own.\n",
  );
  return [key];
}
