/**
 * fast-check arbitraries that turn a valid webhook body into a hostile
 * one: fields dropped, duplicated, retyped, replaced by look-alikes,
 * numbers written oddly, raw JSON text spliced in, single bytes changed.
 * A plan is generated without knowing the body (paths are picked by
 * index), so one plan applies to whatever fresh body a test builds.
 */
import fc from "fast-check";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

export type Mutation =
  | { kind: "drop"; pick: number }
  | { kind: "replace"; pick: number; value: Json }
  | { kind: "wrap"; pick: number }
  | { kind: "stringify"; pick: number }
  | { kind: "lookalike"; pick: number; at: number; glyph: string }
  | { kind: "addKey"; pick: number; key: string; value: Json }
  | { kind: "duplicateKey"; pick: number; value: Json; first: boolean }
  | { kind: "raw"; pick: number; literal: string; asNewKey: boolean }
  | { kind: "nest"; pick: number; depth: number }
  | { kind: "byte"; at: number; byte: number }
  | { kind: "prefix"; text: string };

/** Arrays `depth` deep, as JSON text. */
export const nestedArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Strings that break PORTA's id, uuid, date-time and booking id patterns. */
const trickyStrings = [
  "", " ", "2", "-1", "null", "true", "[]", "{}", "a".repeat(51), "A-1", ".x", "_x", "-x",
  "x y", "s-1500 ", "\u0455-1500", "s\u20111500", "s-\uff11\uff15\uff10\uff10", "\u0000",
  "\u200bs-1500", "rome-tour", "adult", "unlimited", "s-0900", "hotel-a", "2030-06-01T12:30:00",
  "2030-02-30T10:00:00", "2030-06-01T25:00", "9999-12-31T23:59:59", "0000-01-01T00:00",
  "2030-06-01T12:30:00.1234567890", "2030-06-01t12:30", "0b5a3f6e-2f4c-4d8a-9a41-6f0e1c2d3b4a",
  "0B5A3F6E-2F4C-4D8A-9A41-6F0E1C2D3B4A", "0b5a3f6e2f4c4d8a9a416f0e1c2d3b4a", "MUS1_2",
  "MUS_2", "mus1_2", "MUS1_2\n", "ada@example.com", "not-an-email", "a@b@c", "en", "xx",
  "FOR_ALL", "\ud83d\ude00", "e\u0301", "\ufeff",
];

const trickyNumbers = [
  0, -0, 1, -1, 2, 2.5, 1e3, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e308, -1e308, 5e-324, 0.1,
];

/** One JSON value of any type, with a bias to values near the edges. */
export const hostileValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<Json>(...trickyStrings, ...trickyNumbers) },
    { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false) },
    { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 3 }),
    },
  ),
})).value.filter((v) => !(typeof v === "number" && !Number.isFinite(v)));

/**
 * Values the fixture inventory knows (test/support/inventory.ts): a body
 * that stays valid but names another slot, category or time reaches the
 * services' own rules (unknown ids, cut-offs, capacity, quantities).
 */
const plausibleValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    "rome-tour", "ny-pass", "tokyo-pass", "standard", "vip", "day", "open", "s-0900",
    "s-1500", "sold-out", "vip-1000", "unlimited", "season", "2030-06-15", "adult", "child",
    "hotel-a", "station", "en", "it", "de", "2030-06-01T09:00:00", "2030-06-01T12:00",
    "2030-06-15T14:00:00Z", "2030-07-01 00:00", "MUS9_9",
  ),
  fc.integer({ min: 0, max: 12 }),
  fc.uuid().map((u): Json => u),
);

/** What a mutation puts in: mostly hostile, often plausible. */
const replacement = fc.oneof(
  { weight: 3, arbitrary: hostileValue },
  { weight: 2, arbitrary: plausibleValue },
);

/** JSON text to splice in as a value: odd number forms, invalid JSON, deep nesting. */
const rawLiterals = [
  "1e3", "2e0", "2.0", "20e-1", "0.2e1", "-0", "0.0", "1E400", "-1e400", "1e-400",
  "9007199254740993", "2.5", "00", "01", "+1", ".5", "1.", "NaN", "Infinity", "0x10", "'a'",
  "undefined", "tru", "nul", "[", "{", '"\\x41"', '"\\ud800"', '"\\udfff x"', '"\\u0000"',
  '"a\\"b"', '"\\u0073-1500"', nestedArrays(63), nestedArrays(64), nestedArrays(100),
  '{"a":'.repeat(70) + "1" + "}".repeat(70), "[1,]", "{,}", '{"a" 1}',
  // Deep enough to overflow any recursive walk of the parsed body.
  nestedArrays(100_000),
];

/** A character to put in place of, or beside, one in a string. */
const glyphs = [
  "\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0455", "\u0445", "\u0456", "\uff11",
  "\u2010", "\u2011", "\u2212", "\u200b", "\ufeff", "\u0301", "\u00a0", "A", "_", " ",
];

