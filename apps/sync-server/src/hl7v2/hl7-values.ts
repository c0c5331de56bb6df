/** HL7 v2 data types read into FHIR R4 values (HL7 v2.5.1 chapter 2A: TS/DTM, XPN, XAD, XTN; table 0001). */

/**
 * A v2 timestamp (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]) as a FHIR dateTime. A time without an
 * offset is read as UTC (FHIR requires a zone when a time is given); null when unreadable.
 */
export function fhirDateTime(ts: string): string | null {
  const m = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?([+-]\d{4})?$/.exec(ts.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  if (mo === undefined) return y ?? null;
  if (d === undefined) return `${y}-${mo}`;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined || mi === undefined) return date;
  const zone = z === undefined ? 'Z' : `${z.slice(0, 3)}:${z.slice(3)}`;
  const out = `${date}T${h}:${mi}:${s ?? '00'}${zone}`;
  return Number.isNaN(Date.parse(out)) ? null : out;
}

/** A v2 date (the date part of DTM) as a FHIR date, or null. */
export function fhirDate(ts: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(ts.trim());
  if (m === null) return null;
  const out = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(out)) ? null : out;
}

/** Administrative sex (HL7 table 0001) as FHIR gender. */
export function fhirGender(sex: string): 'male' | 'female' | 'other' | 'unknown' | null {
  switch (sex.toUpperCase()) {
    case 'M':
      return 'male';
    case 'F':
      return 'female';
    case 'O':
    case 'A':
    case 'N':
      return 'other';
    case 'U':
      return 'unknown';
    default:
      return null;
  }
}

/** Abnormal flags (HL7 table 0078) that have the same code in v3 ObservationInterpretation. */
const INTERPRETATIONS: Readonly<Record<string, string>> = {
  N: 'Normal', H: 'High', L: 'Low', HH: 'Critical high', LL: 'Critical low', A: 'Abnormal', AA: 'Critical abnormal',
};
export function interpretationOf(flag: string): { code: string; display: string } | null {
  const code = flag.trim().toUpperCase();
  const display = INTERPRETATIONS[code];
  return display === undefined ? null : { code, display };
}

/** A v2 numeric range ("3.5-5.1", ">60", "<200") as low/high. */
export function parseRange(range: string): { low?: number; high?: number } | null {
  const r = range.trim();
  const both = /^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/.exec(r);
  if (both !== null) return { low: Number(both[1]), high: Number(both[2]) };
  const above = /^>=?\s*(-?\d+(?:\.\d+)?)$/.exec(r);
  if (above !== null) return { low: Number(above[1]) };
  const below = /^<=?\s*(-?\d+(?:\.\d+)?)$/.exec(r);
  if (below !== null) return { high: Number(below[1]) };
  return null;
}

/** Result status (HL7 table 0085 for OBX-11, 0123 for OBR-25) as FHIR Observation/DiagnosticReport status. */
export function resultStatus(code: string): 'final' | 'corrected' | 'preliminary' | null {
  switch (code.trim().toUpperCase()) {
    case 'F':
      return 'final';
    case 'C':
      return 'corrected';
    case 'P':
    case 'R':
    case 'S':
    case 'I':
      return 'preliminary';
    default:
      return null;
  }
}

/** A LOINC code's shape with its mod-10 check digit (https://loinc.org/kb/users-guide/calculating-mod-10-check-digits/). */
export function isLoincCode(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (m === null) return false;
  const body = m[1] ?? '';
  // Mod 10: double every other digit from the right, starting with the rightmost.
  let sum = 0;
  const digits = body.split('').reverse().map(Number);
  digits.forEach((d, i) => {
    if (i % 2 === 0) {
      const x = d * 2;
      sum += x > 9 ? x - 9 : x;
    } else sum += d;
  });
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}
