/**
 * @module config
 * The service's settings, read once at start-up (and again on SIGHUP) from
 * command-line flags, then environment variables, then an optional TOML
 * file, then defaults, and validated as a whole. Each fault names the
 * setting, where it came from and what it accepts. The environment is read
 * at run time through `Bun.env`.
 */
import { Kind, type TSchema, Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { readFileSync } from "node:fs";
import { LOG_LEVELS } from "./log.ts";

// Printable ASCII without spaces, as a header value: also refuses the
// placeholder in deploy/config.toml, so an unedited file cannot go live.
const Key = Type.String({ minLength: 8, pattern: "^[\\x21-\\x7e]+$" });

/** One setting: its schema, its names in each source, how text becomes a value. */
interface Setting {
  schema: TSchema;
  flag: string;
  help: string;
  env: string;
  file: string;
  accepts: string;
  fromText: (text: string) => unknown;
  secret?: boolean;
}

const text = (t: string) => t;
const integer = (t: string) => (/^\s*\d+\s*$/.test(t) ? Number(t) : t);
const boolean = (t: string) =>
  ["true", "1", "yes"].includes(t) ? true : ["false", "0", "no"].includes(t) ? false : t;
const list = (t: string) => t.split(",").map((k) => k.trim()).filter(Boolean);

const SETTINGS = {
  db: {
    schema: Type.String({ minLength: 1 }),
    flag: "--db", env: "PORTA_WEBHOOK_DB", file: "db",
    help: "the SQLite file (default ./porta-webhook.db, demo: ./porta-webhook-demo.db)",
    accepts: "a file path", fromText: text,
  },
  host: {
    schema: Type.String({ minLength: 1 }),
    flag: "--host", env: "PORTA_WEBHOOK_HOST", file: "host",
    help: "address to listen on (default 127.0.0.1)",
    accepts: "a host name or address", fromText: text,
  },
  port: {
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    flag: "--port", env: "PORTA_WEBHOOK_PORT", file: "port",
    help: "port to listen on, 0 for any free one (default 8080)",
    accepts: "an integer from 0 to 65535", fromText: integer,
  },
  keys: {
    schema: Type.Array(Key),
    flag: "--key", env: "PORTA_WEBHOOK_KEYS", file: "keys",
    help: "an accepted x-webhook-key",
    accepts: "a list of keys of at least 8 printable characters, no spaces " +
      "(comma-separated in the environment)",
    fromText: list, secret: true,
  },
  basePath: {
    schema: Type.String({ pattern: "^(/[A-Za-z0-9._~-]+)*$" }),
    flag: "--base-path", env: "PORTA_WEBHOOK_BASE_PATH", file: "base_path",
    help: "prefix of every route behind a proxy, e.g. /porta (default none)",
    accepts: "empty, or a path such as /porta", fromText: text,
  },
  logLevel: {
    schema: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
    flag: "--log-level", env: "PORTA_WEBHOOK_LOG_LEVEL", file: "log_level",
    help: "fatal, error, warn, info, debug, trace or silent (default info)",
    accepts: LOG_LEVELS.join(", "), fromText: text,
  },
  maxBatch: {
    schema: Type.Integer({ minimum: 1, maximum: 10_000 }),
    flag: "--max-batch", env: "PORTA_WEBHOOK_MAX_BATCH", file: "max_batch",
    help: "most writes sharing one commit; 1 commits each alone (default 128)",
    accepts: "an integer from 1 (one commit per request) to 10000", fromText: integer,
  },
  adminKeys: {
    schema: Type.Array(Type.String({ pattern: "^[a-z0-9][a-z0-9._-]{0,39}:\\S{16,}$" })),
    flag: "--admin-key", env: "PORTA_WEBHOOK_ADMIN_KEYS", file: "admin_keys",
    help: "NAME:KEY, a key of the admin API; the audit trail names its holder " +
      "admin:NAME (default: no admin API)",
    accepts: "NAME:KEY, NAME of a-z, 0-9, '.', '_', '-' and KEY of at least 16 " +
      "characters, no space (comma-separated in the environment)",
    fromText: list, secret: true,
  },
  shutdownGrace: {
    schema: Type.Integer({ minimum: 1, maximum: 3600 }),
    flag: "--shutdown-grace", env: "PORTA_WEBHOOK_SHUTDOWN_GRACE", file: "shutdown_grace",
    help: "seconds a SIGTERM waits for requests in flight before cutting them " +
      "(default 20; keep it under systemd's TimeoutStopSec)",
    accepts: "an integer from 1 to 3600", fromText: integer,
  },
  metricsToken: {
    schema: Type.String({ minLength: 16 }),
    flag: "--metrics-token", env: "PORTA_WEBHOOK_METRICS_TOKEN", file: "metrics_token",
    help: "bearer token that turns on /metrics (default off)",
    accepts: "a token of at least 16 characters (unset: /metrics is off)",
    fromText: text, secret: true,
  },
  demo: {
    schema: Type.Boolean(),
    flag: "--demo", env: "PORTA_WEBHOOK_DEMO", file: "demo",
    help: "load the demo inventory, slots from tomorrow; key demo-key unless set",
    accepts: "true or false", fromText: boolean,
  },
} satisfies Record<string, Setting>;

type Name = keyof typeof SETTINGS;

export const ServeConfig = Type.Object({
  db: SETTINGS.db.schema,
  host: SETTINGS.host.schema,
  port: SETTINGS.port.schema,
  keys: SETTINGS.keys.schema,
  basePath: SETTINGS.basePath.schema,
  logLevel: SETTINGS.logLevel.schema,
  maxBatch: SETTINGS.maxBatch.schema,
  shutdownGrace: SETTINGS.shutdownGrace.schema,
  adminKeys: Type.Optional(SETTINGS.adminKeys.schema),
  metricsToken: Type.Optional(SETTINGS.metricsToken.schema),
  demo: SETTINGS.demo.schema,
  configFile: Type.Optional(Type.String()),
});

export type ServeConfig = Readonly<Static<typeof ServeConfig>>;

/**
 * Flags as commander hands them over, named after the flag (`--base-path`
 * is `basePath`, `--key` is `key`): text, or a list for repeatable ones.
 */
export type ServeFlags = Record<string, string | string[] | boolean | undefined>;

/** `--base-path` → `basePath`, as commander names an option's value. */
const attribute = (flag: string) =>
  flag.replace(/^--/, "").replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  keys: [] as string[],
  basePath: "",
  logLevel: "info",
  maxBatch: 128,
  shutdownGrace: 20,
  demo: false,
};

