/**
 * @module http/errors
 * The single place where failures become HTTP answers. A PortaError is
 * PORTA's 400 body `{ code, id, message }`; an unknown route is a 404 in the
 * same shape; anything unexpected is 400 UNCLASSIFIED_ERROR with no
 * internals (DECISIONS 4), its cause kept for the log line.
 */
import { Elysia } from "elysia";
import { type ErrorCode, PortaError } from "../errors.ts";
import { annotate, factsOf } from "./context.ts";

function answer(request: Request, status: number, code: ErrorCode, message: string) {
  const { id } = factsOf(request);
  annotate(request, { code, message });
  return new Response(JSON.stringify({ code, id, message }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export const errorHandling = new Elysia({ name: "error-handling" }).onError(
  { as: "global" },
  ({ code, error, request }) => {
    if (error instanceof PortaError) {
      return answer(request, error.status, error.code, error.message);
    }
    if (code === "NOT_FOUND") {
      const path = new URL(request.url).pathname;
      return answer(request, 404, "ELEMENT_NOT_FOUND", `no route ${request.method} ${path}`);
    }
    if (code === "PARSE" || code === "VALIDATION") {
      return answer(request, 400, "INCORRECT_REQUEST", "the request is malformed");
    }
    annotate(request, { error });
    return answer(request, 400, "UNCLASSIFIED_ERROR", "an unexpected error occurred");
  },
);
