/**
 * @module app
 * Builds the HTTP application from its parts. Nothing here listens on a
 * port: tests call `fetch` in-process, src/server.ts hands it to Bun.serve.
 */
import { Elysia } from "elysia";
import { AdminKeys } from "./admin/auth.ts";
import { adminApi } from "./admin/routes.ts";
import { BookingService } from "./bookings/service.ts";
import { HoldService } from "./holds/service.ts";
import { AuditLog } from "./audit/log.ts";
import { factsOf, type RequestFacts } from "./http/context.ts";
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

/** Audit action of each webhook route; refusals of others are not audited. */
const WEBHOOK_ACTIONS: Record<string, string> = {
  "POST /hold": "hold",
  "POST /booking": "confirm",
  "DELETE /booking": "cancel",
  "GET /health": "health",
  "GET /heath": "health",
};

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
  /** Admin API keys, `NAME:KEY`; without one there is no /admin. */
  adminKeys?: readonly string[];
}

export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const keys = new KeyChecker(options.keys);
  const writer = new Writer(options.db, { maxBatch: options.maxBatch });
  // Without a token there is no /metrics: nothing is counted either.
  const metrics = options.metricsToken ? new Metrics(options.db, writer, clock) : null;
  const audit = new AuditLog(options.db, clock);
  const basePath = options.basePath ?? "";
  // The request line's fields are set below (ids, codes, timings; never a
  // key or a holder), so it skips the redaction every other line gets: a
  // quarter of the line's cost (10.3 against 7.7 µs a line in a loop).
  const requestLog = options.logger.child({}, { redact: { paths: [] } });

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
  if (options.metricsToken && metrics) app.use(metricsRoute(metrics, options.metricsToken));
  const adminKeys = new AdminKeys(options.adminKeys ?? []);
  if (options.adminKeys?.length) {
    app.use(adminApi({ db: options.db, writer, clock, keys: adminKeys }));
  }

  /**
   * A webhook call of PORTA's refused before its service ran (version,
   * body) is recorded too. One without a valid key is not PORTA's: it is
   * logged, never written to the store, or anyone who can reach the port
   * could fill the disk. Not awaited: the answer does not depend on it.
   */
  const recordRefusal = (route: string, facts: RequestFacts) => {
    const action = WEBHOOK_ACTIONS[route];
    if (!action || !facts.authenticated) return;
    writer.write(() =>
      audit.append({
        actor: "porta",
        request_id: facts.id,
        action,
        outcome: facts.code!,
        subject: facts.booking_id ?? facts.hold_id ?? null,
        detail: { message: facts.message },
      })
    ).catch((err) => options.logger.error({ err, request_id: facts.id }, "audit failed"));
  };

  /** The app's handler, writing one log line per request. */
  const fetch = async (incoming: Request): Promise<Response> => {
    const request = routable(incoming);
    const started = performance.now();
    const facts = factsOf(request);
    const response = await app.handle(request);
    response.headers.set("x-request-id", facts.id);

    const { id, error, audited: _audited, authenticated: _authenticated, ...ids } = facts;
    const path = new URL(request.url).pathname;
    const ms = performance.now() - started;
    const outcome = ids.code ?? (response.status < 400 ? "OK" : String(response.status));
    metrics?.observe(request.method, path.slice(basePath.length), outcome, ms / 1000);
    const line = {
      request_id: id,
      method: request.method,
      path,
      status: response.status,
      duration_ms: Math.round(ms * 100) / 100,
      ...ids,
    };
    if (error) options.logger.error({ ...line, err: error }, "request failed");
    else requestLog.info(line, "request");
    if (ids.code && !facts.audited) {
      recordRefusal(`${request.method} ${path.slice(basePath.length)}`, facts);
    }
    return response;
  };

  return { app, fetch, keys, writer, adminKeys };
}

/**
 * Elysia takes the path from the URL's first "/" at index 11 or later,
 * which assumes a host of four characters or more (`Host: web` made every
 * route a 404); and the URL of an HTTP/1.0 request without a Host header
 * is only its path, which `new URL` refuses (Bun answered 500). Such a
 * request is re-addressed to localhost, so that its path alone routes it.
 */
function routable(request: Request): Request {
  const url = request.url;
  const scheme = url.indexOf("://");
  const pathAt = scheme < 0 ? 0 : url.indexOf("/", scheme + 3);
  if (pathAt >= 11) return request;
  const path = pathAt < 0 ? "/" : url.slice(pathAt);
  return new Request(`http://localhost${path.startsWith("/") ? "" : "/"}${path}`, request);
}
