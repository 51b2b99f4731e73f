import { describe, expect, test } from "bun:test";
import { AuditLog } from "../src/audit/log.ts";
import { bookingBody, Harness, holdBody } from "./support/harness.ts";

const trail = (h: Harness) => new AuditLog(h.db, () => h.now).list().reverse();

describe("the audit trail", () => {
  test("records each webhook outcome with its actor, request id and what changed", async () => {
    using h = new Harness();
    const hold = holdBody();
    const held = await h.hold(hold);
    const refused = await h.hold(
      holdBody({ quantities: [{ holder_category_id: "adult", quantity: 3 }] }),
    );
    const booked = await h.confirm(bookingBody(hold, { booking_id: "b-1" }));

    expect(trail(h)).toEqual([
      {
        seq: 1,
        at: "2030-06-01T10:00:00.000Z",
        actor: "porta",
        request_id: expect.any(String),
        action: "hold",
        outcome: "OK",
        subject: hold.hold_id,
        detail: {
          experience_id: "rome-tour",
          option_id: "standard",
          slot_id: "s-1500",
          seats: 2,
          transaction_id: held.body.transaction_id,
        },
      },
      expect.objectContaining({
        seq: 2,
        action: "hold",
        outcome: "NO_CAPACITY_LEFT",
        request_id: refused.body.id,
        detail: { message: refused.body.message },
      }),
      expect.objectContaining({
        seq: 3,
        action: "confirm",
        outcome: "OK",
        subject: "b-1",
        detail: {
          hold_id: hold.hold_id,
          tuimm_booking_id: "MUS1234567_890123",
          transaction_id: booked.body.transaction_id,
          tickets: 2,
        },
      }),
    ]);
    // The refused hold wrote nothing but its audit entry.
    expect(h.count("holds")).toBe(1);
  });

  test("never holds a holder's name, email or answers", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);
    await h.confirm(bookingBody(hold));
    const text = JSON.stringify(trail(h));
    expect(text).not.toContain("Lovelace");
    expect(text).not.toContain("ada@example.com");
  });

  test("records PORTA's refusals before a service: a bad version, a bad body", async () => {
    using h = new Harness();
    const badVersion = await h.request("POST", "/hold", holdBody(), { "accept-version": "v0" });
    const badConfirm = await h.request("POST", "/booking", "{");
    const badCancel = await h.request("DELETE", "/booking", "[]");
    await h.request("GET", "/health"); // a later write: the refusals are committed by now

    const refusals = trail(h).filter((e) => e.outcome !== "OK");
    const refused = (action: string, answer: { body: { id: string } }) =>
      expect.objectContaining({ action, outcome: "INCORRECT_REQUEST", request_id: answer.body.id });
    expect(refusals).toEqual([
      refused("hold", badVersion),
      refused("confirm", badConfirm),
      refused("cancel", badCancel),
    ]);
  });

  // Regression: every call with a wrong key added a row, so that anyone who
  // could reach the port could fill the disk (20,000 calls: 25 MB).
  test("never records a call without a valid key: it is not PORTA's", async () => {
    using h = new Harness();
    const noKey = { "x-webhook-key": "" };
    const wrongKey = { "x-webhook-key": "wrong-key-0000" };
    for (const headers of [noKey, wrongKey]) {
      expect((await h.request("POST", "/hold", holdBody(), headers)).status).toBe(400);
      expect((await h.request("POST", "/booking", "{", headers)).status).toBe(400);
      expect((await h.request("GET", "/health", undefined, headers)).status).toBe(400);
    }
    await h.request("GET", "/health");
    expect(trail(h).filter((e) => e.outcome !== "OK")).toEqual([]);
  });

  test("a late confirmation of an unconfirmed-cancelled booking is a refusal", async () => {
    using h = new Harness();
    const hold = holdBody();
    await h.hold(hold);
    await h.cancel({
      booking_id: "late",
      transaction_id: "",
      ticket_numbers: [],
      unconfirmed: true,
    });
    await h.confirm(bookingBody(hold, { booking_id: "late" }));
    expect(trail(h).map((e) => [e.action, e.outcome])).toEqual([
      ["hold", "OK"],
      ["cancel-unconfirmed", "OK"],
      ["confirm", "INACTIVE_HOLD_KEY"],
    ]);
  });

  test("is append-only: the store itself refuses to update or delete an entry", async () => {
    using h = new Harness();
    await h.hold(holdBody());
    expect(() => h.db.run("UPDATE audit SET outcome = 'X'")).toThrow(/append-only/);
    expect(() => h.db.run("DELETE FROM audit")).toThrow(/append-only/);
  });
});
