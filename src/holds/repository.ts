/**
 * @module holds/repository
 * The holds table. A hold is HELD until confirmed (CONFIRMED) or ended by
 * a late confirmation of a cancelled booking (RELEASED); a HELD hold past
 * `expires_at` counts no seats (see inventory/seats.ts).
 */
import type { Database } from "../store/database.ts";

export type HoldStatus = "HELD" | "CONFIRMED" | "RELEASED";

export interface HoldRow {
  hold_id: string;
  transaction_id: string;
  slot_pk: number;
  pickup_id: string | null;
  seats: number;
  /** JSON: `[{ holder_category_id, quantity, guide_language? }]` */
  quantities: string;
  expiration_time: string;
  expires_at: number;
  status: HoldStatus;
  request_hash: string;
  created_at: number;
}

export class HoldRepository {
  private readonly q;

  constructor(db: Database) {
    this.q = {
      find: db.query<HoldRow, [string]>("SELECT * FROM holds WHERE hold_id = ?"),
      insert: db.query(`
        INSERT INTO holds (hold_id, transaction_id, slot_pk, pickup_id, seats,
          quantities, expiration_time, expires_at, status, request_hash,
          created_at)
        VALUES ($hold_id, $transaction_id, $slot_pk, $pickup_id, $seats,
          $quantities, $expiration_time, $expires_at, $status, $request_hash,
          $created_at)`),
      setStatus: db.query<never, [HoldStatus, string]>(
        "UPDATE holds SET status = ? WHERE hold_id = ?",
      ),
    };
  }

  /**
   * A `hold_id` is a uuid, whose letters' case means nothing: holds are
   * stored with it in lower case, and found whatever case PORTA sends.
   * Holds stored before that are found as they were sent.
   */
  find(holdId: string): HoldRow | null {
    const canonical = holdId.toLowerCase();
    return this.q.find.get(canonical) ?? (canonical === holdId ? null : this.q.find.get(holdId));
  }

  insert(hold: HoldRow): void {
    this.q.insert.run({ ...hold, hold_id: hold.hold_id.toLowerCase() });
  }

  setStatus(holdId: string, status: HoldStatus): void {
    this.q.setStatus.run(status, holdId);
  }
}
