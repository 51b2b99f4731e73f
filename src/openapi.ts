/**
 * @module openapi
 * The OpenAPI document as the server serves it at /docs/json, produced
 * without a listening server. `openapi/openapi.json` is this, committed;
 * test/openapi.test.ts fails when the two drift apart.
 */
import { createApp } from "./app.ts";
import { createLogger } from "./log.ts";
import { openDatabase } from "./store/database.ts";

export async function generateOpenApi(): Promise<unknown> {
  const db = openDatabase(":memory:");
  try {
    // A key nobody knows, so that the admin routes are in the document.
    const adminKeys = [`openapi:${crypto.randomUUID()}`];
    const { fetch } = createApp({ db, keys: [], adminKeys, logger: createLogger("silent") });
    return await (await fetch(new Request("http://localhost/docs/json"))).json();
  } finally {
    db.close();
  }
}
