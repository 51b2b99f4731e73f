import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../src/config.ts";
import { readJsonFile } from "../src/json-file.ts";

const file = (text: string | Uint8Array) => {
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

  // Regressions: the first was imported with U+FFFD in the name, the second
  // refused at "line 1, column 1".
  test("bytes that are not UTF-8 are refused; a byte order mark is not", () => {
    const name = (bytes: number[]) =>
      file(new Uint8Array([...Buffer.from('{"vendors":[{"vendor_id":"v","name":"'), ...bytes,
        ...Buffer.from('"}]}')]));
    expect(() => readJsonFile(name([0xff]))).toThrow(/is not valid UTF-8/);
    expect(readJsonFile(file("\uFEFF" + '{"vendors":[]}'))).toEqual({ vendors: [] });
    expect(readJsonFile(name([0xc3, 0xa9]))).toEqual({ vendors: [{ vendor_id: "v", name: "é" }] });
  });
});
