/**
 * @module log
 * Structured logging: one JSON line per event, from pino. Log lines carry
 * ids (request, hold, booking) and never a webhook key or a holder's
 * personal data; the paths below are redacted in case one slips in.
 */
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(
  level: LogLevel = "info",
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
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
