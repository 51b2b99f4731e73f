/**
 * @module http/docs
 * Swagger UI at /docs and the OpenAPI JSON at /docs/json. Swagger UI's
 * script and stylesheet come from the swagger-ui-dist package, embedded
 * in the compiled binary, so the docs work on a machine with no internet
 * access (the plugin's default would fetch them from a CDN).
 */
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import bundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import stylesheet from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import { ADMIN_COMPONENTS } from "../admin/docs.ts";
import { VERSION } from "../version.ts";

const asset = (path: string, type: string) => () =>
  new Response(Bun.file(path), {
    headers: { "content-type": type, "cache-control": "public, max-age=86400" },
  });

export function docs(basePath: string) {
  return new Elysia({ name: "docs" })
    .get("/docs/assets/swagger-ui-bundle.js", asset(bundle, "text/javascript"), {
      detail: { hide: true },
    })
    .get("/docs/assets/swagger-ui.css", asset(stylesheet, "text/css"), {
      detail: { hide: true },
    })
    .use(
      openapi({
        path: "/docs",
        specPath: "/docs/json",
        provider: "swagger-ui",
        swagger: {
          cdn: `${basePath}/docs/assets/swagger-ui-bundle.js`,
          theme: `${basePath}/docs/assets/swagger-ui.css`,
        },
        documentation,
        exclude: { paths: [/\/docs/] },
      }),
    );
}

const documentation = {
  info: {
    title: "porta-webhook",
    version: VERSION,
    description: "The webhook service that PORTA (TUI Musement) calls to " +
      "hold, confirm and cancel bookings on this supplier's inventory. " +
      "Every refusal is HTTP 400 with `{ code, id, message }`.",
  },
  tags: [
    { name: "webhooks", description: "The calls PORTA makes." },
    {
      name: "admin",
      description: "Managing the inventory, for the supplier's staff; only " +
        "served when an admin key is configured. Refusals are `{ code, id, " +
        "message }` too, with HTTP 400, 401, 404 or 409.",
    },
  ],
  components: {
    securitySchemes: {
      Webhook: { type: "apiKey" as const, in: "header", name: "x-webhook-key" },
      Admin: { type: "http" as const, scheme: "bearer" },
    },
    schemas: ADMIN_COMPONENTS,
  },
};
