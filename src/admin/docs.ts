/**
 * @module admin/docs
 * OpenAPI details of the admin routes, under their own tag. Like the
 * webhooks' (webhook/docs.ts), bodies are read by hand, so their schemas
 * reach the document here; they are the objects that validate them. The
 * schemas used by several routes are components, referred to by name.
 */
import { Kind, type TSchema, Type } from "@sinclair/typebox";
import type { DocumentDecoration } from "elysia";
import {
  Experience,
  HolderCategory,
  MandatoryQuestion,
  Option,
  Pickup,
  Slot,
  Vendor,
} from "../inventory/schema.ts";
import { AdminError, BookingDetail, Manifest, SlotSeats } from "./schemas.ts";

/** Listed under `components.schemas` (see http/docs.ts). */
export const ADMIN_COMPONENTS: Record<string, TSchema> = {
  Vendor,
  Pickup,
  Experience,
  Option,
  HolderCategory,
  MandatoryQuestion,
  Slot,
  SlotSeats,
  BookingDetail,
  Manifest,
  AdminError,
};

const names = new Map(Object.entries(ADMIN_COMPONENTS).map(([name, s]) => [s, name]));

/** A component by reference, also as the items of an array; other schemas inline. */
function schemaOf(schema: TSchema): TSchema {
  const name = names.get(schema);
  if (name) return Type.Unsafe({ $ref: `#/components/schemas/${name}` });
  if (schema[Kind] === "Array" && names.has(schema.items)) {
    const { minItems, description } = schema;
    return Type.Array(schemaOf(schema.items), { minItems, description });
  }
  return schema;
}

const REFUSALS: Record<number, string> = {
  400: "Bad input: INCORRECT_REQUEST (shape) or VALIDATION_ERROR (values), naming the field",
  401: "UNAUTHORIZED: no admin key, or not one of them",
  404: "ELEMENT_NOT_FOUND: an id in the path is unknown",
  409: "Conflict: ALREADY_EXISTS, IN_USE (something depends on it) or CAPACITY_BELOW_TAKEN",
};

const OK = { 200: "Done", 201: "Created", 204: "Deleted" };

const json = (schema: TSchema) => ({
  content: { "application/json": { schema: schemaOf(schema) } },
});

export function adminDoc(options: {
  summary: string;
  description?: string;
  body?: TSchema;
  ok?: TSchema;
  /** 201 for a creation, 204 (no body) for a deletion. */
  status?: 200 | 201 | 204;
  refusals?: (400 | 404 | 409)[];
  csv?: boolean;
}): DocumentDecoration {
  const status = options.status ?? 200;
  const content: Record<string, { schema: TSchema }> = {};
  if (options.ok) content["application/json"] = { schema: schemaOf(options.ok) };
  if (options.csv) {
    content["text/csv"] = { schema: Type.String({ description: "One row per person." }) };
  }
  const refusals = [...new Set([400, 401, ...(options.refusals ?? [])])].sort();
  return {
    tags: ["admin"],
    summary: options.summary,
    ...(options.description ? { description: options.description } : {}),
    security: [{ Admin: [] }],
    ...(options.body ? { requestBody: { required: true, ...json(options.body) } } : {}),
    responses: {
      [status]: {
        description: OK[status],
        ...(Object.keys(content).length > 0 ? { content } : {}),
      },
      ...Object.fromEntries(
        refusals.map((s) => [s, { description: REFUSALS[s]!, ...json(AdminError) }]),
      ),
    },
  };
}
