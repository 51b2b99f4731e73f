/**
 * @module admin/service
 * Changes to the inventory from the admin API and the CLI, entity by
 * entity, with the import's own validation and rows (inventory/validate.ts
 * and inventory/import.ts), so that a change is accepted exactly when an
 * import of the resulting inventory would be.
 *
 * A change inside an experience is made on a copy of the whole experience
 * as the store has it; the copy is validated, then written. A fault in
 * what the request sent is a 400 naming the request's JSON path; a fault
 * elsewhere in the copy means that something else depends on what the
 * request changes (a slot on the holder category being removed, say): a
 * 409. Every change is one job of the store's writer (BEGIN IMMEDIATE),
 * recorded in the audit trail in the same commit, refusals included.
 */
import {
  type AuditContext,
  AuditLog,
  outcomeOf,
  refusalDetail,
} from "../audit/log.ts";
import { InventoryReader } from "../inventory/export.ts";
import { InventoryWriter, knownIds } from "../inventory/import.ts";
import { InventoryRepository } from "../inventory/repository.ts";
import type {
  Inventory,
  InventoryExperience,
  InventoryOption,
  InventoryPickup,
  InventoryQuestion,
  InventorySlot,
  InventoryVendor,
} from "../inventory/schema.ts";
import { SeatLedger } from "../inventory/seats.ts";
import { type Fault, validateInventory } from "../inventory/validate.ts";
import type { Database } from "../store/database.ts";
import type { Writer } from "../store/writer.ts";
import type { Clock } from "../time.ts";
import {
  alreadyExists,
  badRequest,
  belowTaken,
  inUse,
  invalidInput,
  unknown,
} from "./errors.ts";
import { Lookups, slotName } from "./lookups.ts";
import { AdminRepository, type SlotRef } from "./repository.ts";
import type { SlotSeats } from "./schemas.ts";

type HolderCategory = InventoryOption["holder_categories"][number];
type Detail = Record<string, unknown>;

/** Maps a path of the validated copy to the request body's, or null when it is not the body's. */
type Scope = (path: string) => string | null;

