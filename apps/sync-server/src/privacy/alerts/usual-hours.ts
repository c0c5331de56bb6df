/**
 * "Outside the user's usual hours": the hours of day that hold a fair share of the user's own
 * history, or the organisation's default hours while the user has too little history.
 */
import type { PrivacyAlertThresholds } from '../thresholds.ts';

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Hours of day already worked out, per time zone, by quarter hour of the epoch: today's UTC offsets
 * and offset changes are whole quarter hours, so a quarter hour has one local hour (kept only when
 * its first and last millisecond agree, which also covers historical offsets). A round of the alert
 * processor asks for thousands of events that fall in a few quarter hours.
 */
const QUARTER_HOUR = 15 * 60_000;
const hoursByQuarter = new Map<string, Map<number, number>>();
const QUARTERS_KEPT = 10_000;

/** Hour of day (0-23) of an instant in a time zone. */
export function hourIn(at: Date, timeZone: string): number {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR);
  let known = hoursByQuarter.get(timeZone);
  const hit = known?.get(quarter);
  if (hit !== undefined) return hit;
  let f = hourFormats.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormats.set(timeZone, f);
  }
  const hourOf = (d: Date): number => Number.parseInt((f as Intl.DateTimeFormat).format(d), 10) % 24;
  const hour = hourOf(at);
  if (!Number.isFinite(quarter)) return hour;
  const start = quarter * QUARTER_HOUR;
  if (hourOf(new Date(start)) !== hour || hourOf(new Date(start + QUARTER_HOUR - 1)) !== hour) return hour;
  if (known === undefined || known.size >= QUARTERS_KEPT) {
    known = new Map();
    hoursByQuarter.set(timeZone, known);
  }
  known.set(quarter, hour);
  return hour;
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
