/**
 * @module holds/service
 * `POST /hold`: reserve seats on a slot until the hold's expiration time.
 *
 * The checks run in DECISIONS 6a's order, so that a request with several
 * faults always gets the same code: repeat of a known hold_id, unknown ids,
 * sellability, quantity rules, seats. Everything, the seat check and the
 * insert included, runs as one job of the store's writer, inside a
 * BEGIN IMMEDIATE transaction: no other writer can take a seat between our
 * count and our insert.
 */
import { type AuditContext, AuditLog, outcomeOf, refusalDetail } from "../audit/log.ts";
import { PortaError, incorrect, invalid, notFound } from "../errors.ts";
import { fingerprint } from "../hash.ts";
import { newTransactionId } from "../ids.ts";
import {
  InventoryRepository,
  type SlotCategoryRow,
  type SlotRow,
} from "../inventory/repository.ts";
import { SeatLedger } from "../inventory/seats.ts";
import { deadline } from "../inventory/slot-time.ts";
import type { Database } from "../store/database.ts";
import type { Writer } from "../store/writer.ts";
import { type Clock, parseLocalDateTime, zonedEpochMs } from "../time.ts";
import { type HoldRequest, type HoldResponse, MAX_BOOKING_ITEMS } from "../webhook/schemas.ts";
import { HoldRepository } from "./repository.ts";

type Quantity = HoldRequest["quantities"][number];

export class HoldService {
  private readonly inventory: InventoryRepository;
  private readonly holds: HoldRepository;
  private readonly seats: SeatLedger;
  private readonly audit: AuditLog;

