/**
 * @module admin/routes
 * The admin API under `/admin`, mounted by app.ts when an admin key is
 * configured: the inventory entity by entity (inventory-routes.ts) and the
 * day's work (operations-routes.ts). Every route checks the admin key
 * before it reads anything (http.ts).
 */
import { Elysia } from "elysia";
import type { Database } from "../store/database.ts";
import type { Writer } from "../store/writer.ts";
import type { Clock } from "../time.ts";
import type { AdminKeys } from "./auth.ts";
import { inventoryRoutes } from "./inventory-routes.ts";
import { Lookups } from "./lookups.ts";
import { Manifests } from "./manifest.ts";
import { operationsRoutes } from "./operations-routes.ts";
import { InventoryAdmin } from "./service.ts";

/** The admin API on a store, with its services. */
export function adminApi(options: {
  db: Database;
  writer: Writer;
  clock: Clock;
  keys: AdminKeys;
}) {
  const lookups = new Lookups(options.db, options.clock);
  const admin = new InventoryAdmin(options.db, options.writer, options.clock);
  return new Elysia({ prefix: "/admin" })
    .use(inventoryRoutes(options.keys, admin, lookups))
    .use(operationsRoutes(options.keys, admin, lookups, new Manifests(options.db, lookups)));
}
