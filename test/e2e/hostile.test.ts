/**
 * Hostile requests against the compiled binary, byte by byte on a real
 * socket (test/support/raw-http.ts): transport faults (content types,
 * sizes, encodings, cut-off bodies, odd Host headers), body faults that
 * only a raw writer can send, and the webhook key, including rotation and
 * what the server's own output reveals. Every answer must be PORTA's 400
 * (or 404 for an unknown route) and the server must stay healthy.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ensureBinary, jsonLine, KEY, type Server, startServer } from "../support/binary.ts";
import { refusal } from "../support/harness.ts";
import { chunked, head, rawRequest } from "../support/raw-http.ts";

let server: Server;

beforeAll(async () => {
  ensureBinary();
  server = await startServer();
});

afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const healthy = async () =>
  expect((await server.request("GET", "/health")).status).toBe(200);

const MiB = 1024 * 1024;

/** Headers of a webhook call with a JSON body, plus any extra ones. */
const jsonHead = (line: string, extra: Record<string, string | number> = {}) =>
  head(line, {
    host: "localhost",
    "x-webhook-key": KEY,
    "content-type": "application/json",
    ...extra,
  });

/** PORTA's INCORRECT_REQUEST body with this message. */
const refused = (message: string) => ({ ...refusal("INCORRECT_REQUEST"), message });

/** The server's log line for the request that got `message`. */
const logLineFor = async (message: string) =>
  jsonLine(await server.waitForLine("stdout", (l) => jsonLine(l)?.message === message, message));

describe("requests whatever their Host header", () => {
  test.each(["web", "x:1", "a"])(
    "a Host header of three characters or fewer (%s) still routes: Elysia took " +
      "the path from index 11 of the URL",
    async (host) => {
      const answer = await rawRequest(server.url, [
        head("GET /health HTTP/1.1", { host, "x-webhook-key": KEY }),
      ]);
      expect(answer).toMatchObject({ status: 200, json: { status: "ok" } });
    },
  );

  test("an HTTP/1.0 request without a Host header is answered, not Bun's 500 " +
    "for the host-less URL", async () => {
    const answer = await rawRequest(server.url, [
      head("GET /health HTTP/1.0", { "x-webhook-key": KEY }),
    ]);
    expect(answer).toMatchObject({ status: 200, json: { status: "ok" } });

    const body = '{"hold_id":1}';
    const hold = await rawRequest(server.url, [
      head("POST /hold HTTP/1.0", {
        "x-webhook-key": KEY,
        "content-type": "application/json",
        "content-length": body.length,
      }),
      body,
    ]);
    expect(hold).toMatchObject({ status: 400, json: refusal("INCORRECT_REQUEST") });
    expect(server.stderrLines).toEqual([]);
    await healthy();
  });
});

describe("body size and completeness", () => {
  test("a chunked body over 1 MiB is PORTA's 400, not Bun's bare 413 after the whole " +
    "body was buffered", async () => {
    const answer = await rawRequest(server.url, [
      jsonHead("POST /hold HTTP/1.1", { "transfer-encoding": "chunked" }),
      ...chunked(...Array.from({ length: 5 * 16 }, () => "x".repeat(MiB / 16))),
    ]);
    expect(answer).toMatchObject({ status: 400, json: refused("body is too large") });
    await healthy();
  });

  test("a body that stops short of its content-length (the client gave up) is logged " +
    "as INCORRECT_REQUEST, not as an unexpected fault", async () => {
    const answer = await rawRequest(
      server.url,
      [jsonHead("POST /hold HTTP/1.1", { "content-length": 1000 }), '{"hold_id":'],
      { end: true },
    );
    expect(answer).toBeNull();
    const line = await logLineFor("body ended before it was complete");
    expect(line).toMatchObject({ level: "info", status: 400, code: "INCORRECT_REQUEST" });
    await healthy();
  });

  test("a declared body over Bun's 4 MiB limit gets Bun's own 413 and a closed " +
    "connection at once: no 5xx and no hang", async () => {
    const answer = await rawRequest(server.url, [
      jsonHead("POST /hold HTTP/1.1", { "content-length": 5 * MiB }),
      "x".repeat(5 * MiB),
    ]);
    expect(answer).toMatchObject({ status: 413, headers: { connection: "close" } });
    await healthy();
  });
});
