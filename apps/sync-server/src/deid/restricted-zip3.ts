/**
 * Three-digit ZIP codes whose geographic unit holds 20,000 people or fewer (HHS, "Guidance Regarding
 * Methods for De-identification of PHI", section 3.3, from the 2000 Census): under Safe Harbor
 * (45 CFR 164.514(b)(2)(i)(B)) these are replaced by 000; every other 3-digit prefix may be kept.
 * https://www.hhs.gov/hipaa/for-professionals/special-topics/de-identification/index.html
 */
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893',
]);

/** The first three digits of a US ZIP code as Safe Harbor allows them, or null when there are none. */
export function safeZip3(postalCode: unknown): string | null {
  if (typeof postalCode !== 'string') return null;
  const m = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(postalCode);
  if (m?.[1] === undefined) return null;
  return RESTRICTED_ZIP3.has(m[1]) ? '000' : m[1];
}
