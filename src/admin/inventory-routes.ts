/**
 * @module admin/inventory-routes
 * The inventory, entity by entity, in the import format: vendors, pickups,
 * experiences (and archiving), options, holder categories, mandatory
 * questions and slots, one or a season at a time. Each handler reads its
 * body, calls the service and answers; refusals are thrown PortaErrors,
 * mapped to HTTP in one place (http/errors.ts).
 */
import { Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import {
  Experience,
  HolderCategory,
  MandatoryQuestion,
  Option,
  Pickup,
  Slot,
  Vendor,
} from "../inventory/schema.ts";
import { BodyReader } from "../webhook/body.ts";
import type { AdminKeys } from "./auth.ts";
import { authenticated, EXPERIENCE, list, OPTION, queried, route, SLOT } from "./http.ts";
import type { Lookups } from "./lookups.ts";
import { readQuery } from "./query.ts";
import { ExperienceSummary, SlotSeats, SlotsQuery } from "./schemas.ts";
import type { InventoryAdmin } from "./service.ts";

const Slots = Type.Array(Slot, { minItems: 1, description: "Slots of one experience." });

const body = {
  vendor: new BodyReader(Vendor),
  pickup: new BodyReader(Pickup),
  experience: new BodyReader(Experience),
  option: new BodyReader(Option),
  category: new BodyReader(HolderCategory),
  question: new BodyReader(MandatoryQuestion),
  slot: new BodyReader(Slot),
  slots: new BodyReader(Slots),
};

export function inventoryRoutes(keys: AdminKeys, admin: InventoryAdmin, lookups: Lookups) {
  return new Elysia()
    .use(authenticated(keys))
    .get("/vendors", () => lookups.vendors(), route({ summary: "List vendors", ok: list(Vendor) }))
    .post(
      "/vendors",
      async ({ request, who, status }) =>
        status(201, await admin.createVendor(await body.vendor.read(request), who)),
      route({ summary: "Create a vendor", body: Vendor, ok: Vendor, status: 201, refusals: [409] }),
    )
    .get(
      "/vendors/:vendor_id",
      ({ params }) => lookups.vendor(params.vendor_id),
      route({ summary: "Read a vendor", ok: Vendor, refusals: [404] }),
    )
    .put(
      "/vendors/:vendor_id",
      async ({ params, request, who }) =>
        admin.updateVendor(params.vendor_id, await body.vendor.read(request), who),
      route({ summary: "Replace a vendor", body: Vendor, ok: Vendor, refusals: [404] }),
    )
    .delete(
      "/vendors/:vendor_id",
      async ({ params, who, status }) => {
        await admin.deleteVendor(params.vendor_id, who);
        return status(204, undefined);
      },
      route({ summary: "Delete a vendor with no experience", status: 204, refusals: [404, 409] }),
    )
    .get("/pickups", () => lookups.pickups(), route({ summary: "List pickups", ok: list(Pickup) }))
    .post(
      "/pickups",
      async ({ request, who, status }) =>
        status(201, await admin.createPickup(await body.pickup.read(request), who)),
      route({ summary: "Create a pickup", body: Pickup, ok: Pickup, status: 201, refusals: [409] }),
    )
    .get(
      "/pickups/:pickup_id",
      ({ params }) => lookups.pickup(params.pickup_id),
      route({ summary: "Read a pickup", ok: Pickup, refusals: [404] }),
    )
    .put(
      "/pickups/:pickup_id",
      async ({ params, request, who }) =>
        admin.updatePickup(params.pickup_id, await body.pickup.read(request), who),
      route({ summary: "Replace a pickup", body: Pickup, ok: Pickup, refusals: [404] }),
    )
    .delete(
      "/pickups/:pickup_id",
      async ({ params, who, status }) => {
        await admin.deletePickup(params.pickup_id, who);
        return status(204, undefined);
      },
      route({
        summary: "Delete a pickup that no slot, hold or booking uses",
        status: 204,
        refusals: [404, 409],
      }),
    )
    .get(
      "/experiences",
      () => lookups.experiences(),
      route({ summary: "List experiences", ok: list(ExperienceSummary) }),
    )
    .post(
      "/experiences",
      async ({ request, who, status }) =>
        status(201, await admin.createExperience(await body.experience.read(request), who)),
      route({
        summary: "Create an experience",
        description: "With its options and questions, and slots if given: " +
          "the shape of one experience of the import file.",
        body: Experience,
        ok: Experience,
        status: 201,
        refusals: [409],
      }),
    )
    .get(
      EXPERIENCE,
      ({ params }) => lookups.experience(params.experience_id),
      route({
        summary: "Read an experience",
        description: "With its options and questions; its slots are listed by `…/slots`.",
        ok: Experience,
        refusals: [404],
      }),
    )
    .put(
      EXPERIENCE,
      async ({ params, request, who }) =>
        admin.replaceExperience(params.experience_id, await body.experience.read(request), who),
      route({
        summary: "Replace an experience",
        description: "Its fields, options and questions become the body's: options " +
          "left out are deleted (refused while slots use them). Slots in the body " +
          "are created or replaced; other slots are kept.",
        body: Experience,
        ok: Experience,
        refusals: [404, 409],
      }),
    )
    .delete(
      EXPERIENCE,
      async ({ params, who, status }) => {
        await admin.deleteExperience(params.experience_id, who);
        return status(204, undefined);
      },
      route({
        summary: "Delete an experience with its options, questions and slots",
        description: "Refused while any of its slots has a hold or a booking: archive it.",
        status: 204,
        refusals: [404, 409],
      }),
    )
    .post(
      `${EXPERIENCE}/archive`,
      ({ params, who }) => admin.setArchived(params.experience_id, true, who),
      route({
        summary: "Archive an experience: it stops selling",
        ok: Experience,
        refusals: [404],
      }),
    )
    .post(
      `${EXPERIENCE}/unarchive`,
      ({ params, who }) => admin.setArchived(params.experience_id, false, who),
      route({ summary: "Unarchive an experience", ok: Experience, refusals: [404] }),
    )
    .post(
      `${EXPERIENCE}/options`,
      async ({ params, request, who, status }) => {
        const option = await body.option.read(request);
        return status(201, await admin.saveOption(params.experience_id, null, option, who));
      },
      route({
        summary: "Add an option",
        body: Option,
        ok: Option,
        status: 201,
        refusals: [404, 409],
      }),
    )
    .get(
      OPTION,
      ({ params }) => lookups.option(params.experience_id, params.option_id),
      route({ summary: "Read an option", ok: Option, refusals: [404] }),
    )
    .put(
      OPTION,
      async ({ params, request, who }) => {
        const option = await body.option.read(request);
        return admin.saveOption(params.experience_id, params.option_id, option, who);
      },
      route({
        summary: "Replace an option, holder categories included",
        body: Option,
        ok: Option,
        refusals: [404, 409],
      }),
    )
    .delete(
      OPTION,
      async ({ params, who, status }) => {
        await admin.deleteOption(params.experience_id, params.option_id, who);
        return status(204, undefined);
      },
      route({
        summary: "Delete an option that no slot or question uses",
        status: 204,
        refusals: [404, 409],
      }),
    )
    .post(
      `${OPTION}/holder-categories`,
      async ({ params: p, request, who, status }) => {
        const category = await body.category.read(request);
        const saved = await admin.saveCategory(p.experience_id, p.option_id, null, category, who);
        return status(201, saved);
      },
      route({
        summary: "Add a holder category to an option",
        body: HolderCategory,
        ok: HolderCategory,
        status: 201,
        refusals: [404, 409],
      }),
    )
    .put(
      `${OPTION}/holder-categories/:holder_category_id`,
      async ({ params: p, request, who }) => {
        const category = await body.category.read(request);
        const { experience_id, option_id, holder_category_id } = p;
        return admin.saveCategory(experience_id, option_id, holder_category_id, category, who);
      },
      route({
        summary: "Replace a holder category",
        body: HolderCategory,
        ok: HolderCategory,
        refusals: [404, 409],
      }),
    )
    .delete(
      `${OPTION}/holder-categories/:holder_category_id`,
      async ({ params: p, who, status }) => {
        await admin.deleteCategory(p.experience_id, p.option_id, p.holder_category_id, who);
        return status(204, undefined);
      },
      route({
        summary: "Delete a holder category that no slot or question uses",
        status: 204,
        refusals: [404, 409],
      }),
    )
    .post(
      `${EXPERIENCE}/mandatory-questions`,
      async ({ params, request, who, status }) => {
        const question = await body.question.read(request);
        return status(201, await admin.saveQuestion(params.experience_id, null, question, who));
      },
      route({
        summary: "Add a mandatory question",
        body: MandatoryQuestion,
        ok: MandatoryQuestion,
        status: 201,
        refusals: [404, 409],
      }),
    )
    .get(
      `${EXPERIENCE}/mandatory-questions/:mandatory_question_id`,
      ({ params: p }) => lookups.question(p.experience_id, p.mandatory_question_id),
      route({ summary: "Read a mandatory question", ok: MandatoryQuestion, refusals: [404] }),
    )
    .put(
      `${EXPERIENCE}/mandatory-questions/:mandatory_question_id`,
      async ({ params: p, request, who }) => {
        const question = await body.question.read(request);
        return admin.saveQuestion(p.experience_id, p.mandatory_question_id, question, who);
      },
      route({
        summary: "Replace a mandatory question",
        body: MandatoryQuestion,
        ok: MandatoryQuestion,
        refusals: [404],
      }),
    )
    .delete(
      `${EXPERIENCE}/mandatory-questions/:mandatory_question_id`,
      async ({ params: p, who, status }) => {
        await admin.deleteQuestion(p.experience_id, p.mandatory_question_id, who);
        return status(204, undefined);
      },
      route({ summary: "Delete a mandatory question", status: 204, refusals: [404] }),
    )
    .get(
      `${EXPERIENCE}/slots`,
      ({ params, query }) => lookups.slots(params.experience_id, readQuery(SlotsQuery, query)),
      queried(
        {
          summary: "List an experience's slots with their seats",
          description: "Capacity, seats held (live holds), booked and remaining, by date.",
          ok: list(SlotSeats),
          refusals: [404],
        },
        SlotsQuery,
      ),
    )
    .post(
      `${EXPERIENCE}/slots`,
      async ({ params, request, who, status }) => {
        const slots = await body.slots.read(request);
        return status(201, await admin.createSlots(params.experience_id, slots, who));
      },
      route({
        summary: "Create slots (a season in one call)",
        description: "Every slot is new, or nothing is written.",
        body: Slots,
        ok: Slots,
        status: 201,
        refusals: [404, 409],
      }),
    )
    .put(
      `${EXPERIENCE}/slots`,
      async ({ params, request, who }) =>
        admin.updateSlots(params.experience_id, await body.slots.read(request), who),
      route({
        summary: "Replace existing slots (a season in one call)",
        description: "Every slot exists, or nothing is written. A capacity below the " +
          "seats already held and booked is refused.",
        body: Slots,
        ok: Slots,
        refusals: [404, 409],
      }),
    )
    .get(
      SLOT,
      ({ params }) => lookups.slot(params),
      route({ summary: "Read a slot", ok: Slot, refusals: [404] }),
    )
    .put(
      SLOT,
      async ({ params, request, who }) =>
        admin.replaceSlot(params, await body.slot.read(request), who),
      route({ summary: "Replace a slot", body: Slot, ok: Slot, refusals: [404, 409] }),
    )
    .delete(
      SLOT,
      async ({ params, who, status }) => {
        await admin.deleteSlot(params, who);
        return status(204, undefined);
      },
      route({
        summary: "Delete a slot that has never had a hold or a booking",
        status: 204,
        refusals: [404, 409],
      }),
    );
}
