/**
 * The compiled server as the reliability tests see it: one store file, one
 * running `porta-webhook serve` at a time, which can be killed with SIGKILL
 * and restarted on the same file, or stopped with SIGTERM. Requests always
 * go to the current server; a request that fails at the connection level
 * comes back as status 0 with the error code, never as a throw, so the
 * workload can decide whether a crash explains it.
 */
import { type Server, startServer } from "../support/binary.ts";

export type Reply =
  | { status: number; body: any; error?: undefined }
  | { status: 0; body?: undefined; error: string };

/** A request that has had no answer for this long is a hung server. */
const REQUEST_DEADLINE_MS = 30_000;

export class Target implements AsyncDisposable {
  /** Bumped when a kill starts: a failure across a bump is explained. */
  epoch = 0;
  /** True from the kill until the new server logs "listening". */
  down = false;
  readonly restartMs: number[] = [];
  private up: Promise<void> = Promise.resolve();

  private constructor(
    readonly db: string,
    private server: Server,
    private readonly args: string[],
  ) {}

  static async start(db: string, args: string[] = []): Promise<Target> {
    return new Target(db, await startServer({ db, args }), args);
  }

  get url(): string {
    return this.server.url;
  }

  get key(): string {
    return this.server.key!;
  }

  get pid(): number {
    return this.server.process.pid;
  }

  /** Everything the current server has printed on stdout so far. */
  get stdoutLines(): readonly string[] {
    return this.server.stdoutLines;
  }

  /** Resolves once a server is accepting requests (at once when one is). */
  ready(): Promise<void> {
    return this.up;
  }

  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    try {
      const response = await fetch(this.server.url + path, {
        method,
        headers: {
          "x-webhook-key": this.key,
          "content-type": "application/json",
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch (e) {
      const error = e as { code?: string; name?: string; message?: string };
      return { status: 0, error: error.code ?? error.name ?? String(error.message) };
    }
  }

  /**
   * SIGKILL, wait for the process to be gone, start a new server on the
   * same file. Resolves when the new one listens; `ready()` too.
   */
  async crash(): Promise<void> {
    this.epoch++;
    this.down = true;
    let done!: () => void;
    this.up = new Promise((resolve) => (done = resolve));
    try {
      const old = this.server;
      old.process.kill("SIGKILL");
      await old.process.exited;
      await old[Symbol.asyncDispose]();

      const started = performance.now();
      this.server = await startServer({ db: this.db, args: this.args });
      this.restartMs.push(performance.now() - started);
      this.down = false;
    } finally {
      // Waiters go on either way: against a dead server they fail fast.
      done();
    }
  }

  /** Sends `signal` to the current server and returns at once. */
  signal(signal: NodeJS.Signals): void {
    this.server.process.kill(signal);
  }

  /** Waits for a line of the current server's stdout, seen or to come. */
  waitForLine(match: (line: string) => boolean, what: string): Promise<string> {
    return this.server.waitForLine("stdout", match, what);
  }

  /** The current server's exit code, once it has exited. */
  exited(): Promise<number> {
    return this.server.process.exited;
  }

  /** SIGTERM; resolves with the exit code once the process is gone. */
  async terminate(): Promise<number | null> {
    this.epoch++;
    this.down = true;
    return this.server.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.server[Symbol.asyncDispose]();
  }
}
