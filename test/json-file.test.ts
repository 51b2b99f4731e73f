import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../src/config.ts";
import { readJsonFile } from "../src/json-file.ts";

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "porta-json-")), "inventory.json");
  writeFileSync(path, text);
  return path;
};

describe("reading an inventory file", () => {
  test("a syntax error is reported with its line and column", () => {
    const path = file('{\n  "vendors": [\n    { "vendor_id": "a", "name": "A" },\n  ]\n}\n');
    expect(() => readJsonFile(path)).toThrow(ConfigError);
    expect(() => readJsonFile(path)).toThrow(/line 4, column 3/);
  });

  test("a missing file says so", () => {
    expect(() => readJsonFile("/nonexistent/inventory.json")).toThrow(/cannot read/);
  });

  test("valid JSON is returned as parsed", () => {
    expect(readJsonFile(file('{"vendors":[]}'))).toEqual({ vendors: [] });
  });
});
