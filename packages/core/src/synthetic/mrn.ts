/**
 * Synthetic medical record numbers: `MRN` + the 1-based patient index zero-padded to 8 digits +
 * a Luhn (mod 10) check digit, e.g. `MRN000000018`. Unique per index within one data set; the
 * check digit lets a typo in a typed MRN be caught before a search runs.
 */

/** Luhn check digit (ISO/IEC 7812-1 Annex B) of a string of decimal digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  let double = true; // the digit left of the check digit is doubled
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError('luhnCheckDigit: digits only');
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

export function mrnForIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 99_999_999) throw new RangeError(`mrnForIndex: bad index ${index}`);
  const body = String(index + 1).padStart(8, '0');
  return `MRN${body}${luhnCheckDigit(body)}`;
}

/** True when `mrn` has the shape and a correct check digit. */
export function isValidMrn(mrn: string): boolean {
  const m = /^MRN(\d{8})(\d)$/.exec(mrn);
  if (m === null) return false;
  return luhnCheckDigit(m[1] as string) === Number(m[2]);
}
