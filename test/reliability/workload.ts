/**
 * The seeded, randomised mixed workload that the reliability test and
 * `soak.ts` run against the compiled server: holds, repeated holds,
 * confirmations, repeated confirmations, cancellations, `unconfirmed`
 * cancellations racing their own confirmation or arriving before it, and
 * holds left to expire a few seconds ahead in each experience's zone, over
 * many slots, with optional `kill -9`s of the server in the middle.
 *
 * The seed fixes the plan: inventory, scenarios, ids, expiry offsets and
 * kill points. The interleaving is the machine's, so a replay re-runs the
 * same plan, not the same schedule.
 *
 * What is checked:
 * - every answer against what earlier answers allow (a repeat of a 200
 *   gets the same 200; refusals only with the codes the situation allows);
 * - during the run, from the answers alone: seats that 200s prove taken
 *   never exceed a slot's capacity; and from the store, read-only every
 *   `checkEvery` answers: no slot oversold, holds and bookings consistent;
 * - after each kill and restart, and at the end: `integrity_check` ok, and
 *   every hold, booking (with its tickets) and cancellation that was
 *   answered 200 is in the store as answered;
 * - at the end, with every booking cancelled: no seat taken at the instant
 *   the last hold expires, and over HTTP each free slot takes exactly its
 *   capacity again (every slot, when `waitForExpiry` lets the holds lapse).
 */
import { importInventory } from "../../src/inventory/import.ts";
import type { Inventory } from "../../src/inventory/schema.ts";
import { openDatabase } from "../../src/store/database.ts";
import { parseLocalDateTime, zonedEpochMs } from "../../src/time.ts";
import { TempDir } from "../support/binary.ts";
import { probe, type StoreProbe } from "./probe.ts";
import { Rng } from "./rng.ts";
import { type Reply, Target } from "./target.ts";

export interface WorkloadOptions {
  seed: number;
  /** Requests to send in the mixed phase (whole scenarios, so a few more). */
  ops: number;
  slots?: number;
  /** Scenarios in progress at once. */
  concurrency?: number;
  /** `kill -9` and restart of the server, spread evenly over the run. */
  kills?: number;
  /** Hold expiry, seconds ahead: [min, max]. */
  expiry?: [number, number];
  /** Read the store every this many answers. */
  checkEvery?: number;
  /** At the end, wait for the last hold to lapse and prove every slot. */
  waitForExpiry?: boolean;
  log?: (line: string) => void;
}

export interface WorkloadReport {
  seed: number;
  seconds: number;
  requests: number;
  /** Answers by operation and outcome, e.g. `hold 200`, `confirm INACTIVE_HOLD_KEY`. */
  tally: Record<string, number>;
  /** Requests cut by a kill (and then retried until answered). */
  cut: number;
  kills: number;
  inFlightAtKills: number[];
  restartMs: number[];
  storeChecks: number;
  holds: number;
  bookings: number;
  cancellations: number;
  races: { confirmFirst: number; cancelFirst: number };
  slots: number;
  slotsProven: number;
  violations: string[];
}

export interface Slot {
  experience_id: string;
  option_id: "group" | "person";
  slot_id: string;
  zone: string;
  capacity: number;
}

type Kind = "expire" | "repeat" | "confirm" | "cancel" | "race" | "late";

const KINDS: Record<Kind, number> = {
  expire: 20, repeat: 15, confirm: 20, cancel: 20, race: 15, late: 10,
};

interface Scenario {
  n: number;
  kind: Kind;
  slot: Slot;
  adults: number;
  children: number;
  expiresInMs: number;
  /** Copies sent at once (repeat kinds), or whether to repeat later. */
  copies: number;
  again: boolean;
  /** In a race, the unconfirmed cancellation is sent first. */
  cancelFirst: boolean;
  hold_id: string;
  booking_id: string;
  request_ids: string[];
}