const pick = fc.nat();

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("replace" as const), pick, value: replacement }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wrap" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stringify" as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("lookalike" as const),
      pick,
      at: fc.nat(),
      glyph: fc.constantFrom(...glyphs),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("addKey" as const),
      pick,
      key: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("__proto__", "constructor")),
      value: replacement,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("duplicateKey" as const),
      pick,
      value: replacement,
      first: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      pick,
      literal: fc.constantFrom(...rawLiterals),
      asNewKey: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("nest" as const),
      pick,
      depth: fc.constantFrom(2, 63, 64, 65, 1000, 100_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("byte" as const),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("prefix" as const),
      text: fc.constantFrom("\ufeff", " \n\t", "\u00a0", "//", "[]"),
    }),
  },
);

/** Up to three mutations; none at all now and then, to keep valid bodies in the mix. */
export const mutations = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
  { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
);

/** Every path into `value` (the root excluded), parents before children. */
function paths(value: Json, at: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
}

const getAt = (root: Json, path: Path): Json =>
  path.reduce<any>((node, key) => node[key], root);

function setAt(root: Json, path: Path, value: Json | undefined): void {
  const parent = getAt(root, path.slice(0, -1)) as any;
  const key = path.at(-1)!;
  if (value !== undefined) parent[key] = value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

/** The n-th (mod count) of the paths that satisfy `fit`, or null when none does. */
function choose(root: Json, n: number, fit: (v: Json) => boolean = () => true): Path | null {
  const fitting = paths(root).filter((p) => fit(getAt(root, p)));
  return fitting.length === 0 ? null : fitting[n % fitting.length]!;
}

/** Sets an own key, even `__proto__` (which plain assignment would not). */
const put = (target: Record<string, Json>, key: string, value: Json) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Applies `plan` to a copy of `body` and returns the bytes to send. Raw
 * literals and duplicate keys go in as placeholders that are replaced in
 * the JSON text, since no JavaScript value serialises to them.
 */
export function applyPlan(body: Json, plan: Mutation[]): Uint8Array {
  const root: Json = structuredClone(body);
  const splices: [string, string][] = [];
  const placeholder = () => `\u0001splice${splices.length}\u0001`;
  let prefix = "";
  const bytePatches: { at: number; byte: number }[] = [];

  for (const m of plan) {
    switch (m.kind) {
      case "drop":
      case "replace":
      case "wrap": {
        const path = choose(root, m.pick);
        if (!path) break;
        if (m.kind === "drop") setAt(root, path, undefined);
        else if (m.kind === "replace") setAt(root, path, m.value);
        else setAt(root, path, [getAt(root, path)]);
        break;
      }
      case "raw":
      case "nest": {
        const name = placeholder();
        const asNewKey = m.kind === "raw" && m.asNewKey;
        const path = asNewKey ? choose(root, m.pick, isObject) : choose(root, m.pick);
        const target = path ? getAt(root, path) : root;
        if (asNewKey) {
          if (!isObject(target)) break;
          put(target, `extra${splices.length}`, name);
        } else if (path) setAt(root, path, name);
        else break;
        const text = m.kind === "raw" ? m.literal
          : "[".repeat(m.depth) + JSON.stringify(target) + "]".repeat(m.depth);
        splices.push([JSON.stringify(name), text]);
        break;
      }
      case "stringify": {
        const path = choose(root, m.pick, (v) => typeof v === "number");
        if (path) setAt(root, path, String(getAt(root, path)));
        break;
      }
      case "lookalike": {
        const path = choose(root, m.pick, (v) => typeof v === "string" && v.length > 0);
        if (!path) break;
        const s = getAt(root, path) as string;
        const i = m.at % s.length;
        setAt(root, path, s.slice(0, i) + m.glyph + s.slice(i + (m.glyph.length === 1 ? 1 : 0)));
        break;
      }
      case "addKey": {
        const path = choose(root, m.pick, isObject);
        const target = (path ? getAt(root, path) : root) as Record<string, Json>;
        if (isObject(target)) put(target, m.key, m.value);
        break;
      }
      case "duplicateKey": {
        const path = choose(root, m.pick, isObject);
        const target = (path ? getAt(root, path) : root) as Record<string, Json>;
        if (!isObject(target)) break;
        const keys = Object.keys(target);
        if (keys.length === 0) break;
        const key = keys[m.pick % keys.length]!;
        const name = placeholder();
        splices.push([JSON.stringify(name), JSON.stringify(key)]);
        const entries = Object.entries(target);
        for (const k of keys) delete target[k];
        if (m.first) put(target, name, m.value);
        for (const [k, v] of entries) put(target, k, v);
        if (!m.first) put(target, name, m.value);
        break;
      }
      case "byte":
        bytePatches.push(m);
        break;
      case "prefix":
        prefix = m.text + prefix;
        break;
    }
  }

  let text = prefix + JSON.stringify(root);
  for (const [from, to] of splices) text = text.replace(from, () => to);
  const bytes = new TextEncoder().encode(text);
  for (const p of bytePatches) if (bytes.length > 0) bytes[p.at % bytes.length] = p.byte;
  return bytes;
}

/** A header name in a random mixture of cases. */
export const anyCase = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
