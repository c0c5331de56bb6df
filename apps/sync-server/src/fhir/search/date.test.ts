import { describe, expect, it } from 'vitest';
import { isLanternError } from '@lantern/core';
import { parseDateValue } from './date.ts';

const now = new Date('2026-11-23T12:00:00Z');

describe('FHIR date search values', () => {
  it('gives each precision its implicit range', () => {
    expect(parseDateValue('date', '2026', now)).toEqual({ prefix: 'eq', low: '2026-01-01T00:00:00.000Z', high: '2027-01-01T00:00:00.000Z' });
    expect(parseDateValue('date', 'ge2026-02', now)).toEqual({ prefix: 'ge', low: '2026-02-01T00:00:00.000Z', high: '2026-03-01T00:00:00.000Z' });
    expect(parseDateValue('date', 'lt2026-12-31', now)).toEqual({ prefix: 'lt', low: '2026-12-31T00:00:00.000Z', high: '2027-01-01T00:00:00.000Z' });
    expect(parseDateValue('date', 'sa2026-11-20T10:00:00+02:00', now)).toEqual({ prefix: 'sa', low: '2026-11-20T08:00:00.000Z', high: '2026-11-20T08:00:01.000Z' });
  });

  it('widens ap by a tenth of the distance to now, at least a day', () => {
    const v = parseDateValue('date', 'ap2026-11-22', now);
    expect(v.low).toBe('2026-11-21T00:00:00.000Z');
    expect(v.high).toBe('2026-11-24T00:00:00.000Z');
    const far = parseDateValue('date', 'ap2016-11-23', now);
    expect(new Date(far.low).getTime()).toBeLessThan(new Date('2016-01-01').getTime());
  });

  it('refuses malformed values with a 400 naming the parameter', () => {
    for (const bad of ['2026-13', '2026-02-32', 'gx2026', '2026-11-20T10:00', 'yesterday', '']) {
      try {
        parseDateValue('birthdate', bad, now);
        expect.unreachable(bad);
      } catch (e) {
        expect(isLanternError(e) && e.code === 'BAD_INPUT' && e.issues[0]?.path === 'birthdate').toBe(true);
      }
    }
  });
});