interface HoldFact {
  scenario: Scenario;
  seats: number;
  expiresAt: number;
  body: Record<string, unknown>;
  answer?: { hold_id: string; transaction_id: string };
  /** performance.now() when the first 200 arrived. */
  answeredAt?: number;
  /** A confirmation or unconfirmed cancellation was sent: its seats may have moved. */
  touched: boolean;
  /** A late confirmation of a cancelled booking was refused: must be RELEASED. */
  released: boolean;
}

interface BookingFact {
  hold: HoldFact;
  body: Record<string, unknown>;
  answer?: { booking_id: string; transaction_id: string; tickets: { number: string }[] };
  answeredAt?: number;
  confirmSent: boolean;
  cancelSent: boolean;
  /** performance.now() when the first 200 to a cancellation (of either kind) arrived. */
  cancelledAt?: number;
  unconfirmedSent: boolean;
}

const ZONES = ["Europe/Rome", "America/New_York", "Asia/Tokyo", "Australia/Sydney"];
const CAPACITIES = [0, 1, 2, 2, 3, 4, 5, 8, 10, 20];
const HOLDER = { email: "soak@example.com", first_name: "Soak", last_name: "Test" };
const MAX_ATTEMPTS = 8;
const MAX_LISTED_VIOLATIONS = 40;

const experienceOf = (zone: string) => `soak-${zone.toLowerCase().replace(/[^a-z]+/g, "-")}`;

/** The slots of a run, with capacities drawn from the seed. */
export function workloadInventory(rng: Rng, count: number) {
  return inventoryOf(Array.from({ length: count }, () => rng.pick(CAPACITIES)));
}

/**
 * One slot per capacity, a week ahead: slot `s-<i>` in zone `i % 4`, with
 * a group ticket when `i % 8 < 4` (option `group`), else one per person
 * (option `person`); holder categories `adult` and `child`.
 */
export function inventoryOf(capacities: number[]): { inventory: Inventory; slots: Slot[] } {
  const slots: Slot[] = capacities.map((capacity, i) => ({
    experience_id: experienceOf(ZONES[i % ZONES.length]!),
    option_id: i % 8 < 4 ? "group" : "person",
    slot_id: `s-${i}`,
    zone: ZONES[i % ZONES.length]!,
    capacity,
  }));
  const category = (id: string, type: string, age: number) =>
    ({ holder_category_id: id, holder_type: type, minimum_age: age });

  const experiences = ZONES.map((zone) => {
    const day = Temporal.Now.plainDateISO(zone).add({ days: 7 });
    return {
      experience_id: experienceOf(zone),
      vendor_id: "soak",
      experience_name: `Soak tour in ${zone}`,
      availability_slot_type: "TIME" as const,
      currency: "EUR",
      cutoff_time: "PT1H",
      time_zone: zone,
      options: (["group", "person"] as const).map((option_id) => ({
        option_id,
        label: option_id,
        holder_categories: [category("adult", "ADULT", 18), category("child", "CHILD", 3)],
        ticket: option_id === "group"
          ? { type: "FOR_ALL" as const, format: "TEXT" as const }
          : { type: "FOR_SINGLE_PERSON" as const, format: "QR" as const },
      })),
      slots: slots.filter((s) => s.zone === zone).map((s, i) => {
        const start = day.toPlainDateTime({ hour: 8 }).add({ minutes: i % 600 });
        return {
          slot_id: s.slot_id,
          option_id: s.option_id,
          capacity: s.capacity,
          available_holder_categories: ["adult", "child"]
            .map((holder_category_id) => ({ holder_category_id, price_in_cents: 1000 })),
          time_slot: { start: start.toString(), end: start.add({ hours: 1 }).toString() },
        };
      }),
    };
  });
  return { inventory: { vendors: [{ vendor_id: "soak", name: "Soak" }], experiences }, slots };
}

/** Creates the store file and imports `inventory` into it, as a setup step. */
export function seedStore(path: string, inventory: Inventory): void {
  const store = openDatabase(path);
  try {
    importInventory(store, inventory);
  } finally {
    store.close();
  }
}

