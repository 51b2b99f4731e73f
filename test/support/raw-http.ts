/**
 * A raw HTTP/1.x client for end-to-end tests: writes exactly the bytes a
 * test gives it to a TCP socket on loopback and reads back one response,
 * so that tests can send what fetch() would never send (a wrong
 * content-length, a cut-off body, HTTP/1.0 without Host, chunks by hand).
 *
 * Nothing sleeps: the answer is awaited with a deadline, and a server that
 * neither answers nor closes within it fails the test as a hang.
 */
import { connect, type Socket } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (decoded by content-length or chunked encoding). */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RawOptions {
  /** Half-close our side once everything is written (a client that gives up). */
  end?: boolean;
  /** How long the server may take to answer or close. */
  deadlineMs?: number;
  /** Write every part even after the answer (a client that will not stop). */
  keepSending?: boolean;
}

export type Part = string | Uint8Array;

/** One request line and its headers, CRLF-terminated, ready for a body. */
export function head(requestLine: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [requestLine, ...lines, "", ""].join("\r\n");
}

/** The body split into chunks of transfer-encoding: chunked, with the last one. */
export function chunked(...pieces: Part[]): Part[] {
  return [
    ...pieces.flatMap((p) => [`${byteLength(p).toString(16)}\r\n`, p, "\r\n"]),
    "0\r\n\r\n",
  ];
}

const byteLength = (p: Part) => (typeof p === "string" ? Buffer.byteLength(p) : p.byteLength);

/**
 * Sends `parts` in order to `url`'s host and port and resolves with the
 * first final (non-1xx) response; resolves null when the server closes the
 * connection without one. Write errors after the server has answered (it
 * may answer early and close) are expected and ignored.
 */
export function rawRequest(
  url: string,
  parts: Part[],
  options: RawOptions = {},
): Promise<RawResponse | null> {
  const { hostname, port } = new URL(url);
  const deadlineMs = options.deadlineMs ?? 10_000;

  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ""));
    let received = Buffer.alloc(0);
    let settled = false;
    let answered: RawResponse | null = null;
    let written = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const answer = (response: RawResponse) => {
      answered = response;
      if (written || !options.keepSending) finish(() => resolve(response));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no answer and no close within ${deadlineMs} ms`))),
      deadlineMs,
    );

    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const response = answered ?? parseResponse(received);
      if (response) answer(response);
    });
    socket.on("close", () => finish(() => resolve(answered ?? parseResponse(received, true))));
    socket.on("error", () => {
      // EPIPE or ECONNRESET once the server has answered and closed: the
      // close handler reports whatever arrived.
    });
    writeAll(socket, parts, options.end ?? false).then(() => {
      written = true;
      if (answered) finish(() => resolve(answered));
    });
  });
}

/** Writes every part, waiting for the socket to drain between them. */
async function writeAll(socket: Socket, parts: Part[], end: boolean): Promise<void> {
  for (const part of parts) {
    if (socket.destroyed) return;
    if (!socket.write(part)) {
      await new Promise<void>((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    }
  }
  if (end && !socket.destroyed) socket.end();
}

/**
 * The first final response in `bytes` once it is complete, else null. At
 * the connection's close (`closed`), a response without a length ends there.
 */
function parseResponse(bytes: Buffer, closed = false): RawResponse | null {
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", offset);
    if (end < 0) return null;
    const [statusLine, ...lines] = bytes.subarray(offset, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1]);
    const headers = Object.fromEntries(
      lines.map((l) => {
        const colon = l.indexOf(":");
        return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
      }),
    );
    const start = end + 4;
    if (status >= 100 && status < 200) {
      offset = start;
      continue;
    }

    let body: Buffer | null;
    if (headers["transfer-encoding"]?.includes("chunked")) body = dechunk(bytes.subarray(start));
    else if (headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      body = bytes.length - start >= length ? bytes.subarray(start, start + length) : null;
    } else body = closed ? bytes.subarray(start) : null;
    if (body === null) return null;

    const text = body.toString("utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, headers, body: text, json };
  }
}

/** A complete chunked body, decoded, or null while it is still arriving. */
function dechunk(bytes: Buffer): Buffer | null {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(out);
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return null;
    out.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}
