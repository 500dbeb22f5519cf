export type TimestampResult = { ok: true; iso: string; epochMs: number } | { ok: false; reason: string };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;

/**
 * Reads an ISO 8601 date and time with a UTC offset ("2026-11-26T09:30:00Z", "2026-11-26 10:30:00+01:00")
 * into the canonical UTC form "2026-11-26T09:30:00.000Z". Dates are checked for real (no 31 April, no
 * 25:00). Domain code reads no clock or Date, so this is plain calendar arithmetic. `defaultOffset` is
 * assumed when the text has none; without it such a time is refused, as it is ambiguous.
 */
export function parseTimestamp(text: string, defaultOffset?: string): TimestampResult {
  const m = ISO.exec(text.trim());
  if (!m) {
    return {
      ok: false,
      reason: text.trim() === "" ? "is empty" : `“${text}” is not a date and time like 2026-11-26T09:30:00Z`,
    };
  }
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `“${text}” is not a real date` };
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, reason: `“${text}” is not a real time of day` };
  const offsetText = zone ?? defaultOffset;
  if (offsetText === undefined) {
    return { ok: false, reason: `“${text}” has no time zone; add Z or an offset such as +01:00` };
  }
  const offsetMinutes = parseOffset(offsetText);
  if (offsetMinutes === undefined) return { ok: false, reason: `“${text}” has an invalid UTC offset` };
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const epochMs =
    (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60) *
      1000 +
    ms;
  return { ok: true, iso: formatUtc(epochMs), epochMs };
}

function parseOffset(text: string): number | undefined {
  if (text.toUpperCase() === "Z") return 0;
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse: "YYYY-MM-DDTHH:MM:SS.sssZ" for milliseconds since the epoch. */
export function formatUtc(epochMs: number): string {
  const days = Math.floor(epochMs / 86400000);
  let rest = epochMs - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(hour)}:${p(minute)}:${p(second)}.${p(ms, 3)}Z`;
}
