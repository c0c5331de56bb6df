/**
 * How old a value is, as a clinician says it ("3 h ago", "5 d ago", "4 mo ago"): the age of the
 * latest vitals and labs matters as much as the value (a potassium from last year is not today's).
 */
export function relativeAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  if (ms < 0) return 'just now';
  const min = ms / 60_000;
  if (min < 60) return `${Math.max(1, Math.round(min))} min ago`;
  const h = min / 60;
  if (h < 48) return `${Math.round(h)} h ago`;
  const d = h / 24;
  if (d < 60) return `${Math.round(d)} d ago`;
  const mo = d / 30.44;
  if (mo < 24) return `${Math.round(mo)} mo ago`;
  return `${Math.round(d / 365.25)} y ago`;
}
