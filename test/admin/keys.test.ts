import { describe, expect, test } from "bun:test";
import { AdminKeys } from "../../src/admin/auth.ts";
import { ConfigError, loadServeConfig, maskedConfig, SERVE_OPTIONS } from "../../src/config.ts";
import { ADMIN, ADMIN_KEY, AdminHarness } from "../support/admin.ts";
import { Harness, holdBody, KEY, refusal } from "../support/harness.ts";

const noFile = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe("admin key settings", () => {
  test("come from --admin-key (repeatable), PORTA_WEBHOOK_ADMIN_KEYS or the file", () => {
    const pairs = ["ops:admin-key-0123456789", "desk:admin-key-9876543210"];
    expect(loadServeConfig({ adminKey: pairs }, {}, noFile).adminKeys).toEqual(pairs);
    expect(loadServeConfig({}, { PORTA_WEBHOOK_ADMIN_KEYS: pairs.join(", ") }, noFile).adminKeys)
      .toEqual(pairs);
    const file = `admin_keys = ["ops:admin-key-0123456789"]`;
    expect(loadServeConfig({ config: "/p.toml" }, {}, () => file).adminKeys).toEqual([pairs[0]!]);
    expect(SERVE_OPTIONS.find((o) => o.flag === "--admin-key")?.repeatable).toBe(true);
  });

  test("are off by default", () => {
    expect(loadServeConfig({}, {}, noFile).adminKeys).toBeUndefined();
  });

  test.each([
    ["no name", "admin-key-0123456789"],
    ["a short key", "ops:short"],
    ["a name with capitals", "Ops:admin-key-0123456789"],
  ])("%s is refused without echoing the key", (_what, pair) => {
    const attempt = () => loadServeConfig({ adminKey: [pair] }, {}, noFile);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/--admin-key: \(hidden\) is not accepted \(expected NAME:KEY/);
  });

  test("an admin key that is also a webhook key is refused", () => {
    const key = "shared-key-0123456789";
    const attempt = () => loadServeConfig({ key: [key], adminKey: [`ops:${key}`] }, {}, noFile);
    expect(attempt).toThrow(/an admin key may not also be a webhook key/);
  });

  test("the printed configuration shows the names and masks the keys", () => {
    const config = loadServeConfig({ adminKey: ["ops:admin-key-0123456789"] }, {}, noFile);
    expect(maskedConfig(config).admin_keys).toEqual(["ops:********"]);
  });
});

describe("AdminKeys", () => {
  const keys = new AdminKeys(["ops:admin-key-0123456789", "desk:desk-key-0123456789"]);

  test("names the holder of a bearer key", () => {
    expect(keys.nameOf("Bearer admin-key-0123456789")).toBe("ops");
    expect(keys.nameOf("Bearer desk-key-0123456789")).toBe("desk");
    expect(keys.nameOf("bearer desk-key-0123456789")).toBe("desk");
  });

  test.each([null, "", "admin-key-0123456789", "Bearer ", "Bearer admin-key-012345678", "Basic x"])(
    "refuses %p",
    (header) => expect(keys.nameOf(header)).toBeNull(),
  );
});

describe("the admin API's door", () => {
  test("is closed when no admin key is configured: /admin does not exist", async () => {
    using h = new Harness();
    const answer = await h.request("GET", "/admin/vendors", undefined, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(answer).toEqual({ status: 404, body: refusal("ELEMENT_NOT_FOUND") });
  });

  test("refuses a missing or wrong admin key with 401, before reading the body", async () => {
    using h = new AdminHarness();
    const none = await h.request("POST", "/admin/vendors", "{not json", { "x-webhook-key": null });
    const wrong = await h.admin("POST", "/vendors", "{not json", "wrong-key-0123456789");
    const expected = { ...refusal("UNAUTHORIZED"), message: "the admin key was rejected" };
    expect(none).toEqual({ status: 401, body: expected });
    expect(wrong).toEqual({ status: 401, body: expected });
  });

  test("refuses a webhook key, however it is sent", async () => {
    using h = new AdminHarness();
    expect((await h.admin("GET", "/vendors", undefined, KEY)).status).toBe(401);
    const asHeader = await h.request("GET", "/admin/vendors", undefined, { "x-webhook-key": KEY });
    expect(asHeader.status).toBe(401);
  });

  test("an admin key does not open the webhooks", async () => {
    using h = new AdminHarness();
    const asWebhookKey = await h.request("POST", "/hold", holdBody(), {
      "x-webhook-key": ADMIN_KEY,
    });
    const asBearer = await h.request("POST", "/hold", holdBody(), {
      "x-webhook-key": null,
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    for (const answer of [asWebhookKey, asBearer]) {
      expect(answer).toEqual({ status: 400, body: refusal("INCORRECT_REQUEST") });
    }
  });

  test("is under the base path, like every route", async () => {
    using h = new AdminHarness({ basePath: "/porta", adminKeys: [ADMIN] });
    const answer = await h.request("GET", "/porta/admin/vendors", undefined, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(answer).toEqual({ status: 200, body: [{ vendor_id: "v1", name: "Vendor One" }] });
  });
});
