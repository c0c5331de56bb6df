import { describe, expect, it } from 'vitest';
import { hourIn } from './usual-hours.ts';

/** The hour straight from Intl, with no remembered quarter hours. */
const formats = new Map<string, Intl.DateTimeFormat>();
function fresh(at: Date, timeZone: string): number {
  const f = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  formats.set(timeZone, f);
  return Number.parseInt(f.format(at), 10) % 24;
}

describe('hourIn', () => {
  it('gives the local hour Intl gives, across half- and quarter-hour offsets and DST changes', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/New_York', 'Europe/London', 'America/St_Johns'];
    const starts = [Date.UTC(2026, 2, 8, 0), Date.UTC(2026, 9, 4, 0), Date.UTC(2026, 10, 1, 0), Date.UTC(1890, 0, 1, 0)];
    for (const timeZone of zones) {
      for (const start of starts) {
        // Every 7 minutes over two days, twice (the second pass answers from what was remembered).
        for (let pass = 0; pass < 2; pass++) {
          for (let t = start; t < start + 2 * 86_400_000; t += 7 * 60_000) expect(hourIn(new Date(t), timeZone)).toBe(fresh(new Date(t), timeZone));
        }
      }
    }
  });
});
