/**
 * @module errors
 * The one domain error type. Services throw a `PortaError` carrying one of
 * PORTA's eight webhook error codes; the HTTP layer maps it to the 400 body
 * in a single place (src/http/errors.ts). The admin API throws the same
 * type with its own HTTP status and, where PORTA's codes do not fit, one
 * of its own codes; PORTA never sees those.
 */

export const PORTA_ERROR_CODES = [
  "INACTIVE_HOLD_KEY",
  "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
  "ELEMENT_NOT_FOUND",
  "NO_CAPACITY_LEFT",
  "NOT_CANCELLABLE_BOOKING",
  "VALIDATION_ERROR",
  "INCORRECT_REQUEST",
  "UNCLASSIFIED_ERROR",
] as const;

export type PortaCode = (typeof PORTA_ERROR_CODES)[number];

export const ADMIN_ERROR_CODES = [
  "UNAUTHORIZED",
  "ALREADY_EXISTS",
  "IN_USE",
  "CAPACITY_BELOW_TAKEN",
] as const;

export type ErrorCode = PortaCode | (typeof ADMIN_ERROR_CODES)[number];

/**
 * Longest message kept, in characters. Messages quote what was sent (an
 * id, a language): a 100 KB value would come back whole in the answer
 * and be stored in the audit trail with every refusal.
 */
export const MAX_MESSAGE_LENGTH = 500;

/** The head of a long message, never ending in half a surrogate pair. */
function cut(message: string): string {
  const head = message.slice(0, MAX_MESSAGE_LENGTH - 1);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

export class PortaError extends Error {
  override readonly name = "PortaError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Always 400 for a webhook (DECISIONS 4); the admin API uses others. */
    readonly status = 400,
  ) {
    super(message.length > MAX_MESSAGE_LENGTH ? `${cut(message)}…` : message);
  }
}

export const incorrect = (message: string) =>
  new PortaError("INCORRECT_REQUEST", message);
export const invalid = (message: string) =>
  new PortaError("VALIDATION_ERROR", message);
export const notFound = (message: string) =>
  new PortaError("ELEMENT_NOT_FOUND", message);
