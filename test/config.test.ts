import { describe, expect, test } from "bun:test";
import { ConfigError, loadServeConfig } from "../src/config.ts";

describe("serve configuration", () => {
  test("with nothing configured it serves on 127.0.0.1:8080 from ./porta-webhook.db", () => {
    expect(loadServeConfig({}, {})).toEqual({
      db: "porta-webhook.db",
      host: "127.0.0.1",
      port: 8080,
      keys: [],
      basePath: "",
      logLevel: "info",
      demo: false,
      maxBatch: 128,
    });
  });

  test("flags win over environment variables, which win over defaults", () => {
    const env = {
      PORTA_WEBHOOK_DB: "/var/lib/porta/env.db",
      PORTA_WEBHOOK_PORT: "9000",
      PORTA_WEBHOOK_KEYS: "first-key-1, second-key-2",
      PORTA_WEBHOOK_BASE_PATH: "/porta/",
    };
    const config = loadServeConfig({ port: "9100" }, env);
    expect(config).toMatchObject({
      db: "/var/lib/porta/env.db",
      port: 9100,
      keys: ["first-key-1", "second-key-2"],
      basePath: "/porta",
    });
    expect(loadServeConfig({ key: ["flag-key-123"] }, env).keys).toEqual(["flag-key-123"]);
  });

  test("a bad setting is refused with its flag, variable and accepted values", () => {
    const attempt = () => loadServeConfig({}, { PORTA_WEBHOOK_PORT: "eighty", PORTA_WEBHOOK_KEYS: "short" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/--port \/ PORTA_WEBHOOK_PORT: "eighty" is not accepted \(expected an integer/);
    expect(attempt).toThrow(/--key \/ PORTA_WEBHOOK_KEYS: "short"/);
  });

  test("demo mode uses its own database file by default", () => {
    expect(loadServeConfig({ demo: true }, {}).db).toBe("porta-webhook-demo.db");
  });
});