/** A hold of `adults` (and `children`) on `slot`, expiring `ms` ahead in its zone. */
export function holdRequest(slot: Slot, adults: number, children = 0, ms = 600_000) {
  const quantities = [{ holder_category_id: "adult", quantity: adults }];
  if (children > 0) quantities.push({ holder_category_id: "child", quantity: children });
  return {
    experience_id: slot.experience_id,
    option_id: slot.option_id,
    slot_id: slot.slot_id,
    hold_id: crypto.randomUUID(),
    expiration_time: localTime(slot.zone, ms),
    quantities,
  };
}

/** Draws the next scenario of the plan; the same seed draws the same ones. */
function drawScenario(rng: Rng, n: number, slots: Slot[], expiry: [number, number]): Scenario {
  const kind = rng.weighted(KINDS);
  const adults = rng.int(1, 2);
  const children = rng.int(0, 1);
  const copies = rng.int(2, 4);
  const again = rng.chance(kind === "confirm" ? 0.5 : 0.3);
  const confirmAfterRepeat = rng.chance(0.5);
  const cancelFirst = rng.chance(0.5);
  return {
    n,
    kind,
    slot: rng.pick(slots),
    adults,
    children,
    expiresInMs: rng.int(expiry[0] * 1000, expiry[1] * 1000),
    copies,
    again: kind === "repeat" ? confirmAfterRepeat : again,
    cancelFirst,
    hold_id: rng.uuid(),
    booking_id: `soak-${rng.seed}-${n}`,
    request_ids: Array.from({ length: adults + children }, () => rng.uuid()),
  };
}

/** Now plus `ms` on the wall clock of `zone`, as PORTA writes it. */
function localTime(zone: string, ms: number): string {
  return Temporal.Now.zonedDateTimeISO(zone).add({ milliseconds: ms })
    .toPlainDateTime().toString({ smallestUnit: "millisecond" });
}

const outcome = (r: Reply) =>
  r.status === 0 ? `cut ${r.error}` : r.status === 200 ? "200" : `${r.status} ${r.body?.code}`;

class Run {
  readonly violations: string[] = [];
  private violationCount = 0;
  readonly tally: Record<string, number> = {};
  requests = 0;
  cut = 0;
  storeChecks = 0;
  readonly inFlightAtKills: number[] = [];
  readonly races = { confirmFirst: 0, cancelFirst: 0 };
  readonly holds: HoldFact[] = [];
  readonly bookings: BookingFact[] = [];
  private readonly bySlot = new Map<string, { holds: HoldFact[]; bookings: BookingFact[] }>();
  private readonly ticketOwners = new Map<string, string>();
  private answered = 0;
  private inFlight = 0;
  private killsLeft: number;
  private nextKill: number;
  private killing: Promise<void> | null = null;

  constructor(
    private readonly o: Required<Omit<WorkloadOptions, "log">> & Pick<WorkloadOptions, "log">,
    private readonly target: Target,
  ) {
    this.killsLeft = o.kills;
    this.nextKill = o.ops / (o.kills + 1);
  }

  violation(what: string): void {
    this.violationCount++;
    if (this.violations.length < MAX_LISTED_VIOLATIONS) this.violations.push(what);
    this.o.log?.(`VIOLATION ${what}`);
  }

  get violationTotal(): number {
    return this.violationCount;
  }

