/**
 * @module admin/query
 * Query strings of the admin API, and the CLI's options that mean the
 * same, checked against one schema of text parameters. A bad value is
 * refused naming the parameter and what it accepts; unknown parameters
 * are ignored. The same schema lists the parameters in the OpenAPI
 * document.
 */
import { Kind, type Static, type TObject, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { badRequest, invalidInput } from "./errors.ts";

const isOptional = (schema: TObject, name: string) => !(schema.required ?? []).includes(name);

/** What a parameter accepts, for a refusal's message. */
function accepts(schema: TSchema): string {
  if (schema[Kind] === "Union") {
    return `one of ${(schema.anyOf as TSchema[]).map((s) => s.const).join(", ")}`;
  }
  return schema.accepts ?? "text";
}

export function readQuery<S extends TObject>(schema: S, query: Record<string, unknown>): Static<S> {
  const out: Record<string, string> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = query[name];
    if (value === undefined || value === null) {
      if (!isOptional(schema, name)) throw badRequest(`${name} is required`);
      continue;
    }
    if (!Value.Check(property, value)) {
      throw invalidInput(`${name}: ${JSON.stringify(value)} is not ${accepts(property)}`);
    }
    out[name] = value as string;
  }
  return out as Static<S>;
}

/** The schema's properties as OpenAPI query parameters. */
export function queryParameters(schema: TObject) {
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: "query" as const,
    required: !isOptional(schema, name),
    schema: property,
  }));
}
