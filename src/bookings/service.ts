/**
 * @module bookings/service
 * `POST /booking` turns a live hold into a booking with tickets;
 * `DELETE /booking` cancels one. Each runs as one job of the store's writer
 * (a BEGIN IMMEDIATE transaction, see store/writer.ts): confirming moves
 * the hold's seats to the booking in the same commit, so the seat count
 * never dips or doubles in between.
 */
import { type AuditContext, AuditLog, outcomeOf, refusalDetail } from "../audit/log.ts";
import { PortaError, incorrect, invalid, notFound } from "../errors.ts";
import { fingerprint } from "../hash.ts";
import { newTransactionId } from "../ids.ts";
import { InventoryRepository, type SlotRow } from "../inventory/repository.ts";
import { deadline } from "../inventory/slot-time.ts";
import { HoldRepository, type HoldRow } from "../holds/repository.ts";
import type { Database } from "../store/database.ts";
import type { Settled, Writer } from "../store/writer.ts";
import type { Clock } from "../time.ts";
import type {
  BookingRequest,
  BookingResponse,
  CancelRequest,
} from "../webhook/schemas.ts";
import { checkAnswers } from "./answers.ts";
import { BookingRepository } from "./repository.ts";
import { issueTickets } from "./tickets.ts";

type Item = BookingRequest["booking_requests"][number];

/**
 * A refusal that must still commit what it changed: a late confirmation of
 * a cancelled booking ends its hold (DECISIONS 17) and is then refused.
 */
type Outcome<T> = { ok: T } | { refused: PortaError };

const inactive = (message: string) => new PortaError("INACTIVE_HOLD_KEY", message);

export class BookingService {
  private readonly inventory: InventoryRepository;
  private readonly holds: HoldRepository;
  private readonly bookings: BookingRepository;
  private readonly audit: AuditLog;

