/**
 * @module time
 * Wall-clock times as PORTA sends them, read in an experience's own zone.
 *
 * PORTA's `expiration_time` and slot starts are the experience's local time,
 * but are often written with a `Z` or an offset anyway. DECISIONS 7: read
 * the wall-clock part leniently and ignore any offset. Nothing here depends
 * on the host's time zone: every conversion names its zone.
 */

export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

// date [T or space] hh:mm [:ss [.fraction]] [Z or ±hh:mm or ±hhmm]
const LOCAL_DATE_TIME = new RegExp(
  "^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})" +
    "(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?$",
);

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A pure function remembered for its last `size` distinct arguments, told
 * apart by `key`: Temporal's constructors cost microseconds, and a request
 * reads the same times several times (the schema's format check, then the
 * service; every hold on a slot, the slot's start). Temporal values are
 * immutable and zone rules do not change while the process runs, so one
 * result can serve every caller.
 */
export function remembered<A extends unknown[], T>(
  fn: (...args: A) => T,
  key: (...args: A) => string,
  size = 4096,
): (...args: A) => T {
  const cache = new Map<string, T>();
  return (...args) => {
    const k = key(...args);
    if (cache.has(k)) return cache.get(k)!;
    const value = fn(...args);
    if (cache.size >= size) cache.delete(cache.keys().next().value!);
    cache.set(k, value);
    return value;
  };
}

/** Reads `YYYY-MM-DDTHH:MM[:SS[.f]]` with an optional, ignored offset. */
export const parseLocalDateTime = remembered(readLocalDateTime, (text: string) => text);

function readLocalDateTime(text: string): Temporal.PlainDateTime | null {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return null;

  const fraction = (m[7] ?? "").padEnd(9, "0");
  try {
    return Temporal.PlainDateTime.from(
      {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: Number(m[6] ?? 0),
        millisecond: Number(fraction.slice(0, 3)),
        microsecond: Number(fraction.slice(3, 6)),
        nanosecond: Number(fraction.slice(6, 9)),
      },
      { overflow: "reject" },
    );
  } catch {
    return null;
  }
}

/** Reads a calendar date `YYYY-MM-DD`, refusing impossible days. */
export function parseLocalDate(text: string): Temporal.PlainDate | null {
  const m = LOCAL_DATE.exec(text);
  if (!m) return null;
  try {
    return Temporal.PlainDate.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
      { overflow: "reject" },
    );
  } catch {
    return null;
  }
}

/**
 * The instant of a local wall-clock time in `zone`. "compatible" is
 * DECISIONS 7 exactly: in a DST gap the later instant, in an overlap the
 * earlier one.
 */
export function zonedEpochMs(local: Temporal.PlainDateTime, zone: string): number {
  return local.toZonedDateTime(zone, { disambiguation: "compatible" })
    .epochMilliseconds;
}

export function zoned(
  local: Temporal.PlainDateTime,
  zone: string,
): Temporal.ZonedDateTime {
  return local.toZonedDateTime(zone, { disambiguation: "compatible" });
}

/** Local midnight of `date` in `zone` (DECISIONS 7a: a DAILY slot's start). */
export function startOfDay(
  date: Temporal.PlainDate,
  zone: string,
): Temporal.ZonedDateTime {
  return date.toZonedDateTime({ timeZone: zone });
}

/** An IANA zone name; fixed offsets such as `+02:00` know no DST and are refused. */
export function isTimeZone(name: string): boolean {
  if (/^[+-]/.test(name)) return false;
  try {
    Temporal.Now.zonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

/** An ISO 8601 duration such as `PT2H` or `P1D`; negative ones are refused. */
export function parseDuration(text: string): Temporal.Duration | null {
  try {
    const d = Temporal.Duration.from(text);
    return d.sign < 0 ? null : d;
  } catch {
    return null;
  }
}

/** Normal form stored for a local time: `YYYY-MM-DDTHH:MM:SS[.fff]`. */
export function formatLocal(local: Temporal.PlainDateTime): string {
  return local.toString({ smallestUnit: "millisecond" }).replace(/\.000$/, "");
}
