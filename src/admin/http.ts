/**
 * @module admin/http
 * What the admin route modules share: the admin-key check that runs before
 * anything else, the options of a route that reads its own body, and the
 * paths of nested entities.
 */
import { type TObject, type TSchema, Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import { factsOf } from "../http/context.ts";
import type { AdminKeys } from "./auth.ts";
import { adminDoc } from "./docs.ts";
import { queryParameters } from "./query.ts";

/**
 * `who` made the request, for the audit trail, or a 401. Derived before
 * the query is read, so a caller without a key learns nothing.
 */
export const authenticated = (keys: AdminKeys) =>
  new Elysia().derive({ as: "scoped" }, ({ request }) => ({
    who: { actor: keys.actorOf(request.headers), request_id: factsOf(request).id },
  }));

type Doc = Parameters<typeof adminDoc>[0];

/** The options of a route that reads its own body, with its document. */
export const route = (doc: Doc) => ({ parse: "none" as const, detail: adminDoc(doc) });

/** …and of one with a query string (checked by the handler: admin/query.ts). */
export const queried = (doc: Doc, query: TObject) => {
  const { detail, ...options } = route(doc);
  return { ...options, detail: { ...detail, parameters: queryParameters(query) } };
};

export const list = (items: TSchema) => Type.Array(items);

export const EXPERIENCE = "/experiences/:experience_id";
export const OPTION = `${EXPERIENCE}/options/:option_id`;
export const SLOT = `${OPTION}/slots/:slot_id`;
