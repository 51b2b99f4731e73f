/**
 * @module audit/log
 * The audit trail: every webhook outcome (refusals with their code
 * included) and every inventory change, appended with its time, actor and
 * request id. Rows are only ever inserted; triggers refuse any UPDATE or
 * DELETE (migration 2). Details carry ids and numbers, never a holder's
 * name, email or answers.
 */
import { PortaError } from "../errors.ts";
import type { Database } from "../store/database.ts";
import type { Settled } from "../store/writer.ts";

export interface AuditContext {
  /** `porta`, `admin:<key name>` or `cli`. */
  actor: string;
  request_id?: string | null;
}

export interface AuditEntry extends AuditContext {
  action: string;
  outcome: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  request_id: string | null;
  action: string;
  outcome: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  actor?: string;
  action?: string;
  outcome?: string;
  subject?: string;
  limit?: number;
}

export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly clock: () => number,
  ) {
    this.insert = db.query(`
      INSERT INTO audit (at, actor, request_id, action, outcome, subject, detail)
      VALUES ($at, $actor, $request_id, $action, $outcome, $subject, $detail)`);
  }

  /** Appends one entry; call it inside the transaction of the change it records. */
  append(entry: AuditEntry): void {
    this.insert.run({
      at: this.clock(),
      actor: entry.actor,
      request_id: entry.request_id ?? null,
      action: entry.action,
      outcome: entry.outcome,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    });
  }

  /** Newest first. */
  list(filter: AuditFilter = {}): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    const add = (sql: string, name: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params[name] = value;
    };
    add("at >= $from", "from", filter.from);
    add("at < $to", "to", filter.to);
    add("actor = $actor", "actor", filter.actor);
    add("action = $action", "action", filter.action);
    add("outcome = $outcome", "outcome", filter.outcome);
    add("subject = $subject", "subject", filter.subject);
    params.limit = Math.min(Math.max(filter.limit ?? 100, 1), 10_000);

    type Stored = Omit<AuditRow, "detail" | "at"> & { at: number; detail: string };
    const rows = this.db.query<Stored, any>(`
      SELECT seq, at, actor, request_id, action, outcome, subject, detail FROM audit
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY seq DESC LIMIT $limit`).all(params);
    return rows.map((r) => ({
      ...r,
      at: new Date(r.at).toISOString(),
      detail: JSON.parse(r.detail),
    }));
  }
}

/** `OK`, or the PORTA code a refusal carried (UNCLASSIFIED_ERROR for a fault). */
export function outcomeOf(outcome: Settled<unknown>): string {
  if (outcome.ok) return "OK";
  return outcome.error instanceof PortaError ? outcome.error.code : "UNCLASSIFIED_ERROR";
}

/** What a refusal's entry says: its message, which names ids, never people. */
export function refusalDetail(outcome: Settled<unknown>): Record<string, unknown> {
  return outcome.ok ? {} : { message: (outcome.error as Error).message };
}
