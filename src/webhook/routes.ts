/**
 * @module webhook/routes
 * PORTA's four calls. Each handler checks the key, reads its body, calls a
 * service and answers; every refusal is a thrown PortaError, mapped to the
 * 400 body in one place (http/errors.ts).
 */
import { Elysia } from "elysia";
import type { BookingService } from "../bookings/service.ts";
import type { HoldService } from "../holds/service.ts";
import type { StoreHealth } from "../store/health.ts";
import { SCHEMA_VERSION } from "../store/migrations.ts";
import type { Clock } from "../time.ts";
import { VERSION } from "../version.ts";
import type { AuditContext } from "../audit/log.ts";
import { annotate, factsOf } from "../http/context.ts";
import type { KeyChecker } from "./auth.ts";
import { BodyReader } from "./body.ts";
import { webhookDoc } from "./docs.ts";
import {
  bookingExample,
  bookingResponseExample,
  cancelExample,
  holdExample,
  holdResponseExample,
} from "./examples.ts";
import {
  BookingRequest,
  BookingResponse,
  CancelRequest,
  Empty,
  HealthResponse,
  HoldRequest,
  HoldResponse,
} from "./schemas.ts";

export interface WebhookDeps {
  keys: KeyChecker;
  holds: HoldService;
  bookings: BookingService;
  health: StoreHealth;
  clock: Clock;
}

/** The service records this request's outcome in the audit trail itself. */
function audited(request: Request): AuditContext {
  const facts = factsOf(request);
  facts.audited = true;
  return { actor: "porta", request_id: facts.id };
}

const holdBody = new BodyReader(HoldRequest);
const bookingBody = new BodyReader(BookingRequest);
const cancelBody = new BodyReader(CancelRequest);

export function webhookRoutes(deps: WebhookDeps) {
  const health = async () => {
    await deps.health.check(deps.clock());
    return { status: "ok" as const, version: VERSION, schema_version: SCHEMA_VERSION };
  };
  const healthDoc = webhookDoc({
    summary: "Check webhook health",
    description: "Called by PORTA about every five minutes. 200 when the " +
      "store can be read and written. `/heath` is the same route, spelt as " +
      "in PORTA's guide.",
    ok: HealthResponse,
    okDescription: "Webhook is healthy",
  });

  return new Elysia({ name: "webhooks" })
    .onBeforeHandle(({ request }) => {
      deps.keys.checkKey(request.headers);
      factsOf(request).authenticated = true;
      deps.keys.checkVersion(request.headers);
    })
    .post(
      "/hold",
      async ({ request }) => {
        const req = await holdBody.read(request);
        annotate(request, { hold_id: req.hold_id });
        return deps.holds.hold(req, audited(request));
      },
      {
        parse: "none",
        detail: webhookDoc({
          summary: "Hold availability for booking",
          description: "Holds seats on a slot until `expiration_time` " +
            "(the experience's local time). Repeating a `hold_id` (a uuid, in " +
            "any letter case) with the same body returns the first answer and " +
            "reserves nothing more.",
          body: HoldRequest,
          bodyExample: holdExample,
          ok: HoldResponse,
          okExample: holdResponseExample,
          okDescription: "Hold availability request accepted",
        }),
      },
    )
    .post(
      "/booking",
      async ({ request }) => {
        const req = await bookingBody.read(request);
        annotate(request, {
          booking_id: req.booking_id,
          hold_id: req.hold_id,
          tuimm_booking_id: req.tuimm_booking_id,
        });
        return deps.bookings.confirm(req, audited(request));
      },
      {
        parse: "none",
        detail: webhookDoc({
          summary: "Confirm booking",
          description: "Turns a live hold into a booking and returns its " +
            "tickets. Repeating a `booking_id` returns the same tickets.",
          body: BookingRequest,
          bodyExample: bookingExample,
          ok: BookingResponse,
          okExample: bookingResponseExample,
          okDescription: "Booking confirmation request accepted",
        }),
      },
    )
    .delete(
      "/booking",
      async ({ request }) => {
        const req = await cancelBody.read(request);
        annotate(request, { booking_id: req.booking_id });
        await deps.bookings.cancel(req, audited(request));
        return {};
      },
      {
        parse: "none",
        detail: webhookDoc({
          summary: "Cancel booking",
          description: "Cancels a booking and frees its seats. With " +
            "`unconfirmed: true` (PORTA gave up waiting for our " +
            "confirmation) it always succeeds, and a confirmation that " +
            "arrives later is refused.",
          body: CancelRequest,
          bodyExample: cancelExample,
          ok: Empty,
          okExample: {},
          okDescription: "Booking successfully cancelled",
        }),
      },
    )
    .get("/health", health, { detail: healthDoc })
    .get("/heath", health, { detail: { ...healthDoc, hide: true } });
}
