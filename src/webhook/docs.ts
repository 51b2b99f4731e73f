/**
 * @module webhook/docs
 * OpenAPI details of the webhook routes. The bodies are read by hand (see
 * body.ts), so their schemas are given to the document here rather than
 * through Elysia's `body` option; they are the same TypeBox objects that
 * validate the requests.
 */
import type { TSchema } from "@sinclair/typebox";
import type { DocumentDecoration } from "elysia";
import { WEBHOOK_VERSION } from "./auth.ts";
import { refusalExample } from "./examples.ts";
import { Webhook400 } from "./schemas.ts";

const HEADERS: DocumentDecoration["parameters"] = [
  {
    name: "x-webhook-key",
    in: "header",
    required: true,
    description: "The key PORTA was given for this service.",
    schema: { type: "string" },
  },
  {
    name: "accept-version",
    in: "header",
    required: false,
    description: "The webhook API version; absent means v1.",
    schema: { type: "string", enum: [WEBHOOK_VERSION] },
  },
];

const json = (schema: TSchema, example?: unknown) => ({
  content: { "application/json": example === undefined ? { schema } : { schema, example } },
});

export function webhookDoc(options: {
  summary: string;
  description: string;
  body?: TSchema;
  bodyExample?: unknown;
  ok: TSchema;
  okExample?: unknown;
  okDescription: string;
}): DocumentDecoration {
  return {
    tags: ["webhooks"],
    summary: options.summary,
    description: options.description,
    security: [{ Webhook: [] }],
    parameters: HEADERS,
    ...(options.body
      ? { requestBody: { required: true, ...json(options.body, options.bodyExample) } }
      : {}),
    responses: {
      200: { description: options.okDescription, ...json(options.ok, options.okExample) },
      400: {
        description: "Refused: PORTA's error body, with one of its eight codes",
        ...json(Webhook400, refusalExample),
      },
    },
  };
}
