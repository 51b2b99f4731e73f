/**
 * Log lines never carry a webhook key or a holder's personal data: the
 * logger redacts them wherever they appear. (The per-request line skips
 * redaction: test/webhook/http.test.ts pins its fields.)
 */
import { describe, expect, test } from "bun:test";
import { createLogger } from "../src/log.ts";
import { KEY } from "./support/harness.ts";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe("logging", () => {
  test("redacts keys, holders and emails, at the top and one level down", () => {
    const { lines, destination } = capture();
    const log = createLogger("info", destination);
    log.error({
      key: KEY,
      headers: { "x-webhook-key": KEY },
      holder: { name: "Ada", email: "ada@example.com" },
      booking: { holder: { name: "Ada" } },
      email: "ada@example.com",
    }, "failed");
    const line = lines.join("");
    expect(line).not.toContain(KEY);
    expect(line).not.toContain("Ada");
    expect(line).not.toContain("ada@example.com");
    expect(JSON.parse(line)).toMatchObject({ key: "[redacted]", holder: "[redacted]" });
  });
});
