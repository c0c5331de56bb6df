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

/** FHIR instant/dateTime to the second, in UTC. */
export function isoInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
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
