/**
 * "Outside the user's usual hours": the hours of day that hold a fair share of the user's own
 * history, or the organisation's default hours while the user has too little history.
 */
import type { PrivacyAlertThresholds } from '../thresholds.ts';

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** Hour of day (0-23) of an instant in a time zone. */
export function hourIn(at: Date, timeZone: string): number {
  let f = hourFormats.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormats.set(timeZone, f);
  }
  return Number.parseInt(f.format(at), 10) % 24;
}

/** The set of usual hours from an hour-of-day histogram of the user's baseline events. */
export function usualHours(histogram: ReadonlyMap<number, number>, t: Pick<PrivacyAlertThresholds, 'baselineMinEvents' | 'usualHourShare' | 'defaultUsualHours'>): Set<number> {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total < t.baselineMinEvents) {
    const [start, end] = t.defaultUsualHours;
    const out = new Set<number>();
    for (let h = start; h !== end % 24; h = (h + 1) % 24) out.add(h);
    return out;
  }
  return new Set([...histogram].filter(([, n]) => n / total >= t.usualHourShare).map(([h]) => h));
}
