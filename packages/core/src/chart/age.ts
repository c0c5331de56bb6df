/**
 * A patient's age in whole years, the one calculation the banner, the patient lists and CDS share.
 * FHIR `Patient.birthDate` is a `date` (YYYY, YYYY-MM or YYYY-MM-DD; https://hl7.org/fhir/R4/datatypes.html#date):
 * a partial date counts from the first day of its year or month. Anything that is not a real calendar
 * date on or before `asOf` gives `null`, never a number that could pass for an age: a banner must not
 * show "0 y" and a dose check must not treat a typo as a newborn.
 */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Whole years between a FHIR date and an instant (UTC calendar dates); null when unknown or impossible. */
export function ageInYears(birthDate: string | null | undefined, asOf: Date | string): number | null {
  if (birthDate === null || birthDate === undefined) return null;
  const m = FHIR_DATE.exec(birthDate.trim());
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const at = typeof asOf === 'string' ? new Date(asOf) : asOf;
  if (Number.isNaN(at.getTime())) return null;
  const ay = at.getUTCFullYear();
  const amd = (at.getUTCMonth() + 1) * 100 + at.getUTCDate();
  const age = ay - y - (amd < mo * 100 + d ? 1 : 0);
  return age < 0 ? null : age;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
