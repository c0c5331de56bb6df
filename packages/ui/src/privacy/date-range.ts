/** A report's date range as the officer picks it (whole days, local time) and as the server takes it (instants). */
export interface DayRange { from: string; to: string }

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The last `days` days up to and including today. */
export function lastDays(days: number, now: Date = new Date()): DayRange {
  return { from: day(new Date(now.getTime() - (days - 1) * 86_400_000)), to: day(now) };
}

/** From the start of `from` to the end of `to` (exclusive next midnight), local time. */
export function toInstants(r: DayRange): { from: string; to: string } {
  const from = new Date(`${r.from}T00:00:00`);
  const to = new Date(new Date(`${r.to}T00:00:00`).getTime() + 86_400_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

export const validRange = (r: DayRange): boolean => /^\d{4}-\d{2}-\d{2}$/.test(r.from) && /^\d{4}-\d{2}-\d{2}$/.test(r.to) && r.from <= r.to;
