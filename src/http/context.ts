/**
 * @module http/context
 * Per-request facts that outlive the handler: the request id (also the
 * `id` of a 400 body) and the PORTA ids and error code that the request's
 * log line reports. Kept beside the Request object, not in Elysia's
 * context, so that the server wrapper that writes the log line sees them.
 */

export interface RequestFacts {
  id: string;
  hold_id?: string;
  booking_id?: string;
  tuimm_booking_id?: string;
  code?: string;
  message?: string;
  error?: unknown;
  /** Set when a service recorded the outcome in the audit trail. */
  audited?: boolean;
  /** Set once the webhook key was accepted: the caller is PORTA. */
  authenticated?: boolean;
}

const facts = new WeakMap<Request, RequestFacts>();

export function factsOf(request: Request): RequestFacts {
  let f = facts.get(request);
  if (!f) {
    f = { id: crypto.randomUUID() };
    facts.set(request, f);
  }
  return f;
}

export function annotate(request: Request, extra: Partial<RequestFacts>): void {
  Object.assign(factsOf(request), extra);
}