const under = (from: string, to = "$"): Scope => (path) =>
  path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}[`)
    ? to + path.slice(from.length)
    : null;

const EXPERIENCE = "$.experiences[0]";
const SLOT_PATH = /^\$\.experiences\[0\]\.slots\[(\d+)\](.*)$/;

/** The fields that differ, with their old and new values. */
function changes(before: object, after: object): Detail {
  const b = before as Detail;
  const a = after as Detail;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return Object.fromEntries(
    keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
      .map((k) => [k, { from: b[k] ?? null, to: a[k] ?? null }]),
  );
}

function sameId(field: string, inPath: string, inBody: string): void {
  if (inPath !== inBody) {
    throw badRequest(`${field} in the body (${inBody}) is not the one in the path (${inPath})`);
  }
}

const listed = (faults: Fault[]) =>
  faults.slice(0, 10).map((f) => `${f.path}: ${f.message}`).join("; ") +
  (faults.length > 10 ? `; and ${faults.length - 10} more` : "");

/** `$.experiences[0].slots[3].…` → `slot standard/s-0900`, for a 409's message. */
function entityAt(e: InventoryExperience, path: string): string {
  const m = /^\$\.experiences\[0\]\.(options|mandatory_questions|slots)\[(\d+)\]/.exec(path);
  if (!m) return `experience ${e.experience_id}`;
  const i = Number(m[2]);
  if (m[1] === "options") return `option ${e.options[i]!.option_id}`;
  if (m[1] === "slots") return `slot ${e.slots![i]!.option_id}/${e.slots![i]!.slot_id}`;
  return `mandatory question ${e.mandatory_questions![i]!.mandatory_question_id}`;
}

const slotKey = (s: { option_id: string; slot_id: string }) => `${s.option_id}/${s.slot_id}`;

/** What a change inside an experience does to the copy, and what it answers. */
interface Edit<T> {
  draft: InventoryExperience;
  scope: Scope;
  /** Slots to write besides the experience's own rows. */
  slots?: InventorySlot[];
  /** Deletions, once the rows are written. */
  remove?: () => void;
  value: () => T;
  detail: (value: T) => Detail;
}

/** A list of entities inside an experience, edited the same way whatever it holds. */
interface Collection<T> {
  /** Audit action prefix and the name in messages. */
  action: string;
  noun: string;
  idOf: (item: T) => string;
  /** The list in the copy, and its JSON path there; `parent` is an option id. */
  list: (e: InventoryExperience, parent: string) => { items: T[]; path: string };
  remove?: (experienceId: string, id: string) => void;
}

export class InventoryAdmin {
  private readonly rows: InventoryWriter;
  private readonly reader: InventoryReader;
  private readonly inventory: InventoryRepository;
  private readonly repo: AdminRepository;
  private readonly ledger: SeatLedger;
  private readonly lookups: Lookups;
  private readonly audit: AuditLog;
  private readonly options: Collection<InventoryOption>;
  private readonly categories: Collection<HolderCategory>;
  private readonly questions: Collection<InventoryQuestion>;

  constructor(
    private readonly db: Database,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {
    this.rows = new InventoryWriter(db);
    this.reader = new InventoryReader(db);
    this.inventory = new InventoryRepository(db);
    this.repo = new AdminRepository(db);
    this.ledger = new SeatLedger(db);
    this.lookups = new Lookups(db, clock);
    this.audit = new AuditLog(db, clock);

    this.options = {
      action: "option",
      noun: "option",
      idOf: (o) => o.option_id,
      list: (e) => ({ items: e.options, path: `${EXPERIENCE}.options` }),
      remove: (experienceId, id) => this.repo.deleteOption(experienceId, id),
    };
    this.categories = {
      action: "holder-category",
      noun: "holder category",
      idOf: (c) => c.holder_category_id,
      list: (e, optionId) => {
        const i = e.options.findIndex((o) => o.option_id === optionId);
        if (i < 0) throw unknown(`option ${e.experience_id}/${optionId}`);
        return {
          items: e.options[i]!.holder_categories,
          path: `${EXPERIENCE}.options[${i}].holder_categories`,
        };
      },
    };
    this.questions = {
      action: "question",
      noun: "mandatory question",
      idOf: (q) => q.mandatory_question_id,
      list: (e) => ({
        items: (e.mandatory_questions ??= []),
        path: `${EXPERIENCE}.mandatory_questions`,
      }),
    };
  }

  createVendor(v: InventoryVendor, ctx: AuditContext): Promise<InventoryVendor> {
    return this.saveTop("vendor", v.vendor_id, v, null, ctx);
  }

  updateVendor(id: string, v: InventoryVendor, ctx: AuditContext): Promise<InventoryVendor> {
    return this.saveTop("vendor", v.vendor_id, v, id, ctx);
  }

  deleteVendor(id: string, ctx: AuditContext): Promise<void> {
    return this.change(ctx, "vendor.delete", id, () => {
      const before = this.reader.vendor(id) ?? fail(unknown(`vendor ${id}`));
      const experiences = this.repo.vendorUse(id);
      if (experiences > 0) {
        throw inUse(`vendor ${id} has ${experiences} experience(s)`);
      }
      this.repo.deleteVendor(id);
      return { value: undefined, detail: { deleted: before } };
    });
  }

  createPickup(p: InventoryPickup, ctx: AuditContext): Promise<InventoryPickup> {
    return this.saveTop("pickup", p.pickup_id, p, null, ctx);
  }

  updatePickup(id: string, p: InventoryPickup, ctx: AuditContext): Promise<InventoryPickup> {
    return this.saveTop("pickup", p.pickup_id, p, id, ctx);
  }

  deletePickup(id: string, ctx: AuditContext): Promise<void> {
    return this.change(ctx, "pickup.delete", id, () => {
      const before = this.reader.pickup(id) ?? fail(unknown(`pickup ${id}`));
      const use = this.repo.pickupUse(id);
      if (use.slots + use.holds + use.items > 0) {
        throw inUse(
          `pickup ${id} is on ${use.slots} slot(s), ${use.holds} hold(s) and ` +
            `${use.items} booked person(s)`,
        );
      }
      this.repo.deletePickup(id);
      return { value: undefined, detail: { deleted: before } };
    });
  }

  createExperience(e: InventoryExperience, ctx: AuditContext): Promise<InventoryExperience> {
    return this.change(ctx, "experience.create", e.experience_id, (now) => {
      if (this.inventory.hasExperience(e.experience_id)) {
        throw alreadyExists(`experience ${e.experience_id}`);
      }
      this.check({ experiences: [e] }, under(EXPERIENCE));
      this.rows.experience(e);
      for (const s of e.slots ?? []) this.rows.slot(e, s, now);
      const value = this.reader.experience(e.experience_id)!;
      return { value, detail: { created: { ...value, slots: e.slots?.length ?? 0 } } };
    });
  }

  /**
   * Replaces the experience's fields, options and questions by the body's
   * (options left out are deleted); slots in the body are created or
   * replaced, the others kept.
   */
  replaceExperience(
    id: string,
    body: InventoryExperience,
    ctx: AuditContext,
  ): Promise<InventoryExperience> {
    sameId("experience_id", id, body.experience_id);
    return this.editExperience(ctx, "experience.update", id, id, (stored) => {
      const given = body.slots ?? [];
      const keys = new Set(given.map(slotKey));
      const kept = new Set(body.options.map((o) => o.option_id));
      const others = stored.slots!.filter((s) => !keys.has(slotKey(s)));
      const draft = { ...body, slots: [...given, ...others] };
      const { slots: _, ...before } = stored;
      return {
        draft,
        scope: (path) => {
          const slot = SLOT_PATH.exec(path);
          return slot && Number(slot[1]) >= given.length ? null : under(EXPERIENCE)(path);
        },
        slots: given,
        remove: () => {
          for (const o of stored.options) {
            if (!kept.has(o.option_id)) this.repo.deleteOption(id, o.option_id);
          }
        },
        value: () => this.reader.experience(id)!,
        detail: (value) => ({ changed: changes(before, value), slots: given.map(slotKey) }),
      };
    });
  }

  /** Refused while any of its slots has a hold or a booking: archive it instead. */
  deleteExperience(id: string, ctx: AuditContext): Promise<void> {
    return this.change(ctx, "experience.delete", id, () => {
      const before = this.reader.experience(id) ?? fail(unknown(`experience ${id}`));
      const use = this.repo.experienceUse(id);
      if (use.holds + use.bookings > 0) {
        throw inUse(
          `experience ${id} has ${use.holds} hold(s) and ${use.bookings} booking(s) ` +
            "on its slots: archive it instead",
        );
      }
      this.repo.deleteExperience(id);
      return { value: undefined, detail: { deleted: before } };
    });
  }

  /** An archived experience sells nothing (DECISIONS 10); its bookings stand. */
  setArchived(id: string, archived: boolean, ctx: AuditContext): Promise<InventoryExperience> {
    const action = archived ? "experience.archive" : "experience.unarchive";
    return this.change(ctx, action, id, () => {
      if (!this.inventory.hasExperience(id)) throw unknown(`experience ${id}`);
      this.repo.setArchived(id, archived);
      return { value: this.reader.experience(id)!, detail: { archived } };
    });
  }

  saveOption(
    experienceId: string,
    pathId: string | null,
    o: InventoryOption,
    ctx: AuditContext,
  ): Promise<InventoryOption> {
    return this.saveItem(this.options, experienceId, "", pathId, o, ctx);
  }

  deleteOption(experienceId: string, optionId: string, ctx: AuditContext): Promise<void> {
    return this.deleteItem(this.options, experienceId, "", optionId, ctx);
  }

  saveCategory(
    experienceId: string,
    optionId: string,
    pathId: string | null,
    c: HolderCategory,
    ctx: AuditContext,
  ): Promise<HolderCategory> {
    return this.saveItem(this.categories, experienceId, optionId, pathId, c, ctx);
  }

  deleteCategory(
    experienceId: string,
    optionId: string,
    categoryId: string,
    ctx: AuditContext,
  ): Promise<void> {
    return this.deleteItem(this.categories, experienceId, optionId, categoryId, ctx);
  }

  saveQuestion(
    experienceId: string,
    pathId: string | null,
    q: InventoryQuestion,
    ctx: AuditContext,
  ): Promise<InventoryQuestion> {
    return this.saveItem(this.questions, experienceId, "", pathId, q, ctx);
  }

  deleteQuestion(experienceId: string, questionId: string, ctx: AuditContext): Promise<void> {
    return this.deleteItem(this.questions, experienceId, "", questionId, ctx);
  }

  /** A season in one call: every slot is new, or nothing is written. */
  createSlots(
    experienceId: string,
    slots: InventorySlot[],
    ctx: AuditContext,
  ): Promise<InventorySlot[]> {
    return this.editExperience(ctx, "slots.create", experienceId, experienceId, (draft) => {
      const existing = new Set(draft.slots!.map(slotKey));
      const taken = slots.filter((s) => existing.has(slotKey(s))).map(slotKey);
      if (taken.length > 0) throw alreadyExists(`slot(s) ${taken.join(", ")} of ${experienceId}`);
      const first = draft.slots!.length;
      draft.slots!.push(...slots);
      return {
        draft,
        scope: (path) => {
          const m = SLOT_PATH.exec(path);
          return m && Number(m[1]) >= first ? `$[${Number(m[1]) - first}]${m[2]}` : null;
        },
        slots,
        value: () => this.readSlots(experienceId, slots),
        detail: () => ({ slots: slots.map(slotKey) }),
      };
    });
  }

  /** Replaces existing slots, every one or none; capacity never below the seats taken. */
  updateSlots(
    experienceId: string,
    slots: InventorySlot[],
    ctx: AuditContext,
    bodyPath = (i: number) => `$[${i}]`,
  ): Promise<InventorySlot[]> {
    return this.editExperience(ctx, "slots.update", experienceId, experienceId, (draft) => {
      const index = new Map(draft.slots!.map((s, i) => [slotKey(s), i]));
      const missing = slots.filter((s) => !index.has(slotKey(s))).map(slotKey);
      if (missing.length > 0) throw unknown(`slot(s) ${missing.join(", ")} of ${experienceId}`);
      const bodyIndex = new Map<number, number>();
      slots.forEach((s, i) => {
        const at = index.get(slotKey(s))!;
        draft.slots![at] = s;
        bodyIndex.set(at, i);
      });
      const before = slots.map((s) => this.reader.slot(experienceId, s.option_id, s.slot_id)!);
      return {
        draft,
        scope: (path) => {
          const m = SLOT_PATH.exec(path);
          const i = m ? bodyIndex.get(Number(m[1])) : undefined;
          return i === undefined ? null : bodyPath(i) + m![2];
        },
        slots,
        value: () => this.readSlots(experienceId, slots),
        detail: (after) => ({
          slots: Object.fromEntries(after.map((s, i) => [slotKey(s), changes(before[i]!, s)])),
        }),
      };
    });
  }

  async replaceSlot(ref: SlotRef, s: InventorySlot, ctx: AuditContext): Promise<InventorySlot> {
    sameId("option_id", ref.option_id, s.option_id);
    sameId("slot_id", ref.slot_id, s.slot_id);
    const [slot] = await this.updateSlots(ref.experience_id, [s], ctx, () => "$");
    return slot!;
  }

  /** Refused once the slot has any hold or booking: they refer to it for good. */
  deleteSlot(ref: SlotRef, ctx: AuditContext): Promise<void> {
    return this.change(ctx, "slot.delete", slotName(ref), () => {
      const slot = this.repo.slotPk(ref) ?? fail(unknown(`slot ${slotName(ref)}`));
      const use = this.repo.slotUse(slot.slot_pk);
      if (use.holds + use.bookings > 0) {
        throw inUse(
          `slot ${slotName(ref)} has ${use.holds} hold(s) and ${use.bookings} ` +
            "booking(s): set its capacity to 0 to stop selling it",
        );
      }
      const before = this.reader.slot(ref.experience_id, ref.option_id, ref.slot_id)!;
      this.repo.deleteSlot(slot.slot_pk);
      return { value: undefined, detail: { deleted: before } };
    });
  }

  /** `null` lifts the limit. Never below the seats held and booked right now. */
  setCapacity(ref: SlotRef, capacity: number | null, ctx: AuditContext): Promise<SlotSeats> {
    return this.change(ctx, "capacity.set", slotName(ref), (now) => {
      if (capacity !== null && !(capacity >= 0 && capacity <= 2_147_483_647)) {
        throw invalidInput(`capacity: ${capacity} is not from 0 to 2147483647`);
      }
      const slot = this.repo.slotPk(ref) ?? fail(unknown(`slot ${slotName(ref)}`));
      const { held, booked } = this.ledger.taken(slot.slot_pk, now);
      if (capacity !== null && capacity < held + booked) {
        throw belowTaken(
          `slot ${slotName(ref)} has ${held} seat(s) held and ${booked} booked: ` +
            `capacity ${capacity} is below that`,
        );
      }
      this.repo.setCapacity(slot.slot_pk, capacity);
      return {
        value: this.lookups.slotSeats(ref),
        detail: { from: slot.capacity, to: capacity, held, booked },
      };
    });
  }

  /** Seats sold elsewhere (`seats` < 0) or returned (`seats` > 0). */
  adjustCapacity(ref: SlotRef, seats: number, ctx: AuditContext): Promise<SlotSeats> {
    const action = seats >= 0 ? "capacity.add" : "capacity.remove";
    return this.change(ctx, action, slotName(ref), (now) => {
      const slot = this.repo.slotPk(ref) ?? fail(unknown(`slot ${slotName(ref)}`));
      if (slot.capacity === null) {
        throw invalidInput(`slot ${slotName(ref)} has no seat limit: set a capacity first`);
      }
      const { held, booked } = this.ledger.taken(slot.slot_pk, now);
      const capacity = slot.capacity + seats;
      if (capacity < held + booked) {
        const spare = Math.max(0, slot.capacity - held - booked);
        throw belowTaken(
          `slot ${slotName(ref)} has capacity ${slot.capacity} with ${held} seat(s) held ` +
            `and ${booked} booked: at most ${spare} seat(s) can be removed`,
        );
      }
      if (capacity > 2_147_483_647) throw invalidInput(`capacity ${capacity} is too large`);
      this.repo.setCapacity(slot.slot_pk, capacity);
      return {
        value: this.lookups.slotSeats(ref),
        detail: { from: slot.capacity, to: capacity, seats, held, booked },
      };
    });
  }

  /** Runs `job` as one writer job and audits its outcome in the same commit. */
  private change<T>(
    ctx: AuditContext,
    action: string,
    subject: string,
    job: (now: number) => { value: T; detail: Detail },
  ): Promise<T> {
    return this.writer.write(
      () => job(this.clock()),
      (outcome) =>
        this.audit.append({
          ...ctx,
          action,
          outcome: outcomeOf(outcome),
          subject,
          detail: outcome.ok ? outcome.value.detail : refusalDetail(outcome),
        }),
    ).then((done) => done.value);
  }

  /** 400 for a fault in what the request sent, 409 for one elsewhere. */
  private check(doc: Inventory, scope: Scope): void {
    const faults = validateInventory(doc, knownIds(this.db));
    const own = faults.flatMap((f) => {
      const path = scope(f.path);
      return path === null ? [] : [{ path, message: f.message }];
    });
    if (own.length > 0) throw invalidInput(listed(own));
    if (faults.length > 0) {
      const e = doc.experiences?.[0];
      const named = faults.map((f) => ({
        path: e ? entityAt(e, f.path) : f.path,
        message: f.message,
      }));
      throw inUse(`the change conflicts with ${listed(named)}`);
    }
  }

  private editExperience<T>(
    ctx: AuditContext,
    action: string,
    subject: string,
    experienceId: string,
    edit: (stored: InventoryExperience) => Edit<T>,
  ): Promise<T> {
    return this.change(ctx, action, subject, (now) => {
      const stored = this.reader.experience(experienceId, { slots: true }) ??
        fail(unknown(`experience ${experienceId}`));
      const e = edit(structuredClone(stored));
      this.check({ experiences: [e.draft] }, e.scope);

      this.rows.experience(e.draft);
      for (const s of e.slots ?? []) {
        const fault = this.rows.slot(e.draft, s, now);
        if (fault) throw fault.inUse ? inUse(fault.message) : belowTaken(fault.message);
      }
      e.remove?.();
      const value = e.value();
      return { value, detail: e.detail(value) };
    });
  }

  private saveItem<T extends object>(
    c: Collection<T>,
    experienceId: string,
    parent: string,
    pathId: string | null,
    item: T,
    ctx: AuditContext,
  ): Promise<T> {
    const id = c.idOf(item);
    if (pathId !== null) sameId(`the ${c.noun}'s id`, pathId, id);
    const name = [experienceId, parent, id].filter(Boolean).join("/");
    const action = `${c.action}.${pathId === null ? "create" : "update"}`;

    return this.editExperience(ctx, action, name, experienceId, (draft) => {
      const { items, path } = c.list(draft, parent);
      const before = items.find((x) => c.idOf(x) === id);
      if (pathId === null && before) throw alreadyExists(`${c.noun} ${name}`);
      if (pathId !== null && !before) throw unknown(`${c.noun} ${name}`);
      const at = before ? items.indexOf(before) : items.length;
      items[at] = item;
      return {
        draft,
        scope: under(`${path}[${at}]`),
        value: () => this.readItem(c, experienceId, parent, id)!,
        detail: (value) => (before ? { changed: changes(before, value) } : { created: value }),
      };
    });
  }

  private deleteItem<T>(
    c: Collection<T>,
    experienceId: string,
    parent: string,
    id: string,
    ctx: AuditContext,
  ): Promise<void> {
    const name = [experienceId, parent, id].filter(Boolean).join("/");
    return this.editExperience(ctx, `${c.action}.delete`, name, experienceId, (draft) => {
      const { items } = c.list(draft, parent);
      const at = items.findIndex((x) => c.idOf(x) === id);
      if (at < 0) throw unknown(`${c.noun} ${name}`);
      const [before] = items.splice(at, 1);
      return {
        draft,
        scope: () => null,
        remove: () => c.remove?.(experienceId, id),
        value: () => undefined,
        detail: () => ({ deleted: before }),
      };
    });
  }

  private readItem<T>(c: Collection<T>, experienceId: string, parent: string, id: string) {
    const stored = this.reader.experience(experienceId)!;
    return c.list(stored, parent).items.find((x) => c.idOf(x) === id);
  }

  private readSlots(experienceId: string, slots: InventorySlot[]): InventorySlot[] {
    return slots.map((s) => this.reader.slot(experienceId, s.option_id, s.slot_id)!);
  }

  private saveTop<T extends InventoryVendor | InventoryPickup>(
    kind: "vendor" | "pickup",
    id: string,
    entity: T,
    pathId: string | null,
    ctx: AuditContext,
  ): Promise<T> {
    if (pathId !== null) sameId(`${kind}_id`, pathId, id);
    const action = `${kind}.${pathId === null ? "create" : "update"}`;
    const read = () =>
      (kind === "vendor" ? this.reader.vendor(id) : this.reader.pickup(id)) as T | null;

    return this.change(ctx, action, id, () => {
      const before = read();
      if (pathId === null && before) throw alreadyExists(`${kind} ${id}`);
      if (pathId !== null && !before) throw unknown(`${kind} ${id}`);
      const doc = kind === "vendor" ? { vendors: [entity] } : { pickups: [entity] };
      this.check(doc as Inventory, under(`$.${kind}s[0]`));
      if (kind === "vendor") this.rows.vendor(entity as InventoryVendor);
      else this.rows.pickup(entity as InventoryPickup);
      const value = read()!;
      return { value, detail: before ? { changed: changes(before, value) } : { created: value } };
    });
  }
}

function fail(error: Error): never {
  throw error;
}
