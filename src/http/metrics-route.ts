/**
 * @module http/metrics-route
 * `GET /metrics` in Prometheus' text format, behind its own bearer token
 * (never a webhook key, so a leaked scrape config cannot call PORTA's
 * routes). Hidden from the OpenAPI document.
 */
import { timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { PortaError } from "../errors.ts";
import type { Metrics } from "../metrics.ts";
import { bearerCredentials } from "./bearer.ts";

const digest = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest();

export function metricsRoute(metrics: Metrics, token: string) {
  const expected = digest(token);
  return new Elysia({ name: "metrics" }).get(
    "/metrics",
    async ({ request }) => {
      const presented = digest(bearerCredentials(request.headers.get("authorization")) ?? "");
      if (!timingSafeEqual(presented, expected)) {
        throw new PortaError("UNAUTHORIZED", "metrics token rejected", 401);
      }
      return new Response(await metrics.registry.metrics(), {
        headers: { "content-type": metrics.registry.contentType },
      });
    },
    { detail: { hide: true } },
  );
}
