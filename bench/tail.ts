/**
 * @module bench/tail
 * Where a single connection's p99 goes. The load generator sees a whole
 * request; the server's own Prometheus histograms split it: the request's
 * time inside the server (`porta_webhook_request_duration_seconds`) and,
 * within it, the group commit's COMMIT, which is the WAL's fsync
 * (`porta_webhook_commit_seconds`). Reading both before and after a run
 * gives that run's distribution of each, to bucket resolution.
 */

/** One scrape: every sample line's value, keyed by its series (name and labels). */
export type Scrape = Map<string, number>;

/** A cumulative histogram bucket: observations at or below `le` seconds. */
export interface Bucket {
  le: number;
  count: number;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(\{.*\})?\s+(\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus' text format: comments skipped, labels sorted into the key. */
export function parseScrape(text: string): Scrape {
  const samples: Scrape = new Map();
  for (const line of text.split("\n")) {
    const m = SAMPLE.exec(line.trim());
    if (!m) continue;
    const labels = [...(m[2] ?? "").matchAll(LABEL)].map(([, k, v]) => `${k}=${v}`).sort();
    samples.set(seriesKey(m[1]!, labels), Number(m[3]));
  }
  return samples;
}

const seriesKey = (name: string, labels: string[]) => `${name}{${labels.join(",")}}`;

export async function scrape(url: string, token: string): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return parseScrape(await response.text());
}

/**
 * The buckets of histogram `name` (with `labels`, say a route) gained
 * between two scrapes, cumulative and in increasing `le`, +Inf last.
 */
export function bucketsBetween(
  before: Scrape,
  after: Scrape,
  name: string,
  labels: Record<string, string> = {},
): Bucket[] {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const buckets: Bucket[] = [];
  for (const [key, value] of after) {
    if (!key.startsWith(`${name}_bucket{`)) continue;
    const parts = key.slice(name.length + 8, -1).split(",");
    const le = parts.find((p) => p.startsWith("le="));
    const others = parts.filter((p) => !p.startsWith("le="));
    if (!le || others.length !== wanted.length || !wanted.every((w) => others.includes(w))) {
      continue;
    }
    const bound = le.slice(3) === "+Inf" ? Infinity : Number(le.slice(3));
    buckets.push({ le: bound, count: value - (before.get(key) ?? 0) });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** Observations in the histogram. */
export const total = (buckets: Bucket[]) => buckets.at(-1)?.count ?? 0;

/**
 * The share of observations above `seconds`, which must be one of the
 * bucket bounds (NaN otherwise, or with no observations).
 */
export function shareAbove(buckets: Bucket[], seconds: number): number {
  const at = buckets.find((b) => b.le === seconds);
  const n = total(buckets);
  return at && n > 0 ? (n - at.count) / n : NaN;
}

/**
 * The smallest bucket bound with at least `q` of the observations at or
 * below it: the `q` quantile is no more than this (Infinity past the last
 * finite bound, NaN with no observations).
 */
export function quantileBound(buckets: Bucket[], q: number): number {
  const n = total(buckets);
  if (n === 0) return NaN;
  return buckets.find((b) => b.count >= q * n)?.le ?? Infinity;
}
