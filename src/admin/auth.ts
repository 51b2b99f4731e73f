/**
 * @module admin/auth
 * The admin API's keys. Each is configured as `NAME:KEY` and presented as
 * `Authorization: Bearer KEY`; the name is what the audit trail records
 * (`admin:NAME`). They are a different set from the webhook keys, so
 * PORTA's key never opens the admin API, nor an admin key the webhooks.
 */
import { timingSafeEqual } from "node:crypto";
import { PortaError } from "../errors.ts";
import { bearerCredentials } from "../http/bearer.ts";

const digest = (value: string) => new Bun.CryptoHasher("sha256").update(value).digest();

interface AdminKey {
  name: string;
  digest: Buffer;
}

function parse(pairs: readonly string[]): AdminKey[] {
  return pairs.map((pair) => {
    const colon = pair.indexOf(":");
    return { name: pair.slice(0, colon), digest: digest(pair.slice(colon + 1)) };
  });
}

export class AdminKeys {
  private keys: AdminKey[];

  constructor(pairs: readonly string[]) {
    this.keys = parse(pairs);
  }

  /** Replaces the accepted keys (rotation without a restart). */
  setKeys(pairs: readonly string[]): void {
    this.keys = parse(pairs);
  }

  /**
   * The name of the key in an `Authorization` header, or null. Digests of
   * equal length are compared in constant time against every key, without
   * stopping at a match, so timing tells nothing about the keys.
   */
  nameOf(authorization: string | null): string | null {
    const presented = bearerCredentials(authorization);
    if (!presented) return null;
    const candidate = digest(presented);
    let name: string | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(candidate, key.digest)) name ??= key.name;
    }
    return name;
  }

  /** The audit actor of a request, or a 401 refusal. */
  actorOf(headers: Headers): string {
    const name = this.nameOf(headers.get("authorization"));
    if (name === null) {
      throw new PortaError("UNAUTHORIZED", "the admin key was rejected", 401);
    }
    return `admin:${name}`;
  }
}
