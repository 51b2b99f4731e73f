import { describe, expect, test } from "bun:test";
import { Harness, holdBody, KEY } from "./support/harness.ts";

const TOKEN = "metrics-token-0123456789";

describe("/metrics", () => {
  test("is not served unless a metrics token is configured", async () => {
    using h = new Harness();
    expect((await h.raw("GET", "/metrics", { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });

  test.each([
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer wrong" }],
    ["the token without Bearer", { authorization: `Basic ${TOKEN}` }],
    ["a webhook key", { authorization: `Bearer ${KEY}`, "x-webhook-key": KEY }],
  ])(
    "refuses %s with 401 in the JSON error shape",
    async (_what, headers: Record<string, string>) => {
      using h = new Harness({ metricsToken: TOKEN });
      const answer = await h.raw("GET", "/metrics", headers);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toMatchObject({ code: "UNAUTHORIZED" });
    },
  );

  test("takes the scheme's name in any case", async () => {
    using h = new Harness({ metricsToken: TOKEN });
    expect((await h.raw("GET", "/metrics", { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  // Regression: a refused scrape was counted as a successful one.
  test("counts a refused scrape by its status, not as OK", async () => {
    using h = new Harness({ metricsToken: TOKEN });
    await h.raw("GET", "/metrics", { authorization: "Bearer wrong" });
    const answer = await h.raw("GET", "/metrics", { authorization: `Bearer ${TOKEN}` });
    expect(answer.text).toContain(
      'porta_webhook_requests_total{route="GET /metrics",outcome="UNAUTHORIZED"} 1',
    );
  });

  test("counts requests by route and outcome, and reads seats from the store", async () => {
    using h = new Harness({ metricsToken: TOKEN });
    await h.hold(holdBody());
    await h.hold(holdBody({ slot_id: "sold-out" }));

    const answer = await h.raw("GET", "/metrics", { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(
      'porta_webhook_requests_total{route="POST /hold",outcome="OK"} 1',
    );
    expect(answer.text).toContain(
      'porta_webhook_requests_total{route="POST /hold",outcome="NO_CAPACITY_LEFT"} 1',
    );
    expect(answer.text).toContain("porta_webhook_seats_held 2");
    expect(answer.text).toContain("porta_webhook_live_holds 1");
    expect(answer.text).toMatch(/porta_webhook_request_duration_seconds_bucket\{/);
  });

  test("times every group commit and counts the writes it held", async () => {
    using h = new Harness({ metricsToken: TOKEN });
    await Promise.all([h.hold(holdBody()), h.hold(holdBody()), h.hold(holdBody())]);
    const text = (await h.raw("GET", "/metrics", { authorization: `Bearer ${TOKEN}` })).text;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    const commits = value("porta_webhook_commits");
    expect(commits).toBeGreaterThan(0);
    expect(value("porta_webhook_commit_seconds_count")).toBe(commits);
    expect(value("porta_webhook_commit_seconds_sum")).toBeGreaterThan(0);
    expect(value("porta_webhook_commit_writes_sum")).toBe(value("porta_webhook_committed_writes"));
  });
});