  constructor(
    db: Database,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {
    this.audit = new AuditLog(db, clock);
    this.inventory = new InventoryRepository(db);
    this.holds = new HoldRepository(db);
    this.seats = new SeatLedger(db);
  }

  hold(req: HoldRequest, ctx: AuditContext): Promise<HoldResponse> {
    return this.writer.write(
      () => this.holdNow(req, this.clock()),
      (outcome) =>
        this.audit.append({
          ...ctx,
          action: "hold",
          outcome: outcomeOf(outcome),
          subject: req.hold_id,
          detail: outcome.ok
            ? {
              experience_id: req.experience_id,
              option_id: req.option_id,
              slot_id: req.slot_id,
              seats: req.quantities.reduce((n, q) => n + q.quantity, 0),
              transaction_id: outcome.value.transaction_id,
            }
            : refusalDetail(outcome),
        }),
    );
  }

  private holdNow(req: HoldRequest, now: number): HoldResponse {
    const hash = fingerprint(holdFingerprint(req));
    const existing = this.holds.find(req.hold_id);
    if (existing) {
      if (existing.request_hash !== hash) {
        throw incorrect(`hold_id ${req.hold_id} was already used for a different hold`);
      }
      // PORTA's id as it sent it this time (a stored one is in lower case).
      return { hold_id: req.hold_id, transaction_id: existing.transaction_id };
    }

    const slot = this.findSlot(req);
    const categories = this.checkCategories(slot, req.quantities);
    const pickups = this.inventory.slotPickups(slot.slot_pk);
    if (req.pickup_id !== undefined && !pickups.includes(req.pickup_id)) {
      throw notFound(`pickup ${req.pickup_id} is not a pickup of slot ${slot.slot_id}`);
    }

    checkSellable(slot, now);
    const expiresAt = zonedEpochMs(parseLocalDateTime(req.expiration_time)!, slot.time_zone);
    const seats = checkQuantities(slot, categories, req.quantities);
    if (pickups.length > 0 && req.pickup_id === undefined) {
      throw invalid(`slot ${slot.slot_id} has pickups: pickup_id is required`);
    }
    if (expiresAt <= now) {
      throw invalid(`expiration_time ${req.expiration_time} has already passed`);
    }

    if (slot.capacity !== null) {
      const { held, booked } = this.seats.settle(slot.slot_pk, now);
      const left = Math.max(0, slot.capacity - held - booked);
      if (seats > left) {
        throw new PortaError(
          "NO_CAPACITY_LEFT",
          `slot ${slot.slot_id} has ${left} seat(s) left, ${seats} requested`,
        );
      }
    }

    const transactionId = newTransactionId();
    this.holds.insert({
      hold_id: req.hold_id,
      transaction_id: transactionId,
      slot_pk: slot.slot_pk,
      pickup_id: req.pickup_id ?? null,
      seats,
      // What we use of each, not every field PORTA may add.
      quantities: JSON.stringify(req.quantities.map((q) => ({
        holder_category_id: q.holder_category_id,
        quantity: q.quantity,
        ...(q.guide_language === undefined ? {} : { guide_language: q.guide_language }),
      }))),
      expiration_time: req.expiration_time,
      expires_at: expiresAt,
      status: "HELD",
      request_hash: hash,
      created_at: now,
    });
    return { hold_id: req.hold_id, transaction_id: transactionId };
  }

  /**
   * One lookup on the hot path; only when it finds nothing do two more say
   * which of the ids is unknown.
   */
  private findSlot(req: HoldRequest): SlotRow {
    const slot = this.inventory.slot(req.experience_id, req.option_id, req.slot_id);
    if (slot) return slot;
    if (!this.inventory.hasExperience(req.experience_id)) {
      throw notFound(`unknown experience ${req.experience_id}`);
    }
    if (!this.inventory.hasOption(req.experience_id, req.option_id)) {
      throw notFound(
        `option ${req.option_id} is not an option of experience ${req.experience_id}`,
      );
    }
    throw notFound(`slot ${req.slot_id} is not a slot of option ${req.option_id}`);
  }

  private checkCategories(slot: SlotRow, quantities: Quantity[]) {
    const onSlot = new Map(
      this.inventory.slotCategories(slot.slot_pk).map((c) => [c.holder_category_id, c]),
    );
    for (const q of quantities) {
      if (!onSlot.has(q.holder_category_id)) {
        throw notFound(
          `holder category ${q.holder_category_id} is not available on slot ${slot.slot_id}`,
        );
      }
    }
    return onSlot;
  }
}

/** What makes two holds "the same hold": everything PORTA sent that we use. */
function holdFingerprint(req: HoldRequest) {
  const quantities = req.quantities
    .map((q) => [q.holder_category_id, q.quantity, q.guide_language ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  return [
    req.experience_id,
    req.option_id,
    req.slot_id,
    req.pickup_id ?? null,
    req.expiration_time,
    quantities,
  ];
}

function checkSellable(slot: SlotRow, now: number): void {
  if (slot.archived) {
    throw new PortaError(
      "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
      `experience ${slot.experience_id} is archived`,
    );
  }
  const until = deadline(slot, slot.cutoff_time);
  if (until !== null && now >= until) {
    throw new PortaError(
      "INACTIVE_OR_UNAVAILABLE_EXPERIENCE",
      `slot ${slot.slot_id} is no longer on sale (started, or inside the cut-off)`,
    );
  }
}

/** Returns the seats the hold takes. */
function checkQuantities(
  slot: SlotRow,
  categories: Map<string, SlotCategoryRow>,
  quantities: Quantity[],
): number {
  const languages: string[] = JSON.parse(slot.guide_languages);
  const seen = new Set<string>();
  let seats = 0;

  for (const q of quantities) {
    const id = q.holder_category_id;
    if (seen.has(id)) throw invalid(`holder category ${id} is listed twice`);
    seen.add(id);

    const c = categories.get(id)!;
    if (c.min_quantity !== null && q.quantity < c.min_quantity) {
      throw invalid(`holder category ${id} needs at least ${c.min_quantity}`);
    }
    if (c.max_quantity !== null && q.quantity > c.max_quantity) {
      throw invalid(`holder category ${id} allows at most ${c.max_quantity}`);
    }
    if (q.guide_language !== undefined && !languages.includes(q.guide_language)) {
      throw invalid(`slot ${slot.slot_id} offers no guide language ${q.guide_language}`);
    }
    seats += q.quantity;
  }

  if (slot.min_booking_quantity !== null && seats < slot.min_booking_quantity) {
    throw invalid(`option ${slot.option_id} needs at least ${slot.min_booking_quantity} seat(s)`);
  }
  if (slot.max_booking_quantity !== null && seats > slot.max_booking_quantity) {
    throw invalid(`option ${slot.option_id} allows at most ${slot.max_booking_quantity} seat(s)`);
  }
  // A confirmation names one item per person: a bigger hold could never be confirmed.
  if (seats > MAX_BOOKING_ITEMS) {
    throw invalid(`a hold takes at most ${MAX_BOOKING_ITEMS} seats, ${seats} requested`);
  }
  return seats;
}
