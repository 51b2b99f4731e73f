/**
 * @module admin/operations-routes
 * The day's work: capacity changes for seats sold elsewhere, manifests,
 * holds, bookings and the audit trail.
 */
import { Elysia } from "elysia";
import { BodyReader } from "../webhook/body.ts";
import type { AdminKeys } from "./auth.ts";
import { authenticated, list, queried, route, SLOT } from "./http.ts";
import type { Lookups } from "./lookups.ts";
import { manifestCsv, type Manifests } from "./manifest.ts";
import { readQuery } from "./query.ts";
import {
  AuditEntry,
  AuditQuery,
  BookingDetail,
  BookingsQuery,
  BookingSummary,
  CapacityBody,
  DayManifestQuery,
  HoldsQuery,
  HoldSummary,
  Manifest,
  ManifestQuery,
  SeatsBody,
  SlotSeats,
} from "./schemas.ts";
import type { InventoryAdmin } from "./service.ts";

const body = {
  capacity: new BodyReader(CapacityBody),
  seats: new BodyReader(SeatsBody),
};

const csv = (manifest: Manifest) =>
  new Response(manifestCsv(manifest), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="manifest.csv"',
    },
  });

export function operationsRoutes(
  keys: AdminKeys,
  admin: InventoryAdmin,
  lookups: Lookups,
  manifests: Manifests,
) {
  return new Elysia()
    .use(authenticated(keys))
    .put(
      `${SLOT}/capacity`,
      async ({ params, request, who }) =>
        admin.setCapacity(params, (await body.capacity.read(request)).capacity, who),
      route({
        summary: "Set a slot's capacity",
        description: "Never below the seats held and booked; null lifts the limit.",
        body: CapacityBody,
        ok: SlotSeats,
        refusals: [404, 409],
      }),
    )
    .post(
      `${SLOT}/capacity/add`,
      async ({ params, request, who }) =>
        admin.adjustCapacity(params, (await body.seats.read(request)).seats, who),
      route({
        summary: "Add seats to a slot's capacity",
        body: SeatsBody,
        ok: SlotSeats,
        refusals: [404],
      }),
    )
    .post(
      `${SLOT}/capacity/remove`,
      async ({ params, request, who }) =>
        admin.adjustCapacity(params, -(await body.seats.read(request)).seats, who),
      route({
        summary: "Take seats sold elsewhere off a slot's capacity",
        description: "Refused, with the numbers, when fewer seats are left.",
        body: SeatsBody,
        ok: SlotSeats,
        refusals: [404, 409],
      }),
    )
    .get(
      `${SLOT}/manifest`,
      ({ params, query }) => {
        const { format } = readQuery(ManifestQuery, query);
        const manifest = manifests.forSlot(params);
        return format === "csv" ? csv(manifest) : manifest;
      },
      queried(
        {
          summary: "Who is coming on a slot (JSON, or CSV with format=csv)",
          ok: Manifest,
          csv: true,
          refusals: [404],
        },
        ManifestQuery,
      ),
    )
    .get(
      "/manifest",
      ({ query }) => {
        const { date, experience_id, format } = readQuery(DayManifestQuery, query);
        const manifest = manifests.forDay(date, experience_id);
        return format === "csv" ? csv(manifest) : manifest;
      },
      queried(
        {
          summary: "Who is coming on a day (JSON, or CSV with format=csv)",
          description: "Every slot whose local date is `date`, in its experience's zone.",
          ok: Manifest,
          csv: true,
          refusals: [404],
        },
        DayManifestQuery,
      ),
    )
    .get(
      "/holds",
      ({ query }) => lookups.holds(readQuery(HoldsQuery, query)),
      queried({ summary: "List holds, newest first", ok: list(HoldSummary) }, HoldsQuery),
    )
    .get(
      "/bookings",
      ({ query }) => lookups.bookings(readQuery(BookingsQuery, query)),
      queried({ summary: "List bookings, newest first", ok: list(BookingSummary) }, BookingsQuery),
    )
    .get(
      "/bookings/:booking_id",
      ({ params }) => lookups.booking(params.booking_id),
      route({
        summary: "Read a booking with its holder, answers, pickup and tickets",
        ok: BookingDetail,
        refusals: [404],
      }),
    )
    .get(
      "/audit",
      ({ query }) => lookups.auditTrail(readQuery(AuditQuery, query)),
      queried({ summary: "Read the audit trail, newest first", ok: list(AuditEntry) }, AuditQuery),
    );
}
