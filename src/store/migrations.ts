/**
 * @module store/migrations
 * The schema, as an ordered list of migrations embedded in the code: files
 * read from disk at run time would not exist inside the compiled binary.
 * Append new migrations; never edit one that has shipped.
 */

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "inventory, holds, bookings and tickets",
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE vendors (
        vendor_id TEXT PRIMARY KEY,
        name      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE pickups (
        pickup_id   TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL CHECK (type IN ('HOTEL', 'MEETING_POINT')),
        latitude    REAL,
        longitude   REAL,
        time_margin INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE experiences (
        experience_id            TEXT PRIMARY KEY,
        vendor_id                TEXT NOT NULL REFERENCES vendors (vendor_id),
        experience_name          TEXT NOT NULL,
        availability_slot_type   TEXT NOT NULL
          CHECK (availability_slot_type IN ('DAILY', 'OPEN', 'TIME')),
        currency                 TEXT NOT NULL,
        cutoff_time              TEXT NOT NULL DEFAULT 'P0D',
        archived                 INTEGER NOT NULL DEFAULT 0,
        external_experience_id   TEXT,
        external_experience_name TEXT,
        time_zone                TEXT NOT NULL,
        cancellation_cutoff      TEXT
      ) STRICT;

      CREATE TABLE options (
        experience_id        TEXT NOT NULL
          REFERENCES experiences (experience_id) ON DELETE CASCADE,
        option_id            TEXT NOT NULL,
        label                TEXT NOT NULL,
        main_option          INTEGER,
        min_booking_quantity INTEGER,
        max_booking_quantity INTEGER,
        ticket_type          TEXT NOT NULL
          CHECK (ticket_type IN ('FOR_ALL', 'FOR_SINGLE_PERSON')),
        ticket_format        TEXT NOT NULL,
        ticket_url_template  TEXT,
        ticket_mime_type     TEXT,
        PRIMARY KEY (experience_id, option_id)
      ) STRICT;

      CREATE TABLE holder_categories (
        experience_id      TEXT NOT NULL,
        option_id          TEXT NOT NULL,
        holder_category_id TEXT NOT NULL,
        holder_type        TEXT NOT NULL,
        minimum_age        INTEGER NOT NULL,
        maximum_age        INTEGER,
        default_category   INTEGER,
        PRIMARY KEY (experience_id, option_id, holder_category_id),
        FOREIGN KEY (experience_id, option_id)
          REFERENCES options (experience_id, option_id) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE mandatory_questions (
        experience_id         TEXT NOT NULL
          REFERENCES experiences (experience_id) ON DELETE CASCADE,
        mandatory_question_id TEXT NOT NULL,
        question              TEXT NOT NULL,
        data_type             TEXT NOT NULL,
        level                 TEXT NOT NULL CHECK (level IN ('BOOKING', 'BY_PAX')),
        data_pattern          TEXT,
        select_options        TEXT,
        option_id             TEXT,
        holder_category_id    TEXT,
        position              INTEGER NOT NULL,
        PRIMARY KEY (experience_id, mandatory_question_id)
      ) STRICT;

      CREATE TABLE slots (
        slot_pk         INTEGER PRIMARY KEY,
        experience_id   TEXT NOT NULL,
        option_id       TEXT NOT NULL,
        slot_id         TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('DAILY', 'OPEN', 'TIME')),
        -- DAILY: the day; TIME: the local date of the start; OPEN: null.
        date            TEXT,
        start_local     TEXT,
        end_local       TEXT,
        open_type       TEXT CHECK (open_type IN ('DURATION_DAYS', 'END_DATE')),
        duration_days   INTEGER,
        end_date        TEXT,
        capacity        INTEGER CHECK (capacity IS NULL OR capacity >= 0),
        guide_languages TEXT NOT NULL DEFAULT '[]',
        UNIQUE (experience_id, option_id, slot_id),
        FOREIGN KEY (experience_id, option_id)
          REFERENCES options (experience_id, option_id)
      ) STRICT;
      CREATE INDEX slots_by_date ON slots (experience_id, date);

      CREATE TABLE slot_holder_categories (
        slot_pk            INTEGER NOT NULL
          REFERENCES slots (slot_pk) ON DELETE CASCADE,
        holder_category_id TEXT NOT NULL,
        price_in_cents     INTEGER NOT NULL,
        min_quantity       INTEGER,
        max_quantity       INTEGER,
        PRIMARY KEY (slot_pk, holder_category_id)
      ) STRICT;

      CREATE TABLE slot_pickups (
        slot_pk   INTEGER NOT NULL REFERENCES slots (slot_pk) ON DELETE CASCADE,
        pickup_id TEXT NOT NULL REFERENCES pickups (pickup_id),
        PRIMARY KEY (slot_pk, pickup_id)
      ) STRICT;

      CREATE TABLE holds (
        hold_id         TEXT PRIMARY KEY,
        transaction_id  TEXT NOT NULL UNIQUE,
        slot_pk         INTEGER NOT NULL REFERENCES slots (slot_pk),
        pickup_id       TEXT,
        seats           INTEGER NOT NULL CHECK (seats > 0),
        quantities      TEXT NOT NULL,
        expiration_time TEXT NOT NULL,
        expires_at      INTEGER NOT NULL,
        status          TEXT NOT NULL
          CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED')),
        request_hash    TEXT NOT NULL,
        created_at      INTEGER NOT NULL
      ) STRICT;
      -- Covers the live-seat sum: status and expiry filter, seats summed.
      CREATE INDEX holds_live ON holds (slot_pk, status, expires_at, seats);

      CREATE TABLE bookings (
        booking_id       TEXT PRIMARY KEY,
        transaction_id   TEXT UNIQUE,
        -- Null for a cancellation that arrived before (or instead of) the
        -- confirmation it cancels: DECISIONS 17.
        hold_id          TEXT UNIQUE REFERENCES holds (hold_id),
        slot_pk          INTEGER REFERENCES slots (slot_pk),
        seats            INTEGER NOT NULL DEFAULT 0,
        status           TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'CANCELLED')),
        tuimm_booking_id TEXT,
        holder           TEXT,
        request_hash     TEXT,
        response         TEXT,
        created_at       INTEGER NOT NULL,
        cancelled_at     INTEGER,
        cancel_reason    TEXT
      ) STRICT;
      CREATE INDEX bookings_seats ON bookings (slot_pk, status, seats);

      CREATE TABLE booking_items (
        booking_id         TEXT NOT NULL REFERENCES bookings (booking_id),
        request_id         TEXT NOT NULL,
        holder_category_id TEXT NOT NULL,
        pickup_id          TEXT,
        answers            TEXT NOT NULL,
        PRIMARY KEY (booking_id, request_id)
      ) STRICT;

      CREATE TABLE tickets (
        number             TEXT PRIMARY KEY,
        booking_id         TEXT NOT NULL REFERENCES bookings (booking_id),
        request_id         TEXT,
        holder_category_id TEXT,
        type               TEXT NOT NULL,
        format             TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tickets_by_booking ON tickets (booking_id);
    `,
  },
  {
    version: 2,
    description: "append-only audit trail",
    sql: `
      CREATE TABLE audit (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        -- 'porta', 'admin:<key name>' or 'cli'
        actor      TEXT NOT NULL,
        request_id TEXT,
        action     TEXT NOT NULL,
        -- 'OK', or the PORTA code (or HTTP status) of a refusal
        outcome    TEXT NOT NULL,
        subject    TEXT,
        -- JSON of what changed; ids and numbers, never personal data
        detail     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_time ON audit (at);
      CREATE INDEX audit_by_subject ON audit (subject);

      -- The trail is evidence: nothing, the service included, may edit it.
      CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    `,
  },
  {
    version: 3,
    description: "running seat totals per slot",
    sql: `
      -- A slot's seats taken, kept as running totals so that a hold costs
      -- the same with ten live holds on its slot or ten thousand. held is
      -- the sum of seats of HELD holds expiring after swept_to: the holds
      -- that expired since are subtracted when seats are next counted
      -- (SeatLedger), which also moves swept_to forward. booked is the sum
      -- of seats of CONFIRMED bookings. The triggers below keep both exact
      -- whatever writes holds and bookings; nothing else may.
      CREATE TABLE slot_seats (
        slot_pk  INTEGER PRIMARY KEY REFERENCES slots (slot_pk) ON DELETE CASCADE,
        held     INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
        swept_to INTEGER NOT NULL DEFAULT 0,
        booked   INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0)
      ) STRICT;

      -- swept_to = 0: every HELD hold counts until the first count sweeps.
      INSERT INTO slot_seats (slot_pk, held, swept_to, booked)
      SELECT s.slot_pk,
        (SELECT coalesce(sum(h.seats), 0) FROM holds h
          WHERE h.slot_pk = s.slot_pk AND h.status = 'HELD'),
        0,
        (SELECT coalesce(sum(b.seats), 0) FROM bookings b
          WHERE b.slot_pk = s.slot_pk AND b.status = 'CONFIRMED')
      FROM slots s;

      CREATE TRIGGER slot_seats_on_slot AFTER INSERT ON slots BEGIN
        INSERT INTO slot_seats (slot_pk) VALUES (NEW.slot_pk) ON CONFLICT DO NOTHING;
      END;

      CREATE TRIGGER slot_seats_hold_in AFTER INSERT ON holds WHEN NEW.status = 'HELD'
      BEGIN
        INSERT INTO slot_seats (slot_pk) VALUES (NEW.slot_pk) ON CONFLICT DO NOTHING;
        UPDATE slot_seats SET held = held + NEW.seats
          WHERE slot_pk = NEW.slot_pk AND NEW.expires_at > swept_to;
      END;

      CREATE TRIGGER slot_seats_hold_change
      AFTER UPDATE OF slot_pk, seats, expires_at, status ON holds
      BEGIN
        UPDATE slot_seats SET held = held - OLD.seats
          WHERE slot_pk = OLD.slot_pk AND OLD.status = 'HELD' AND OLD.expires_at > swept_to;
        INSERT INTO slot_seats (slot_pk) VALUES (NEW.slot_pk) ON CONFLICT DO NOTHING;
        UPDATE slot_seats SET held = held + NEW.seats
          WHERE slot_pk = NEW.slot_pk AND NEW.status = 'HELD' AND NEW.expires_at > swept_to;
      END;

      CREATE TRIGGER slot_seats_hold_out AFTER DELETE ON holds WHEN OLD.status = 'HELD'
      BEGIN
        UPDATE slot_seats SET held = held - OLD.seats
          WHERE slot_pk = OLD.slot_pk AND OLD.expires_at > swept_to;
      END;

      CREATE TRIGGER slot_seats_booking_in AFTER INSERT ON bookings
      WHEN NEW.status = 'CONFIRMED' AND NEW.slot_pk IS NOT NULL
      BEGIN
        INSERT INTO slot_seats (slot_pk) VALUES (NEW.slot_pk) ON CONFLICT DO NOTHING;
        UPDATE slot_seats SET booked = booked + NEW.seats WHERE slot_pk = NEW.slot_pk;
      END;

      CREATE TRIGGER slot_seats_booking_change
      AFTER UPDATE OF slot_pk, seats, status ON bookings
      BEGIN
        UPDATE slot_seats SET booked = booked - OLD.seats
          WHERE slot_pk = OLD.slot_pk AND OLD.status = 'CONFIRMED';
        INSERT INTO slot_seats (slot_pk) SELECT NEW.slot_pk
          WHERE NEW.slot_pk IS NOT NULL ON CONFLICT DO NOTHING;
        UPDATE slot_seats SET booked = booked + NEW.seats
          WHERE slot_pk = NEW.slot_pk AND NEW.status = 'CONFIRMED';
      END;

      CREATE TRIGGER slot_seats_booking_out AFTER DELETE ON bookings
      WHEN OLD.status = 'CONFIRMED'
      BEGIN
        UPDATE slot_seats SET booked = booked - OLD.seats WHERE slot_pk = OLD.slot_pk;
      END;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
