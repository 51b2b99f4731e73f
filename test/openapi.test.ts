import { describe, expect, test } from "bun:test";
import { generateOpenApi } from "../src/openapi.ts";
import committed from "../openapi/openapi.json" with { type: "json" };
import { Harness, KEY } from "./support/harness.ts";

describe("the OpenAPI document", () => {
  test("openapi/openapi.json is what the server generates (else: bun run openapi)", async () => {
    expect(await generateOpenApi()).toEqual(committed);
  });

  test("documents the four webhook operations with PORTA's field names and the 400 body", () => {
    const paths = committed.paths as Record<string, any>;
    const webhooks = Object.keys(paths).filter((p) =>
      Object.values(paths[p]).some((op: any) => op.tags.includes("webhooks")),
    );
    expect(webhooks.sort()).toEqual(["/booking", "/health", "/hold"]);
    expect(Object.keys(paths["/booking"]).sort()).toEqual(["delete", "post"]);

    const hold = paths["/hold"].post.requestBody.content["application/json"].schema;
    expect(hold.required.sort()).toEqual([
      "experience_id",
      "expiration_time",
      "hold_id",
      "option_id",
      "quantities",
      "slot_id",
    ]);
    const refusal = paths["/hold"].post.responses["400"].content["application/json"].schema;
    expect(refusal.properties.code.anyOf.map((c: any) => c.const)).toContain("NO_CAPACITY_LEFT");
  });

  test("Swagger UI is at /docs and the JSON at /docs/json, under the base path", async () => {
    using h = new Harness({ basePath: "/porta" });
    const ui = await h.request("GET", "/porta/docs/json", undefined, { "x-webhook-key": KEY });
    expect(ui.status).toBe(200);
    expect(Object.keys(ui.body.paths)).toContain("/porta/hold");
  });
});

describe("Swagger UI", () => {
  test("is served from embedded assets, so /docs works with no internet access", async () => {
    using h = new Harness({ basePath: "/porta" });
    const page = await h.raw("GET", "/porta/docs");
    expect(page.status).toBe(200);
    expect(page.text).toContain('src="/porta/docs/assets/swagger-ui-bundle.js"');
    expect(page.text).toContain('href="/porta/docs/assets/swagger-ui.css"');
    expect(page.text).not.toMatch(/https?:\/\/(unpkg|cdn)/);

    const script = await h.raw("GET", "/porta/docs/assets/swagger-ui-bundle.js");
    expect(script.status).toBe(200);
    expect(script.text).toContain("SwaggerUIBundle");
    expect((await h.raw("GET", "/porta/docs/assets/swagger-ui.css")).status).toBe(200);
  });
});