export function loadServeConfig(
  flags: ServeFlags,
  env: Record<string, string | undefined> = Bun.env,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): ServeConfig {
  const configFile = (flags.config as string | undefined) ?? env.PORTA_WEBHOOK_CONFIG;
  const file = configFile ? readConfigFile(configFile, readFile) : {};

  const raw: Record<string, unknown> = { ...DEFAULTS };
  const origin: Record<string, string> = {};
  for (const [name, s] of Object.entries(SETTINGS) as [Name, Setting][]) {
    const flag = flags[attribute(s.flag)];
    const fromEnv = env[s.env];
    if (flag !== undefined && !(Array.isArray(flag) && flag.length === 0)) {
      raw[name] = typeof flag === "string" ? s.fromText(flag) : flag;
      origin[name] = s.flag;
    } else if (fromEnv !== undefined && fromEnv !== "") {
      raw[name] = s.fromText(fromEnv);
      origin[name] = s.env;
    } else if (s.file in file) {
      raw[name] = file[s.file];
      origin[name] = `${s.file} in ${configFile}`;
    }
  }
  raw.db ??= raw.demo === true ? "porta-webhook-demo.db" : "porta-webhook.db";
  if (typeof raw.basePath === "string") raw.basePath = raw.basePath.replace(/\/+$/, "");
  if (configFile) raw.configFile = configFile;

  const faults = [...Value.Errors(ServeConfig, raw)].map((e) => {
    const name = e.path.split("/")[1] as Name;
    const s: Setting = SETTINGS[name];
    const shown = s.secret ? "(hidden)" : JSON.stringify(e.value);
    return `${origin[name] ?? s.flag}: ${shown} is not accepted (expected ${s.accepts})`;
  });
  if (faults.length > 0) throw new ConfigError([...new Set(faults)].join("\n"));

  // A key that opens both doors would let PORTA's key edit the inventory.
  const webhookKeys = new Set(raw.keys as string[]);
  const adminKeys = (raw.adminKeys as string[] | undefined) ?? [];
  if (adminKeys.some((pair) => webhookKeys.has(pair.slice(pair.indexOf(":") + 1)))) {
    throw new ConfigError(`${origin.adminKeys}: an admin key may not also be a webhook key`);
  }
  return Object.freeze(raw as ServeConfig);
}

function readConfigFile(path: string, readFile: (path: string) => string) {
  let parsed: Record<string, unknown>;
  try {
    parsed = Bun.TOML.parse(readFile(path)) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`config file ${path}: ${(e as Error).message}`);
  }
  const known = new Set(Object.values(SETTINGS).map((s) => s.file));
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `config file ${path}: unknown setting(s) ${unknown.join(", ")} ` +
        `(known: ${[...known].join(", ")})`,
    );
  }
  return parsed;
}

/**
 * The configuration with secrets replaced, for `porta-webhook config`,
 * under the names the configuration file uses.
 */
export function maskedConfig(config: ServeConfig): Record<string, unknown> {
  const mask = () => "********";
  // An admin key's name is no secret: it is what the audit trail shows.
  const maskPair = (pair: string) => pair.replace(/:.*$/, `:${mask()}`);
  const shown: Record<string, unknown> = {
    ...config,
    keys: config.keys.map(mask),
    ...(config.adminKeys ? { adminKeys: config.adminKeys.map(maskPair) } : {}),
    ...(config.metricsToken ? { metricsToken: mask() } : {}),
  };
  const fileName = (name: string) => (SETTINGS as Record<string, Setting>)[name]?.file ?? name;
  return Object.fromEntries(Object.entries(shown).map(([k, v]) => [fileName(k), v]));
}

/** The settings as `serve --help` lists them. */
export const SERVE_OPTIONS = (Object.values(SETTINGS) as Setting[]).map((s) => ({
  flag: s.flag,
  repeatable: s.schema[Kind] === "Array",
  boolean: s.schema[Kind] === "Boolean",
  help: `${s.help} [env ${s.env}; file: ${s.file}]`,
}));
