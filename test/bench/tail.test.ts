/**
 * The benchmark's reading of the server's histograms: a run's buckets are
 * the difference of two scrapes, and shares and quantile bounds are read
 * off the cumulative counts.
 */
import { describe, expect, test } from "bun:test";
import {
  bucketsBetween,
  parseScrape,
  quantileBound,
  shareAbove,
  total,
} from "../../bench/tail.ts";

const scrapeOf = (counts: [string, number][], route: Record<string, number> = {}) =>
  parseScrape([
    "# HELP porta_webhook_commit_seconds Time of one group commit's COMMIT.",
    "# TYPE porta_webhook_commit_seconds histogram",
    ...counts.map(([le, n]) => `porta_webhook_commit_seconds_bucket{le="${le}"} ${n}`),
    `porta_webhook_commit_seconds_count ${counts.at(-1)![1]}`,
    ...Object.entries(route).map(([le, n]) =>
      `porta_webhook_request_duration_seconds_bucket{le="${le}",route="POST /hold"} ${n}`
    ),
    `porta_webhook_request_duration_seconds_bucket{le="0.002",route="GET /health"} 999`,
  ].join("\n"));

describe("histograms from two scrapes", () => {
  const before = scrapeOf([["0.001", 10], ["0.002", 10], ["+Inf", 10]], { "0.002": 5 });
  const after = scrapeOf([["0.001", 90], ["0.002", 105], ["+Inf", 110]], { "0.002": 50 });

  test("a run's buckets are the counts it added, +Inf last", () => {
    expect(bucketsBetween(before, after, "porta_webhook_commit_seconds")).toEqual([
      { le: 0.001, count: 80 },
      { le: 0.002, count: 95 },
      { le: Infinity, count: 100 },
    ]);
  });

  test("labels pick one series of a histogram", () => {
    const hold = bucketsBetween(before, after, "porta_webhook_request_duration_seconds", {
      route: "POST /hold",
    });
    expect(hold).toEqual([{ le: 0.002, count: 45 }]);
    expect(bucketsBetween(before, after, "porta_webhook_request_duration_seconds")).toEqual([]);
  });

  test("shares above a bound and quantile bounds come off the cumulative counts", () => {
    const commits = bucketsBetween(before, after, "porta_webhook_commit_seconds");
    expect(total(commits)).toBe(100);
    expect(shareAbove(commits, 0.001)).toBeCloseTo(0.2);
    expect(shareAbove(commits, 0.002)).toBeCloseTo(0.05);
    expect(shareAbove(commits, 0.003)).toBeNaN();
    expect(quantileBound(commits, 0.5)).toBe(0.001);
    expect(quantileBound(commits, 0.9)).toBe(0.002);
    expect(quantileBound(commits, 0.99)).toBe(Infinity);
    expect(quantileBound([], 0.5)).toBeNaN();
  });
});
