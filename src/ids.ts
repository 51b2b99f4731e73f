/**
 * @module ids
 * PORTA's id pattern and the identifiers this service mints.
 */
import { Type } from "@sinclair/typebox";

/**
 * PORTA writes its id pattern as `^(?!\-|\.|\_)[0-9a-z\-\.\_]{1,50}$`. The
 * `\_` escape is a syntax error under JavaScript's `u` flag (which JSON
 * Schema validators use), so we publish this equivalent (DECISIONS 6b): it
 * accepts exactly the same strings.
 */
export const ID_PATTERN = "^(?![-._])[0-9a-z._-]{1,50}$";

export const Id = (description: string) =>
  Type.String({ pattern: ID_PATTERN, description, examples: ["abc-123"] });

// Crockford's base32: no I, L, O or U, so a number read aloud or typed from
// paper is not misread; all of it is printable ASCII, safe for Code 128.
const TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ticket number: 16 symbols of 5 random bits each (80 bits from the
 * system's CSPRNG), grouped by four for reading. Unguessable; uniqueness
 * is also enforced by the tickets table's primary key.
 */
export function newTicketNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && i % 4 === 0) out += "-";
    out += TICKET_ALPHABET[bytes[i]! & 31];
  }
  return out;
}

export const newTransactionId = (): string => crypto.randomUUID();
