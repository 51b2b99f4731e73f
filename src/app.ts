/**
 * @module app
 * Builds the HTTP application from its parts. Nothing here listens on a
 * port: tests call `fetch` in-process, src/server.ts hands it to Bun.serve.
 */
import { Elysia } from "elysia";
import { BookingService } from "./bookings/service.ts";
import { HoldService } from "./holds/service.ts";
import { factsOf } from "./http/context.ts";
import { docs } from "./http/docs.ts";
import { errorHandling } from "./http/errors.ts";
import type { Logger } from "./log.ts";
import { Metrics } from "./metrics.ts";
import { metricsRoute } from "./http/metrics-route.ts";
import type { Database } from "./store/database.ts";
import { StoreHealth } from "./store/health.ts";
import { Writer } from "./store/writer.ts";
import { type Clock, systemClock } from "./time.ts";
import { KeyChecker } from "./webhook/auth.ts";
import { webhookRoutes } from "./webhook/routes.ts";

export interface AppOptions {
  db: Database;
  keys: readonly string[];
  logger: Logger;
  basePath?: string;
  clock?: Clock;
  /** Most requests sharing one commit (group commit); 1 turns it off. */
  maxBatch?: number;
  /** Bearer token for /metrics; without one there is no /metrics. */
  metricsToken?: string;
}

export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const keys = new KeyChecker(options.keys);
  const writer = new Writer(options.db, { maxBatch: options.maxBatch });
  const metrics = new Metrics(options.db, writer, clock);
  const basePath = options.basePath ?? "";

  const app = new Elysia({ prefix: basePath })
    .use(errorHandling)
    .use(docs(basePath))
    .use(
      webhookRoutes({
        keys,
        clock,
        holds: new HoldService(options.db, writer, clock),
        bookings: new BookingService(options.db, writer, clock),
        health: new StoreHealth(options.db, writer),
      }),
    );
  if (options.metricsToken) app.use(metricsRoute(metrics, options.metricsToken));

  /** The app's handler, writing one log line per request. */
  const fetch = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const facts = factsOf(request);
    const response = await app.handle(request);
    response.headers.set("x-request-id", facts.id);

    const { id, error, ...ids } = facts;
    const path = new URL(request.url).pathname;
    const ms = performance.now() - started;
    metrics.observe(request.method, path.slice(basePath.length), ids.code ?? "OK", ms / 1000);
    const line = {
      request_id: id,
      method: request.method,
      path,
      status: response.status,
      duration_ms: Math.round(ms * 100) / 100,
      ...ids,
    };
    if (error) options.logger.error({ ...line, err: error }, "request failed");
    else options.logger.info(line, "request");
    return response;
  };

  return { app, fetch, keys, writer };
}