  constructor(
    db: Database,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {
    this.audit = new AuditLog(db, clock);
    this.inventory = new InventoryRepository(db);
    this.holds = new HoldRepository(db);
    this.bookings = new BookingRepository(db);
  }

  async confirm(req: BookingRequest, ctx: AuditContext): Promise<BookingResponse> {
    const outcome = await this.writer.write(
      () => this.confirmNow(req, this.clock()),
      (settled) => {
        // A refusal that commits (see Outcome) is still a refusal.
        const response = settled.ok && "ok" in settled.value ? settled.value.ok : null;
        const refusal: Settled<never> = {
          ok: false,
          error: settled.ok ? (settled.value as { refused?: PortaError }).refused : settled.error,
        };
        this.audit.append({
          ...ctx,
          action: "confirm",
          outcome: response ? "OK" : outcomeOf(refusal),
          subject: req.booking_id,
          detail: response
            ? {
              hold_id: req.hold_id,
              tuimm_booking_id: req.tuimm_booking_id,
              transaction_id: response.transaction_id,
              tickets: response.tickets.length,
            }
            : { hold_id: req.hold_id, ...refusalDetail(refusal) },
        });
      },
    );
    if ("refused" in outcome) throw outcome.refused;
    return outcome.ok;
  }

  cancel(req: CancelRequest, ctx: AuditContext): Promise<void> {
    return this.writer.write(
      () => this.cancelNow(req, this.clock()),
      (outcome) =>
        this.audit.append({
          ...ctx,
          action: req.unconfirmed === true ? "cancel-unconfirmed" : "cancel",
          outcome: outcomeOf(outcome),
          subject: req.booking_id,
          detail: outcome.ok ? { transaction_id: req.transaction_id } : refusalDetail(outcome),
        }),
    );
  }

  private confirmNow(req: BookingRequest, now: number): Outcome<BookingResponse> {
    const hash = fingerprint(bookingFingerprint(req));
    const existing = this.bookings.find(req.booking_id);
    if (existing?.status === "CONFIRMED") {
      if (existing.request_hash !== hash) {
        throw incorrect(`booking_id ${req.booking_id} was already used for a different booking`);
      }
      return { ok: JSON.parse(existing.response!) };
    }

    const hold = this.holds.find(req.hold_id);
    if (!hold) throw notFound(`unknown hold_id ${req.hold_id}`);

    const owner = this.bookings.bookingOfHold(hold.hold_id);
    if (hold.status === "CONFIRMED" && owner !== req.booking_id) {
      throw incorrect(`hold ${hold.hold_id} is already confirmed by another booking`);
    }

    if (existing) {
      // Cancelled before (or instead of) this confirmation: refuse it, and
      // free the seats the hold still has.
      if (hold.status === "HELD") {
        this.holds.setStatus(hold.hold_id, "RELEASED");
        this.bookings.attachHold(req.booking_id, hold.hold_id, hold.slot_pk);
      }
      return { refused: inactive(`booking ${req.booking_id} was cancelled`) };
    }
    if (hold.status !== "HELD" || hold.expires_at <= now) {
      throw inactive(`hold ${hold.hold_id} has expired`);
    }

    const slot = this.inventory.slotByPk(hold.slot_pk)!;
    checkItems(hold, slot, req.booking_requests);
    checkAnswers(
      this.inventory.questions(slot.experience_id),
      slot.option_id,
      req.booking_requests,
    );

    const response: BookingResponse = {
      booking_id: req.booking_id,
      transaction_id: newTransactionId(),
      tickets: issueTickets(slot, req.booking_requests, (n) => this.bookings.ticketExists(n)),
    };
    this.holds.setStatus(hold.hold_id, "CONFIRMED");
    this.bookings.insert(
      {
        booking_id: req.booking_id,
        transaction_id: response.transaction_id,
        hold_id: hold.hold_id,
        slot_pk: hold.slot_pk,
        seats: hold.seats,
        tuimm_booking_id: req.tuimm_booking_id,
        holder: JSON.stringify(req.holder),
        request_hash: hash,
        response: JSON.stringify(response),
        created_at: now,
      },
      req.booking_requests.map((item) => ({
        request_id: item.request_id,
        holder_category_id: item.holder_category_id,
        pickup_id: item.pickup_id ?? hold.pickup_id,
        answers: JSON.stringify(item.mandatory_answers ?? []),
      })),
      response.tickets,
    );
    return { ok: response };
  }

  private cancelNow(req: CancelRequest, now: number): void {
    const booking = this.bookings.find(req.booking_id);

    if (req.unconfirmed === true) {
      // PORTA gave up waiting for us: cancel whatever the policy says, and
      // remember the id so that a confirmation still on its way is refused.
      if (!booking) this.bookings.insertCancelled(req.booking_id, now, "UNCONFIRMED");
      else this.bookings.cancel(req.booking_id, now, "UNCONFIRMED");
      return;
    }

    if (!booking) throw notFound(`unknown booking_id ${req.booking_id}`);
    if (booking.transaction_id !== null && booking.transaction_id !== req.transaction_id) {
      throw incorrect(`transaction_id does not belong to booking ${req.booking_id}`);
    }
    if (booking.status === "CANCELLED") return;

    const slot = this.inventory.slotByPk(booking.slot_pk!)!;
    const until = deadline(slot, slot.cancellation_cutoff);
    if (until !== null && now >= until) {
      throw new PortaError(
        "NOT_CANCELLABLE_BOOKING",
        `booking ${req.booking_id} can no longer be cancelled`,
      );
    }
    this.bookings.cancel(req.booking_id, now, "CUSTOMER");
  }
}

/** What makes two confirmations "the same": everything PORTA sent that we keep. */
function bookingFingerprint(req: BookingRequest) {
  const items = req.booking_requests
    .map((i) => [
      i.request_id,
      i.holder_category_id,
      i.slot_id,
      i.pickup_id ?? null,
      (i.mandatory_answers ?? [])
        .map((a) => [a.mandatory_question_id, a.answer])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return [req.hold_id, req.tuimm_booking_id, req.holder, items];
}

/** DECISIONS 14: one item per person, matching the hold exactly. */
function checkItems(hold: HoldRow, slot: SlotRow, items: Item[]): void {
  const expected = new Map<string, number>();
  const quantities: { holder_category_id: string; quantity: number }[] = JSON.parse(
    hold.quantities,
  );
  for (const q of quantities) {
    expected.set(q.holder_category_id, q.quantity);
  }

  const requestIds = new Set<string>();
  const counted = new Map<string, number>();
  for (const item of items) {
    if (requestIds.has(item.request_id)) {
      throw invalid(`request_id ${item.request_id} appears twice`);
    }
    requestIds.add(item.request_id);
    if (item.slot_id !== slot.slot_id) {
      throw invalid(`item ${item.request_id}: slot_id ${item.slot_id} is not the hold's`);
    }
    if (hold.pickup_id !== null && item.pickup_id !== hold.pickup_id) {
      throw invalid(`item ${item.request_id}: pickup_id is not the hold's (${hold.pickup_id})`);
    }
    counted.set(item.holder_category_id, (counted.get(item.holder_category_id) ?? 0) + 1);
  }

  for (const id of new Set([...expected.keys(), ...counted.keys()])) {
    const want = expected.get(id) ?? 0;
    const got = counted.get(id) ?? 0;
    if (want !== got) {
      throw invalid(
        `holder category ${id}: the hold has ${want} seat(s), the booking ${got} item(s)`,
      );
    }
  }
}
