/**
 * @module json-file
 * Reads a JSON file for a command (an inventory to import), saying where a
 * syntax error is: JSON.parse only names the bad token, which in a
 * 2,000-line inventory does not help. jsonc-parser finds the line and column.
 */
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { readFileSync } from "node:fs";
import { ConfigError } from "./config.ts";

/** Line and column (1-based) of a character offset in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readJsonFile(file: string): unknown {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  // Refused, as the webhooks refuse it: decoding would put U+FFFD in names.
  // A byte order mark, which some editors write, is dropped by the decoder.
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ConfigError(`${file} is not valid UTF-8`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
    const { line, column } = position(text, first.offset);
    throw new ConfigError(
      `${file} is not valid JSON: line ${line}, column ${column}: ` +
        printParseErrorCode(first.error),
    );
  }
}
