/**
 * Admin API support for in-process tests: a harness with one admin key,
 * and a client that sends it as a bearer token (and no webhook key).
 */
import { expect } from "bun:test";
import type { Inventory } from "../../src/inventory/schema.ts";
import { type Answer, bookingBody, Harness, holdBody } from "./harness.ts";
import { testInventory } from "./inventory.ts";

export const ADMIN_KEY = "admin-key-0123456789abcdef";
export const ADMIN = `ops:${ADMIN_KEY}`;

export class AdminHarness extends Harness {
  constructor(options: ConstructorParameters<typeof Harness>[0] = {}) {
    super({ adminKeys: [ADMIN], ...options });
  }

  admin(method: string, path: string, body?: unknown, key = ADMIN_KEY): Promise<Answer> {
    return this.request(method, `/admin${path}`, body, {
      "x-webhook-key": null,
      authorization: `Bearer ${key}`,
    });
  }

  get = (path: string) => this.admin("GET", path);
  post = (path: string, body?: unknown) => this.admin("POST", path, body);
  put = (path: string, body?: unknown) => this.admin("PUT", path, body);
  del = (path: string) => this.admin("DELETE", path);
}

/** The admin path of a slot of the fixture. */
export const slotPath = (slot: string, option = "standard", experience = "rome-tour") =>
  `/experiences/${experience}/options/${option}/slots/${slot}`;

/** The fixture with a BOOKING-level and a BY_PAX question on rome-tour. */
export function withQuestions(): Inventory {
  const inventory = testInventory();
  inventory.experiences![0]!.mandatory_questions = [
    {
      mandatory_question_id: "phone",
      question: "Phone",
      data_type: "PHONE_NUMBER",
      level: "BOOKING",
    },
    { mandatory_question_id: "name", question: "Full name", data_type: "STRING", level: "BY_PAX" },
  ];
  return inventory;
}

/** Holds and confirms on a `withQuestions` store, person i answering `names[i]`. */
export async function bookedWithAnswers(
  h: Harness,
  holdOverrides: Record<string, unknown>,
  bookingId: string,
  names: string[],
) {
  const hold = holdBody(holdOverrides);
  expect((await h.hold(hold)).status).toBe(200);
  const booking = bookingBody(hold, { booking_id: bookingId });
  booking.booking_requests.forEach((item: Record<string, unknown>, i: number) => {
    item.mandatory_answers = [
      { mandatory_question_id: "phone", answer: "+39 06 1234 5678" },
      { mandatory_question_id: "name", answer: names[i] },
    ];
  });
  const answer = await h.confirm(booking);
  expect(answer.status).toBe(200);
  return { hold, booking, body: answer.body };
}
