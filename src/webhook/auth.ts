/**
 * @module webhook/auth
 * The `x-webhook-key` and `accept-version` checks that every webhook call
 * passes first (DECISIONS 2, 3, 6a). Several keys may be valid at once, so
 * a key can be rotated without downtime.
 */
import { timingSafeEqual } from "node:crypto";
import { incorrect } from "../errors.ts";

export const WEBHOOK_VERSION = "vnd.porta-webhook-api.v1";

const digest = (value: string) =>
  new Bun.CryptoHasher("sha256").update(value).digest();

export class KeyChecker {
  private digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** Replaces the accepted keys (for rotation without a restart). */
  setKeys(keys: readonly string[]): void {
    this.digests = keys.map(digest);
  }

  /**
   * Compares digests of equal length in constant time, against every key
   * without stopping early, so timing reveals neither key nor match.
   */
  accepts(presented: string | null): boolean {
    if (!presented) return false;
    const candidate = digest(presented);
    let ok = false;
    for (const d of this.digests) ok = timingSafeEqual(candidate, d) || ok;
    return ok;
  }

  /** Refuses a call whose `x-webhook-key` is not one of the keys. */
  checkKey(headers: Headers): void {
    if (!this.accepts(headers.get("x-webhook-key"))) {
      throw incorrect("the x-webhook-key header was rejected");
    }
  }

  /** Refuses an `accept-version` other than ours; none at all is fine. */
  checkVersion(headers: Headers): void {
    const version = headers.get("accept-version");
    if (version !== null && version !== WEBHOOK_VERSION) {
      throw incorrect(`accept-version must be ${WEBHOOK_VERSION}`);
    }
  }
}
