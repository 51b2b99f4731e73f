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

const digest = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest();

export function metricsRoute(metrics: Metrics, token: string) {
  const expected = digest(token);
  return new Elysia({ name: "metrics" }).get(
    "/metrics",
    async ({ request }) => {
      // The scheme's name is case-insensitive (RFC 9110, 11.1).
      const credentials = /^Bearer (\S+)$/i.exec(request.headers.get("authorization") ?? "");
      const presented = digest(credentials?.[1] ?? "");
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
