/**
 * @module log
 * Structured logging: one JSON line per event, from pino (pretty-printed
 * by pino-pretty when stdout is a terminal). Log lines carry
 * ids (request, hold, booking) and never a webhook key or a holder's
 * personal data; the paths below are redacted in case one slips in.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import type PinoPretty from "pino-pretty";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines for machines; colourful lines when a person watches a terminal. */
function defaultDestination(): DestinationStream {
  if (process.stdout.isTTY) {
    // Loaded only here: a service under a supervisor never needs it.
    const pretty: typeof PinoPretty = require("pino-pretty");
    return pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l" });
  }
  return pino.destination({ dest: 1, sync: true });
}

export function createLogger(
  level: LogLevel = "info",
  destination: DestinationStream = defaultDestination(),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["key", "headers[\"x-webhook-key\"]", "holder", "*.holder", "email"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
