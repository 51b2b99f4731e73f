/**
 * @module errors
 * The one domain error type. Services throw a `PortaError` carrying one of
 * PORTA's eight webhook error codes; the HTTP layer maps it to the 400 body
 * in a single place (src/http/errors.ts).
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

export class PortaError extends Error {
  override readonly name = "PortaError";

  constructor(
    readonly code: PortaCode,
    message: string,
  ) {
    super(message);
  }
}

export const incorrect = (message: string) =>
  new PortaError("INCORRECT_REQUEST", message);
export const invalid = (message: string) =>
  new PortaError("VALIDATION_ERROR", message);
export const notFound = (message: string) =>
  new PortaError("ELEMENT_NOT_FOUND", message);
