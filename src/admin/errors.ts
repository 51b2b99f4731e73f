/**
 * @module admin/errors
 * The admin API's refusals: PortaError (the one domain error type) with
 * the HTTP status the README's table gives each code.
 */
import { PortaError } from "../errors.ts";

export const badRequest = (message: string) =>
  new PortaError("INCORRECT_REQUEST", message, 400);
export const invalidInput = (message: string) =>
  new PortaError("VALIDATION_ERROR", message, 400);
export const unknown = (what: string) =>
  new PortaError("ELEMENT_NOT_FOUND", `unknown ${what}`, 404);
export const alreadyExists = (what: string) =>
  new PortaError("ALREADY_EXISTS", `${what} already exists`, 409);
export const inUse = (message: string) => new PortaError("IN_USE", message, 409);
export const belowTaken = (message: string) =>
  new PortaError("CAPACITY_BELOW_TAKEN", message, 409);
