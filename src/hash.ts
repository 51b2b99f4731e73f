/**
 * @module hash
 * Fingerprints of requests, for idempotency: a repeat with the same key
 * must carry the same body (DECISIONS 8, 12).
 */

/** JSON with object keys sorted, so that key order never matters. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export function fingerprint(value: unknown): string {
  return new Bun.CryptoHasher("sha256").update(canonicalJson(value)).digest("hex");
}
