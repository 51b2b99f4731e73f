/**
 * @module http/bearer
 * The credentials of an `Authorization: Bearer …` header. The scheme's
 * name is case-insensitive (RFC 9110, 11.1); anything else is no
 * credentials at all.
 */
export function bearerCredentials(authorization: string | null): string | null {
  return /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1] ?? null;
}
