/**
 * A birth date typed into the finder, in any common spelling, as ISO 8601 dates (YYYY-MM-DD) to search
 * for. Clinicians copy the date the way the banner shows it (07 Mar 1958), type it US style
 * (03/07/1958, 3/7/58), day-first (07.03.1958, 7/3/1958 when the day is over 12), compact
 * (19580307) or ISO. An all-numeric date whose first two parts could each be the month (03/07/1958)
 * is ambiguous: both readings are returned, US first. Not a date: an empty list.
 */
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "Mar", "Mar.", "Sept", "March": 3 or more letters that start the month's name ("Marsh" is not a month). */
function monthFromName(s: string): number | null {
  const k = s.toLowerCase().replace(/\.$/, '');
  if (k.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.startsWith(k));
  return i < 0 ? null : i + 1;
}

/** Two-digit years: the most recent year ending so that is not in the future (a birth date). */
function fullYear(y: string, today: Date): number {
  if (y.length === 4) return Number(y);
  const yy = Number(y);
  const century = Math.floor(today.getFullYear() / 100) * 100;
  return century + yy > today.getFullYear() ? century - 100 + yy : century + yy;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1850) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31 Feb and friends
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function birthDateQueries(raw: string, today: Date = new Date()): string[] {
  const q = raw.trim().replace(/,/g, ' ').replace(/\s+/g, ' ');
  const out: (string | null)[] = [];
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(q)) !== null) {
    out.push(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  } else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(q)) !== null) {
    out.push(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  } else if ((m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/.exec(q)) !== null) {
    const [a, sep, b] = [Number(m[1]), m[2], Number(m[3])];
    const y = fullYear(m[4] ?? '', today);
    // Dots are written day first (07.03.1958); slashes and dashes US first unless the first part cannot be a month.
    if (sep === '.' || a > 12) out.push(iso(y, b, a));
    else {
      out.push(iso(y, a, b));
      if (b <= 12 && a !== b) out.push(iso(y, b, a));
    }
  } else if ((m = /^(\d{1,2})[ \-/.]?([a-z]+\.?)[ \-/.]?(\d{2}|\d{4})$/i.exec(q)) !== null) {
    const month = monthFromName(m[2] ?? '');
    if (month !== null) out.push(iso(fullYear(m[3] ?? '', today), month, Number(m[1])));
  } else if ((m = /^([a-z]+\.?)[ \-/.]?(\d{1,2})[ \-/.]+(\d{2}|\d{4})$/i.exec(q)) !== null) {
    const month = monthFromName(m[1] ?? '');
    if (month !== null) out.push(iso(fullYear(m[3] ?? '', today), month, Number(m[2])));
  }
  return [...new Set(out.filter((d): d is string => d !== null && d <= today.toISOString().slice(0, 10)))];
}
