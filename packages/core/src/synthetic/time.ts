/**
 * Date arithmetic for the generator, in epoch milliseconds (UTC). Output formats are the FHIR R4
 * primitives (http://hl7.org/fhir/R4/datatypes.html#primitive): date `YYYY-MM-DD`, dateTime and
 * instant `YYYY-MM-DDThh:mm:ssZ`.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365.25 * DAY;

/** The default clock of the generator, so that output does not depend on when it runs. */
export const DEFAULT_NOW = '2026-11-01T12:00:00Z';

/** Parses an ISO instant; a bad `now` is a caller bug, so it throws. */
export function parseNow(now: string | undefined): number {
  const ms = Date.parse(now ?? DEFAULT_NOW);
  if (!Number.isFinite(ms)) throw new RangeError(`synthetic: 'now' is not an ISO date-time: ${String(now)}`);
  return ms;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// Formatting dates is the generator's hottest path (every resource has several); most instants of
// a chart fall on a day already formatted, so the day part is cached and the time part is arithmetic.
let cachedDay = Number.NaN;
let cachedDayText = '';

/** FHIR instant/dateTime to the second, in UTC: `YYYY-MM-DDThh:mm:ssZ`. */
export function isoInstant(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const day = Math.floor(secs / 86_400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day * DAY).toISOString().slice(0, 10);
  }
  let rest = secs - day * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return `${cachedDayText}T${TWO_DIGITS[h] as string}:${TWO_DIGITS[m] as string}:${TWO_DIGITS[rest - m * 60] as string}Z`;
}

/** FHIR date. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole years between a birth date and an instant. */
export function ageYearsAt(birthMs: number, atMs: number): number {
  const b = new Date(birthMs);
  const a = new Date(atMs);
  let age = a.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday = a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Midnight UTC of the day containing ms. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
