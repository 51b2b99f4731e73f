import { describe, expect, test } from "bun:test";
import { ConfigError, loadServeConfig, maskedConfig } from "../src/config.ts";

const noFile = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe("serve configuration", () => {
  test("with nothing configured it serves on 127.0.0.1:8080 from ./porta-webhook.db", () => {
    expect(loadServeConfig({}, {}, noFile)).toEqual({
      db: "porta-webhook.db",
      host: "127.0.0.1",
      port: 8080,
      keys: [],
      basePath: "",
      logLevel: "info",
      maxBatch: 128,
      shutdownGrace: 20,
      demo: false,
    });
  });

  test("flags win over the environment, which wins over the file, which wins over defaults", () => {
    const file = `
      db = "/from/file.db"
      port = 7000
      host = "0.0.0.0"
      keys = ["file-key-123"]
    `;
    const env = {
      PORTA_WEBHOOK_CONFIG: "/etc/porta-webhook.toml",
      PORTA_WEBHOOK_PORT: "9000",
      PORTA_WEBHOOK_KEYS: "first-key-1, second-key-2",
      PORTA_WEBHOOK_BASE_PATH: "/porta/",
    };
    const config = loadServeConfig({ port: "9100" }, env, () => file);
    expect(config).toMatchObject({
      db: "/from/file.db",
      host: "0.0.0.0",
      port: 9100,
      keys: ["first-key-1", "second-key-2"],
      basePath: "/porta",
      configFile: "/etc/porta-webhook.toml",
    });
    expect(loadServeConfig({ key: ["flag-key-123"] }, env, () => file).keys)
      .toEqual(["flag-key-123"]);
    expect(loadServeConfig({}, { PORTA_WEBHOOK_CONFIG: "/x.toml" }, () => file).keys)
      .toEqual(["file-key-123"]);
  });

  test("a bad setting is refused naming where it came from and what is accepted", () => {
    const attempt = () =>
      loadServeConfig({}, { PORTA_WEBHOOK_PORT: "eighty", PORTA_WEBHOOK_KEYS: "short" }, noFile);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /PORTA_WEBHOOK_PORT: "eighty" is not accepted \(expected an integer from 0 to 65535\)/,
    );
    // A secret is never echoed back, even when it is refused.
    expect(attempt).toThrow(/PORTA_WEBHOOK_KEYS: \(hidden\) is not accepted/);
  });

  test("a bad value in the file names the file, and unknown settings are refused", () => {
    const read = (text: string) => () =>
      loadServeConfig({ config: "/etc/p.toml" }, {}, () => text);
    expect(read('log_level = "loud"')).toThrow(/log_level in \/etc\/p.toml: "loud"/);
    expect(read("prot = 80")).toThrow(/unknown setting\(s\) prot/);
    expect(read("port = [")).toThrow(/config file \/etc\/p.toml/);
  });

  test("demo mode uses its own database file by default", () => {
    expect(loadServeConfig({ demo: true }, {}, noFile).db).toBe("porta-webhook-demo.db");
  });

  test("the printed configuration masks keys and tokens", () => {
    const config = loadServeConfig(
      { key: ["secret-key-1"], metricsToken: "metrics-token-0123456789" },
      {},
      noFile,
    );
    const shown = JSON.stringify(maskedConfig(config));
    expect(shown).not.toContain("secret-key-1");
    expect(shown).not.toContain("metrics-token-0123456789");
    expect(maskedConfig(config).keys).toEqual(["********"]);
  });
});

describe("the shipped configuration file", () => {
  test("refuses to start until its placeholder key is replaced", () => {
    const path = `${import.meta.dir}/../deploy/config.toml`;
    expect(() => loadServeConfig({ config: path }, {})).toThrow(
      /keys in .*config.toml: \(hidden\) is not accepted/,
    );
  });
});
