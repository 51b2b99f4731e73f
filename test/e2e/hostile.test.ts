/**
 * Hostile requests against the compiled binary, byte by byte on a real
 * socket (test/support/raw-http.ts): transport faults (content types,
 * sizes, encodings, cut-off bodies, odd Host headers), body faults that
 * only a raw writer can send, and the webhook key, including rotation and
 * what the server's own output reveals. Every answer must be PORTA's 400
 * (or 404 for an unknown route) and the server must stay healthy.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ensureBinary, KEY, type Server, startServer } from "../support/binary.ts";
import { refusal } from "../support/harness.ts";
import { head, rawRequest } from "../support/raw-http.ts";

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
