/**
 * @module config
 * The service's settings, read once at start-up from command-line flags,
 * then environment variables, then defaults, and validated as a whole.
 * Each fault names the setting and what it accepts. The environment is read
 * at run time through `Bun.env` (a compiled binary bakes `process.env.X`
 * references that the bundler can see).
 */
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { LOG_LEVELS } from "./log.ts";

export const ServeConfig = Type.Object({
  db: Type.String({ minLength: 1 }),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  keys: Type.Array(Type.String({ minLength: 8 })),
  basePath: Type.String({ pattern: "^(/[A-Za-z0-9._~-]+)*$" }),
  logLevel: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
  demo: Type.Boolean(),
  maxBatch: Type.Integer({ minimum: 1, maximum: 10_000 }),
});

export type ServeConfig = Readonly<Static<typeof ServeConfig>>;

/** Where each setting comes from, for messages: flag and variable. */
export const SETTINGS = {
  db: { flag: "--db", env: "PORTA_WEBHOOK_DB", accepts: "a file path" },
  host: { flag: "--host", env: "PORTA_WEBHOOK_HOST", accepts: "a host name or address" },
  port: { flag: "--port", env: "PORTA_WEBHOOK_PORT", accepts: "an integer from 0 to 65535" },
  keys: {
    flag: "--key",
    env: "PORTA_WEBHOOK_KEYS",
    accepts: "comma-separated keys of at least 8 characters",
  },
  basePath: {
    flag: "--base-path",
    env: "PORTA_WEBHOOK_BASE_PATH",
    accepts: "empty, or a path such as /porta (no trailing slash)",
  },
  logLevel: { flag: "--log-level", env: "PORTA_WEBHOOK_LOG_LEVEL", accepts: LOG_LEVELS.join(", ") },
  demo: { flag: "--demo", env: "PORTA_WEBHOOK_DEMO", accepts: "true or false" },
  maxBatch: {
    flag: "--max-batch",
    env: "PORTA_WEBHOOK_MAX_BATCH",
    accepts: "an integer from 1 (one commit per request) to 10000",
  },
} as const;

export type ServeFlags = Partial<{
  db: string;
  host: string;
  port: string;
  key: string[];
  basePath: string;
  logLevel: string;
  demo: boolean;
  maxBatch: string;
}>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const list = (text: string | undefined) =>
  text === undefined ? undefined : text.split(",").map((k) => k.trim()).filter(Boolean);

const integer = (text: string | undefined) =>
  text === undefined ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : text;

const boolean = (text: string | undefined) =>
  text === undefined ? undefined : text === "true" || text === "1" ? true
    : text === "false" || text === "0" ? false : text;

export function loadServeConfig(
  flags: ServeFlags,
  env: Record<string, string | undefined> = Bun.env,
): ServeConfig {
  const demo = flags.demo ?? boolean(env.PORTA_WEBHOOK_DEMO) ?? false;
  const raw = {
    db: flags.db ?? env.PORTA_WEBHOOK_DB ??
      (demo === true ? "porta-webhook-demo.db" : "porta-webhook.db"),
    host: flags.host ?? env.PORTA_WEBHOOK_HOST ?? "127.0.0.1",
    port: integer(flags.port ?? env.PORTA_WEBHOOK_PORT) ?? 8080,
    keys: flags.key?.length ? flags.key : list(env.PORTA_WEBHOOK_KEYS) ?? [],
    basePath: (flags.basePath ?? env.PORTA_WEBHOOK_BASE_PATH ?? "").replace(/\/$/, ""),
    logLevel: flags.logLevel ?? env.PORTA_WEBHOOK_LOG_LEVEL ?? "info",
    demo,
    maxBatch: integer(flags.maxBatch ?? env.PORTA_WEBHOOK_MAX_BATCH) ?? 128,
  };

  const faults = [...Value.Errors(ServeConfig, raw)].map((e) => {
    const name = e.path.split("/")[1] as keyof typeof SETTINGS;
    const s = SETTINGS[name];
    return `${s.flag} / ${s.env}: ${JSON.stringify(e.value)} ` +
      `is not accepted (expected ${s.accepts})`;
  });
  if (faults.length > 0) {
    throw new ConfigError([...new Set(faults)].join("\n"));
  }
  return Object.freeze(raw as ServeConfig);
}
