/**
 * @module bench/bare-server
 * The framework's ceiling: a bare Elysia route on Bun.serve that validates
 * a hold-shaped body with TypeBox (Elysia's `t`, the same fields and
 * formats as PORTA's hold) and answers a JSON of the hold answer's size,
 * with no store, no log line and no key check. `bun bench/bare-server.ts PORT`.
 */
import { Elysia, t } from "elysia";

const Id = t.String({ pattern: "^(?![-._])[0-9a-z._-]{1,50}$" });

const HoldShaped = t.Object({
  experience_id: Id,
  option_id: Id,
  slot_id: Id,
  pickup_id: t.Optional(Id),
  hold_id: t.String({ format: "uuid" }),
  expiration_time: t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}" }),
  quantities: t.Array(
    t.Object({
      holder_category_id: Id,
      quantity: t.Integer({ minimum: 1 }),
      guide_language: t.Optional(t.String()),
    }),
    { minItems: 1 },
  ),
});

const port = Number(process.argv[2] ?? 0);

const app = new Elysia()
  .get("/ready", () => ({ status: "ok" }))
  .post(
    "/hold",
    ({ body }) => ({ hold_id: body.hold_id, transaction_id: crypto.randomUUID() }),
    { body: HoldShaped },
  );

Bun.serve({ hostname: "127.0.0.1", port, fetch: app.fetch, development: false });
