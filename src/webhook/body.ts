/**
 * @module webhook/body
 * Reads and checks a webhook body, choosing PORTA's code as DECISIONS 5
 * says: a body that is not JSON, a missing field or a wrong JSON type is
 * INCORRECT_REQUEST; a field of the right type that fails its pattern,
 * format or bounds is VALIDATION_ERROR. Shape faults win over format faults.
 */
// Loaded first for their side effects, so that the formats set below win
// whatever the import order elsewhere: Elysia registers TypeBox formats,
// and @elysiajs/openapi (through @sinclair/typemap) sets `uuid` and
// `email` to zod checks that are stricter than ours and build a zod schema
// on every check (a tenth of the server's CPU under load).
import "elysia";
import "@elysiajs/openapi";
import { FormatRegistry, type TSchema, type Static } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { incorrect, invalid } from "../errors.ts";
import { parseLocalDateTime } from "../time.ts";

/** Bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects accepted. PORTA's bodies nest four
 * levels; JSON.parse copes with any depth, but recursive code further on
 * (TypeBox's uniqueItems hashing, JSON.stringify of the holder) overflows
 * the stack on a deep value, which would be an UNCLASSIFIED_ERROR.
 */
export const MAX_DEPTH = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose: PORTA has validated the address already, and refusing
// a paid booking over an unusual but deliverable address helps nobody.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

// Set unconditionally, over stricter versions registered by the imports
// above (Elysia's date-time wants an offset, which PORTA's local times lack).
FormatRegistry.Set("uuid", (v) => UUID.test(v));
FormatRegistry.Set("email", (v) => EMAIL.test(v));
FormatRegistry.Set("date-time", (v) => parseLocalDateTime(v) !== null);
FormatRegistry.Set("int32", () => true);

// Errors that mean "right JSON type, wrong value".
const VALUE_FAULTS = new Set<ValueErrorType>([
  ValueErrorType.StringPattern,
  ValueErrorType.StringFormat,
  ValueErrorType.StringFormatUnknown,
  ValueErrorType.StringMinLength,
  ValueErrorType.StringMaxLength,
  ValueErrorType.IntegerMinimum,
  ValueErrorType.IntegerMaximum,
  ValueErrorType.IntegerExclusiveMinimum,
  ValueErrorType.IntegerExclusiveMaximum,
  ValueErrorType.NumberMinimum,
  ValueErrorType.NumberMaximum,
  ValueErrorType.ArrayMinItems,
  ValueErrorType.ArrayMaxItems,
  ValueErrorType.ArrayUniqueItems,
  ValueErrorType.Literal,
  ValueErrorType.Union,
]);

/** The JSON type of a parsed value: what "wrong JSON type" compares. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Whether some branch of `schema` takes values of JSON type `type`. */
function takesType(schema: TSchema, type: string): boolean {
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((s: TSchema) => takesType(s, type));
  if (schema.const !== undefined) return jsonType(schema.const) === type;
  const declared = schema.type === "integer" ? "number" : schema.type;
  return declared === type;
}

function isValueFault(e: ValueError): boolean {
  // A union or enum given a value of a JSON type one of its branches takes
  // (a string for an enum of strings, 1.5 for integer-or-null) is a value
  // fault; given another JSON type ("10" for integer-or-null), a shape one.
  if (e.type === ValueErrorType.Union || e.type === ValueErrorType.Literal) {
    return takesType(e.schema, jsonType(e.value));
  }
  // 2.5 for an integer is a number of the wrong kind, not a wrong type.
  if (e.type === ValueErrorType.Integer) return typeof e.value === "number";
  return VALUE_FAULTS.has(e.type);
}

/** `path: what was expected`; an enum lists the values it accepts. */
function describe(e: ValueError): string {
  const where = e.path === "" ? "body" : e.path.slice(1).replaceAll("/", ".");
  const consts = Array.isArray(e.schema.anyOf)
    ? e.schema.anyOf.map((s: TSchema) => s.const).filter((c: unknown) => c !== undefined)
    : [];
  if (e.type === ValueErrorType.Union && consts.length === e.schema.anyOf.length) {
    return `${where}: expected one of ${consts.join(", ")}`;
  }
  return `${where}: ${e.message}`;
}

export class BodyReader<S extends TSchema> {
  private compiled: TypeCheck<S> | null = null;

  constructor(private readonly schema: S) {}

  /**
   * Compiled at the first body read, not at start-up: the readers of every
   * route (admin ones too) are made when their modules load, and compiling
   * them all delayed the first healthy answer by some 20 ms.
   */
  private get check(): TypeCheck<S> {
    return (this.compiled ??= TypeCompiler.Compile(this.schema));
  }

  /** Validates an already-parsed JSON value. */
  validate(value: unknown): Static<S> {
    if (this.check.Check(value)) return value;

    const errors = [...this.check.Errors(value)];
    const shape = errors.find((e) => !isValueFault(e));
    if (shape) throw incorrect(describe(shape));
    throw invalid(describe(errors[0]!));
  }

  /** Reads the request's body as JSON and validates it. */
  async read(request: Request): Promise<Static<S>> {
    return this.validate(await readJson(request));
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw incorrect("content-type must be application/json");
  }

  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw incorrect("body is too large");

  const bytes = !request.body ? new Uint8Array()
    : declared > 0 && !request.headers.has("transfer-encoding") ? await readDeclared(request)
    : await readCapped(request.body);
  if (bytes.byteLength === 0) throw incorrect("body is empty");

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw incorrect("body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw incorrect("body is not valid JSON");
  }
  checkParsed(value);
  return value;
}

/**
 * A body framed by its content-length, already checked against
 * MAX_BODY_BYTES: HTTP framing bounds it, so it is read whole, which costs
 * a fraction of reading it as a stream (bench/RESULTS.md).
 */
async function readDeclared(request: Request): Promise<Uint8Array> {
  const buffer = await request.arrayBuffer().catch(() => {
    throw incorrect("body ended before it was complete");
  });
  return new Uint8Array(buffer);
}

/**
 * Reads at most MAX_BODY_BYTES, so that a chunked body (which declares no
 * length) is refused as soon as it is too large instead of being buffered
 * whole. A body that stops short (the client went away) is the client's
 * fault, not an unexpected one.
 */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await reader.read().catch(() => {
      throw incorrect("body ended before it was complete");
    });
    if (chunk.done) return Buffer.concat(chunks);
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.cancel().catch(() => {});
      throw incorrect("body is too large");
    }
    chunks.push(chunk.value);
  }
}

/**
 * Walks the parsed body without recursion, so that no depth can overflow.
 * Every string and key must be well-formed Unicode: JSON's `\ud800` escape
 * makes a lone surrogate, which SQLite stores as U+FFFD, so two different
 * ids would become one row.
 */
function checkParsed(value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string" && !v.isWellFormed()) throw notUnicode();
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_DEPTH) throw incorrect(`body is nested over ${MAX_DEPTH} levels deep`);
    if (Array.isArray(v)) {
      for (const child of v) stack.push([child, depth + 1]);
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      if (!key.isWellFormed()) throw notUnicode();
      stack.push([child, depth + 1]);
    }
  }
}

const notUnicode = () => incorrect("body has a string that is not valid Unicode");
