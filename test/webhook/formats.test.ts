/**
 * The string formats of the webhook bodies are the ones webhook/body.ts
 * sets, whatever else registered TypeBox formats: @elysiajs/openapi (via
 * @sinclair/typemap) sets `uuid` and `email` to zod checks, stricter than
 * ours and building a zod schema on every check, and it used to be loaded
 * after body.ts and win.
 */
import { describe, expect, test } from "bun:test";
import { confirmed } from "../support/bookings.ts";
import { Harness, holdBody } from "../support/harness.ts";

describe("string formats with the docs plugin loaded", () => {
  test("a holder email without a dot in its domain is accepted, as body.ts means it", async () => {
    using h = new Harness();
    const { body } = await confirmed(h, {}, {
      holder: { email: "ada@localhost", first_name: "Ada", last_name: "Lovelace" },
    });
    expect(body.tickets.length).toBe(2);
  });

  test("a hold_id of 36 hex digits and dashes is a uuid, whatever its version bits", async () => {
    using h = new Harness();
    const hold = holdBody({ hold_id: "12345678-1234-1234-1234-123456789abc" });
    expect((await h.hold(hold)).status).toBe(200);
  });
});
