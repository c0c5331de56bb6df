import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageYearsAt, isoDate, isoInstant } from './time.ts';

describe('date formatting', () => {
  it('formats instants exactly as Date.toISOString does, to the second, before and after 1970', () => {
    const min = Date.parse('1900-01-01T00:00:00Z');
    const max = Date.parse('2100-01-01T00:00:00Z');
    fc.assert(fc.property(fc.integer({ min, max }), (ms) => isoInstant(ms) === new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z'));
    expect(isoInstant(Date.parse('1969-12-31T23:59:59.999Z'))).toBe('1969-12-31T23:59:59Z');
    expect(isoDate(Date.parse('2024-02-29T23:00:00Z'))).toBe('2024-02-29');
  });

  it('counts whole years of age, turning a year older on the birthday', () => {
    const born = Date.parse('2000-03-15T00:00:00Z');
    expect(ageYearsAt(born, Date.parse('2026-03-14T23:00:00Z'))).toBe(25);
    expect(ageYearsAt(born, Date.parse('2026-03-15T00:00:00Z'))).toBe(26);
  });
});