  /** The mixed phase: scenarios drawn in order, `concurrency` at a time. */
  async mixed(rng: Rng, slots: Slot[]): Promise<void> {
    let n = 0;
    const next = () =>
      this.requests >= this.o.ops ? null : drawScenario(rng, n++, slots, this.o.expiry);
    const worker = async () => {
      for (let s = next(); s !== null; s = next()) await this.scenario(s);
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
    await this.killing;
  }

  private async scenario(s: Scenario): Promise<void> {
    const hold = this.newHold(s);
    const booking = this.newBooking(hold);
    const at = this.label(s);
    switch (s.kind) {
      case "expire":
        if ((await this.hold(hold, "hold")) && s.again) await this.hold(hold, "hold-repeat");
        return;
      case "repeat": {
        const copies = Array.from({ length: s.copies }, () => this.hold(hold, "hold-repeat"));
        if ((await Promise.all(copies)).some(Boolean) && s.again) {
          await this.confirm(booking, "confirm");
        }
        return;
      }
      case "confirm":
        if (!(await this.hold(hold, "hold")) || !(await this.confirm(booking, "confirm"))) return;
        await Promise.all(
          Array.from({ length: s.copies }, () => this.confirm(booking, "confirm-repeat")),
        );
        if (s.again) await this.cancel(booking, "cancel");
        return;
      case "cancel":
        if (!(await this.hold(hold, "hold")) || !(await this.confirm(booking, "confirm"))) return;
        await this.cancel(booking, "cancel");
        if (s.again) await this.cancel(booking, "cancel-repeat");
        return;
      case "race": {
        if (!(await this.hold(hold, "hold"))) return;
        // Both at once; which one is written to the socket first varies.
        const race = [
          () => this.confirm(booking, "confirm"),
          () => this.cancelUnconfirmed(booking),
        ];
        if (s.cancelFirst) race.reverse();
        const settled = await Promise.all(race.map((send) => send()));
        const confirmed = settled.includes(true);
        this.races[confirmed ? "confirmFirst" : "cancelFirst"]++;
        if (await this.confirm(booking, "confirm-repeat")) {
          this.violation(`${at}: a confirmation after its unconfirmed cancellation got 200`);
        }
        return;
      }
      case "late":
        if (!(await this.hold(hold, "hold"))) return;
        await this.cancelUnconfirmed(booking);
        if (await this.confirm(booking, "confirm")) {
          this.violation(`${at}: a confirmation after its unconfirmed cancellation got 200`);
        } else if (hold.answer) {
          hold.released = true;
        }
        return;
    }
  }

  private label(s: Scenario): string {
    return `scenario ${s.n} (${s.kind}, slot ${s.slot.slot_id} of ${s.slot.capacity})`;
  }

  private newHold(s: Scenario): HoldFact {
    const expiration = localTime(s.slot.zone, s.expiresInMs);
    const quantities = [{ holder_category_id: "adult", quantity: s.adults }];
    if (s.children > 0) quantities.push({ holder_category_id: "child", quantity: s.children });
    const fact: HoldFact = {
      scenario: s,
      seats: s.adults + s.children,
      expiresAt: zonedEpochMs(parseLocalDateTime(expiration)!, s.slot.zone),
      body: {
        experience_id: s.slot.experience_id,
        option_id: s.slot.option_id,
        slot_id: s.slot.slot_id,
        hold_id: s.hold_id,
        expiration_time: expiration,
        quantities,
      },
      touched: false,
      released: false,
    };
    this.holds.push(fact);
    this.slotFacts(s.slot).holds.push(fact);
    return fact;
  }

  private newBooking(hold: HoldFact): BookingFact {
    const s = hold.scenario;
    const categories = [
      ...Array<string>(s.adults).fill("adult"),
      ...Array<string>(s.children).fill("child"),
    ];
    const fact: BookingFact = {
      hold,
      body: {
        booking_id: s.booking_id,
        hold_id: s.hold_id,
        tuimm_booking_id: `MUS${s.n + 1}_${this.o.seed}`,
        holder: HOLDER,
        booking_requests: categories.map((holder_category_id, i) => ({
          request_id: s.request_ids[i]!,
          holder_category_id,
          slot_id: s.slot.slot_id,
        })),
      },
      confirmSent: false,
      cancelSent: false,
      unconfirmedSent: false,
    };
    this.bookings.push(fact);
    this.slotFacts(s.slot).bookings.push(fact);
    return fact;
  }

  private slotFacts(slot: Slot) {
    let facts = this.bySlot.get(slot.slot_id);
    if (!facts) this.bySlot.set(slot.slot_id, (facts = { holds: [], bookings: [] }));
    return facts;
  }

  /**
   * Sends until answered: a request cut by a kill goes again to the next
   * server, as PORTA would retry it. A cut that no kill explains is a fault.
   */
  private async send(
    op: string,
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ reply: Reply; sentAt: number }> {
    for (let attempt = 1; ; attempt++) {
      const epoch = this.target.epoch;
      const wasDown = this.target.down;
      const sentAt = performance.now();
      this.requests++;
      this.maybeKill();
      this.inFlight++;
      const reply = await this.target.send(method, path, body);
      this.inFlight--;
      this.count(op, reply);
      if (reply.status !== 0) return { reply, sentAt };

      this.cut++;
      if (epoch === this.target.epoch && !wasDown) {
        this.violation(`${op} ${path}: ${reply.error} with no kill to explain it`);
      }
      if (attempt === MAX_ATTEMPTS) return { reply, sentAt };
      await this.target.ready();
    }
  }

  private count(op: string, reply: Reply): void {
    const key = `${op} ${outcome(reply)}`;
    this.tally[key] = (this.tally[key] ?? 0) + 1;
    if (reply.status === 0) return;
    this.answered++;
    if (this.answered % this.o.checkEvery === 0) this.checkStore();
  }

  private maybeKill(): void {
    if (this.killsLeft === 0 || this.killing || this.requests < this.nextKill) return;
    this.killsLeft--;
    this.nextKill += this.o.ops / (this.o.kills + 1);
    this.inFlightAtKills.push(this.inFlight);
    this.killing = this.target.crash().then(
      () => this.checkDurable("after a restart"),
      (e) => this.violation(`restart after kill -9 failed: ${(e as Error).message}`),
    ).finally(() => (this.killing = null));
  }

  /** POST /hold; true when answered 200. */
  private async hold(fact: HoldFact, op: string): Promise<boolean> {
    const { reply, sentAt } = await this.send(op, "POST", "/hold", fact.body);
    const at = `${this.label(fact.scenario)} ${op}`;
    const now = Date.now();
    if (reply.status === 200) {
      const answer = reply.body;
      if (fact.answer && !Bun.deepEquals(answer, fact.answer)) {
        this.violation(`${at}: ${JSON.stringify(answer)} after ${JSON.stringify(fact.answer)}`);
      } else if (!fact.answer) {
        const shaped = answer?.hold_id === fact.scenario.hold_id &&
          typeof answer.transaction_id === "string";
        if (!shaped) {
          this.violation(`${at}: unexpected body ${JSON.stringify(answer)}`);
        }
        fact.answer = answer;
        fact.answeredAt = performance.now();
        this.checkAnswers(fact.scenario.slot);
      }
      return true;
    }
    // A copy sent before the first 200 arrived may have been judged before
    // it, and refused: a refusal records nothing (DECISIONS 8).
    const code = reply.body?.code;
    const known = fact.answeredAt !== undefined && fact.answeredAt < sentAt;
    const allowed = !known && reply.status === 400 &&
      (code === "NO_CAPACITY_LEFT" || (code === "VALIDATION_ERROR" && now >= fact.expiresAt));
    if (!allowed) this.violation(`${at}: ${outcome(reply)} ${reply.body?.message ?? ""}`);
    return false;
  }

  /** POST /booking; true when answered 200. */
  private async confirm(fact: BookingFact, op: string): Promise<boolean> {
    fact.hold.touched = true;
    fact.confirmSent = true;
    const { reply, sentAt } = await this.send(op, "POST", "/booking", fact.body);
    const at = `${this.label(fact.hold.scenario)} ${op}`;
    const now = Date.now();
    const cancelledBefore = fact.cancelledAt !== undefined && fact.cancelledAt < sentAt;
    if (reply.status === 200) {
      if (cancelledBefore) this.violation(`${at}: 200 for a booking already cancelled`);
      if (fact.answer) {
        if (!Bun.deepEquals(reply.body, fact.answer)) {
          this.violation(`${at}: tickets differ from the first answer's`);
        }
        return true;
      }
      this.checkTickets(fact, reply.body, at);
      fact.answer = reply.body;
      fact.answeredAt = performance.now();
      this.checkAnswers(fact.hold.scenario.slot);
      return true;
    }
    const code = reply.body?.code;
    const explained = fact.unconfirmedSent || cancelledBefore || now >= fact.hold.expiresAt;
    const known = fact.answeredAt !== undefined && fact.answeredAt < sentAt;
    const replayDue = known && !fact.unconfirmedSent && !fact.cancelSent;
    if (reply.status !== 400 || code !== "INACTIVE_HOLD_KEY" || !explained || replayDue) {
      this.violation(`${at}: ${outcome(reply)} ${reply.body?.message ?? ""}`);
    }
    return false;
  }

  private checkTickets(fact: BookingFact, body: any, at: string): void {
    const s = fact.hold.scenario;
    type Item = { request_id: string; holder_category_id: string };
    const items = fact.body.booking_requests as Item[];
    const expected = s.slot.option_id === "group"
      ? [{ number: printable(body?.tickets?.[0]?.number), type: "FOR_ALL", format: "TEXT" }]
      : items.map((item, i) => ({
        number: printable(body?.tickets?.[i]?.number),
        type: "FOR_SINGLE_PERSON",
        format: "QR",
        request_id: item.request_id,
        holder_category_id: item.holder_category_id,
      }));
    const shape = {
      booking_id: s.booking_id,
      transaction_id: body?.transaction_id,
      tickets: expected,
    };
    if (typeof body?.transaction_id !== "string" || !Bun.deepEquals(body, shape)) {
      this.violation(`${at}: unexpected body ${JSON.stringify(body)}`);
      return;
    }
    for (const t of body.tickets as { number: string }[]) {
      const owner = this.ticketOwners.get(t.number);
      if (owner !== undefined && owner !== s.booking_id) {
        this.violation(`${at}: ticket ${t.number} was already issued to ${owner}`);
      }
      this.ticketOwners.set(t.number, s.booking_id);
    }
  }

  /** DELETE /booking with our transaction_id and tickets. */
  private async cancel(fact: BookingFact, op: string): Promise<void> {
    fact.cancelSent = true;
    const { reply } = await this.send(op, "DELETE", "/booking", {
      booking_id: fact.hold.scenario.booking_id,
      transaction_id: fact.answer!.transaction_id,
      ticket_numbers: fact.answer!.tickets.map((t) => t.number),
    });
    this.expectEmpty(fact, op, reply);
  }

  /** DELETE /booking with `unconfirmed: true`, as PORTA sends when it gave up. */
  private async cancelUnconfirmed(fact: BookingFact): Promise<void> {
    fact.unconfirmedSent = true;
    fact.hold.touched = true;
    const { reply } = await this.send("cancel-unconfirmed", "DELETE", "/booking", {
      booking_id: fact.hold.scenario.booking_id,
      transaction_id: "",
      ticket_numbers: [],
      unconfirmed: true,
    });
    this.expectEmpty(fact, "cancel-unconfirmed", reply);
  }

  private expectEmpty(fact: BookingFact, op: string, reply: Reply): void {
    if (reply.status === 200 && Bun.deepEquals(reply.body, {})) {
      fact.cancelledAt ??= performance.now();
      return;
    }
    this.violation(
      `${this.label(fact.hold.scenario)} ${op}: ${outcome(reply)} ${reply.body?.message ?? ""}`,
    );
  }

  /**
   * From the answers alone: seats certainly taken on the slot now (holds
   * answered 200, unexpired, with nothing sent that could move their seats;
   * bookings answered 200 with no cancellation sent) fit its capacity.
   */
  private checkAnswers(slot: Slot): void {
    const now = Date.now();
    const facts = this.slotFacts(slot);
    facts.holds = facts.holds.filter((h) => h.expiresAt > now && !h.touched);
    let taken = 0;
    for (const h of facts.holds) if (h.answer) taken += h.seats;
    facts.bookings = facts.bookings.filter((b) => !b.cancelSent && !b.unconfirmedSent);
    for (const b of facts.bookings) if (b.answer) taken += b.hold.seats;
    if (taken > slot.capacity) {
      this.violation(
        `slot ${slot.slot_id}: 200s prove ${taken} seats taken, capacity ${slot.capacity}`,
      );
    }
  }

  /** The store, read-only, while the server works: no oversell, consistent rows. */
  checkStore(): void {
    this.storeChecks++;
    probe(this.target.db, (p) => {
      const { now, slots } = p.overbooked();
      for (const s of slots) {
        this.violation(
          `store at ${now}: slot ${s.slot_id} has ${s.held} held + ${s.booked} booked ` +
            `of ${s.capacity}`,
        );
      }
      for (const fault of p.structureFaults()) this.violation(`store: ${fault}`);
    });
  }

  /** Every 200 is in the store as it was answered, and the file is sound. */
  checkDurable(when: string): void {
    this.storeChecks++;
    probe(this.target.db, (p) => {
      const integrity = p.integrity();
      if (integrity.join() !== "ok") this.violation(`${when}: integrity_check ${integrity}`);
      if (p.foreignKeyFaults() > 0) this.violation(`${when}: foreign_key_check found rows`);
      this.compareFacts(p, when);
    });
  }

  private compareFacts(p: StoreProbe, when: string): void {
    const holds = p.holds();
    for (const h of this.holds) {
      if (!h.answer) continue;
      const row = holds.get(h.answer.hold_id);
      const at = `${when}: ${this.label(h.scenario)}`;
      if (row?.transaction_id !== h.answer.transaction_id) {
        this.violation(`${at}: hold answered 200 is ${row ? "changed" : "missing"}`);
      } else if (h.released && row.status !== "RELEASED") {
        this.violation(`${at}: hold refused late confirmation is ${row.status}, not RELEASED`);
      }
    }
    const bookings = p.bookings();
    for (const b of this.bookings) {
      const row = bookings.get(b.hold.scenario.booking_id);
      const at = `${when}: ${this.label(b.hold.scenario)}`;
      if (b.answer) {
        const numbers = b.answer.tickets.map((t) => t.number).sort().join(",");
        if (!row || row.transaction_id !== b.answer.transaction_id) {
          this.violation(`${at}: booking answered 200 is ${row ? "changed" : "missing"}`);
        } else if (
          row.tickets !== numbers || !Bun.deepEquals(JSON.parse(row.response!), b.answer)
        ) {
          this.violation(`${at}: booking's tickets are not the ones answered`);
        } else if (row.status !== "CANCELLED" && !b.cancelSent && !b.unconfirmedSent) {
          continue;
        }
      }
      if (b.cancelledAt !== undefined && row?.status !== "CANCELLED") {
        this.violation(`${at}: cancellation answered 200 is ${row?.status ?? "missing"}`);
      }
    }
  }

  /** Cancels every booking still standing, as PORTA would. */
  async cancelEverything(): Promise<void> {
    const queue = this.bookings.filter((b) => b.confirmSent && b.cancelledAt === undefined);
    const worker = async () => {
      for (let b = queue.pop(); b !== undefined; b = queue.pop()) {
        if (b.answer) await this.cancel(b, "final-cancel");
        else await this.cancelUnconfirmed(b);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
  }

  /**
   * With everything cancelled: nothing counts at the instant the last hold
   * lapses; over HTTP, each slot with no live hold takes exactly its
   * capacity (and not one seat more). Returns how many slots were proven.
   */
  async proveEmpty(slots: Slot[]): Promise<number> {
    const last = probe(this.target.db, (p) => {
      if (p.count("SELECT count(*) FROM bookings WHERE status = 'CONFIRMED'") > 0) {
        this.violation("end: bookings still CONFIRMED after every one was cancelled");
      }
      return p.lastExpiry();
    });
    const after = probe(this.target.db, (p) => p.load(last + 1).slots);
    for (const s of after) {
      if (s.held + s.booked > 0) {
        this.violation(`end: slot ${s.slot_id} has ${s.held} held + ${s.booked} booked ` +
          "once every hold has lapsed");
      }
    }

    if (this.o.waitForExpiry && last >= Date.now()) await Bun.sleep(last + 1 - Date.now());
    const { slots: now } = probe(this.target.db, (p) => p.load());
    const free = new Set(now.filter((s) => s.held === 0 && s.booked === 0).map((s) => s.slot_id));
    let proven = 0;
    for (const slot of slots.filter((s) => free.has(s.slot_id))) {
      if (await this.proveSlot(slot)) proven++;
    }
    return proven;
  }

  private async proveSlot(slot: Slot): Promise<boolean> {
    const ask = async (quantity: number) =>
      outcome((await this.send("proof", "POST", "/hold", holdRequest(slot, quantity, 0, 60_000)))
        .reply);
    const full = slot.capacity === 0 ? "200" : await ask(slot.capacity);
    const more = await ask(1);
    if (full !== "200" || more !== "400 NO_CAPACITY_LEFT") {
      this.violation(`end: slot ${slot.slot_id} of ${slot.capacity}: all seats ${full}, ` +
        `one more ${more}`);
      return false;
    }
    return true;
  }
}

/** The number itself when it is printable ASCII (DECISIONS 15), else a mismatch. */
function printable(number: unknown): unknown {
  return typeof number === "string" && /^[!-~]+$/.test(number) ? number : "<printable ASCII>";
}

/** Runs the whole workload on a fresh store and reports what happened. */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadReport> {
  const o = {
    slots: 40,
    concurrency: 24,
    kills: 0,
    expiry: [2, 6] as [number, number],
    checkEvery: 500,
    waitForExpiry: false,
    ...options,
  };
  const started = performance.now();
  const rng = new Rng(o.seed);
  using dir = new TempDir();
  const db = dir.file("store.db");
  const { inventory, slots } = workloadInventory(rng, o.slots);
  seedStore(db, inventory);

  await using target = await Target.start(db);
  const run = new Run(o, target);
  o.log?.(`seed ${o.seed}: ${o.ops} requests over ${o.slots} slots, ${o.kills} kill(s)`);
  await run.mixed(rng, slots);
  run.checkDurable("after the mixed phase");
  await run.cancelEverything();
  run.checkDurable("after cancelling everything");
  const slotsProven = await run.proveEmpty(slots);
  const exit = await target.terminate();
  if (exit !== 0) run.violation(`end: SIGTERM exit code ${exit}`);
  run.checkDurable("after SIGTERM");

  return {
    seed: o.seed,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    requests: run.requests,
    tally: run.tally,
    cut: run.cut,
    kills: target.restartMs.length,
    inFlightAtKills: run.inFlightAtKills,
    restartMs: target.restartMs.map(Math.round),
    storeChecks: run.storeChecks,
    holds: run.holds.filter((h) => h.answer).length,
    bookings: run.bookings.filter((b) => b.answer).length,
    cancellations: run.bookings.filter((b) => b.cancelledAt !== undefined).length,
    races: run.races,
    slots: slots.length,
    slotsProven,
    violations: run.violationTotal > run.violations.length
      ? [...run.violations, `… ${run.violationTotal - run.violations.length} more`]
      : run.violations,
  };
}

/** The report as a few lines for a terminal or a test's output. */
export function describeReport(r: WorkloadReport): string {
  const restart = r.restartMs.length > 0
    ? `, restart median ${r.restartMs.toSorted((a, b) => a - b)[r.restartMs.length >> 1]} ms` +
      ` max ${Math.max(...r.restartMs)} ms, in flight at kills ${r.inFlightAtKills.join("/")}`
    : "";
  return [
    `seed ${r.seed}: ${r.requests} requests in ${r.seconds} s over ${r.slots} slots`,
    `kills ${r.kills}${restart}, requests cut by kills ${r.cut} (all retried)`,
    `answered 200: holds ${r.holds}, bookings ${r.bookings}, cancellations ` +
      `${r.cancellations} (each looked up in the store after every restart and at the end)`,
    `unconfirmed cancellation racing its confirmation: confirmation first ` +
      `${r.races.confirmFirst}, cancellation first ${r.races.cancelFirst}`,
    `store checks ${r.storeChecks}, slots proven back to full capacity over HTTP: ` +
      `${r.slotsProven} of ${r.slots}`,
    `answers: ${Object.entries(r.tally).sort().map(([k, v]) => `${k}: ${v}`).join(", ")}`,
    r.violations.length === 0 ? "violations: none" : `VIOLATIONS:\n  ${r.violations.join("\n  ")}`,
  ].join("\n");
}
