/**
 * @module metrics
 * Prometheus metrics from prom-client, served at /metrics only when a
 * metrics token is configured (it is checked as a bearer token). Counts
 * of holds, bookings and seats are read from the store at scrape time, so
 * they are right however many processes wrote to it.
 *
 * prom-client is loaded by the constructor, not at import: loading it
 * (with node:http and its default collectors) took tens of milliseconds of
 * the start-up of every server, with or without a metrics token.
 */
import type * as PromClient from "prom-client";
import type { Database } from "./store/database.ts";
import type { Writer } from "./store/writer.ts";

const ROUTES = new Set(["/hold", "/booking", "/health", "/heath", "/metrics"]);

interface StoreCounts {
  live_holds: number;
  seats_held: number;
  confirmed: number;
  cancelled: number;
  seats_booked: number;
}

export class Metrics {
  readonly registry: PromClient.Registry;
  private readonly requests: PromClient.Counter;
  private readonly duration: PromClient.Histogram;

  constructor(db: Database, writer: Writer, clock: () => number) {
    const client: typeof PromClient = require("prom-client");
    this.registry = new client.Registry();
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: "porta_webhook_" });

    this.requests = new client.Counter({
      name: "porta_webhook_requests_total",
      help: "Requests answered, by route and outcome (OK or PORTA's error code).",
      labelNames: ["route", "outcome"],
      registers,
    });
    this.duration = new client.Histogram({
      name: "porta_webhook_request_duration_seconds",
      help: "Time from request to answer, by route.",
      labelNames: ["route"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });

    // The disk's fsync is most of a commit: its tail is the tail of every
    // write's answer, and the first thing to look at when writes slow down.
    const commit = new client.Histogram({
      name: "porta_webhook_commit_seconds",
      help: "Time of one group commit's COMMIT: the WAL written and fsync'd.",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.05, 0.25, 1],
      registers,
    });
    const batch = new client.Histogram({
      name: "porta_webhook_commit_writes",
      help: "Writes (requests) that shared one group commit.",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    writer.observe(({ jobs, commitSeconds }) => {
      commit.observe(commitSeconds);
      batch.observe(jobs);
    });

    const counts = db.query<StoreCounts, [number]>(`
      SELECT
        (SELECT count(*) FROM holds WHERE status = 'HELD' AND expires_at > ?1) AS live_holds,
        (SELECT coalesce(sum(seats), 0) FROM holds
          WHERE status = 'HELD' AND expires_at > ?1) AS seats_held,
        (SELECT count(*) FROM bookings WHERE status = 'CONFIRMED') AS confirmed,
        (SELECT count(*) FROM bookings WHERE status = 'CANCELLED') AS cancelled,
        (SELECT coalesce(sum(seats), 0) FROM bookings
          WHERE status = 'CONFIRMED') AS seats_booked`);
    const size = db.query<{ bytes: number }, []>(
      "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
    );

    const gauge = (name: string, help: string, read: () => number) =>
      new client.Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    let snapshot: StoreCounts | null = null;
    const read = (field: keyof StoreCounts) => () => {
      // One query per scrape: the first gauge reads, the others reuse it.
      if (field === "live_holds" || !snapshot) snapshot = counts.get(clock());
      return snapshot![field];
    };
    gauge("porta_webhook_live_holds", "Holds not yet confirmed or expired.", read("live_holds"));
    gauge("porta_webhook_seats_held", "Seats in live holds.", read("seats_held"));
    gauge("porta_webhook_bookings_confirmed", "Confirmed bookings.", read("confirmed"));
    gauge("porta_webhook_bookings_cancelled", "Cancelled bookings.", read("cancelled"));
    gauge("porta_webhook_seats_booked", "Seats in confirmed bookings.", read("seats_booked"));
    gauge("porta_webhook_store_bytes", "Size of the SQLite file.", () => size.get()!.bytes);
    gauge("porta_webhook_commits", "Group commits since start.", () => writer.stats().batches);
    gauge("porta_webhook_committed_writes", "Writes committed since start.",
      () => writer.stats().jobs);
  }

  observe(method: string, path: string, outcome: string, seconds: number): void {
    // Admin routes carry ids in their paths: one label for all of them.
    const route = ROUTES.has(path) ? `${method} ${path}`
      : path.startsWith("/admin/") ? `${method} /admin` : "other";
    this.requests.inc({ route, outcome });
    this.duration.observe({ route }, seconds);
  }
}
