import { describe, expect, it } from 'vitest';
import { ageInYears } from './age.ts';

const NOW = '2026-11-23T12:00:00Z';

describe('ageInYears', () => {
  it('counts whole years, turning a year older on the birthday itself', () => {
    expect(ageInYears('2018-12-01', NOW)).toBe(7);
    expect(ageInYears('2018-11-23', NOW)).toBe(8);
    expect(ageInYears('2018-11-24', NOW)).toBe(7);
    expect(ageInYears('1950-01-01', new Date(NOW))).toBe(76);
  });

  it('reads a partial FHIR date from the start of its year or month', () => {
    expect(ageInYears('2018', NOW)).toBe(8);
    expect(ageInYears('2018-12', NOW)).toBe(7);
  });

  it('a leap-day birthday is a year older on 1 March of a common year', () => {
    expect(ageInYears('2020-02-29', '2025-02-28T23:00:00Z')).toBe(4);
    expect(ageInYears('2020-02-29', '2025-03-01T00:00:00Z')).toBe(5);
  });

  it('a newborn is 0, not unknown', () => {
    expect(ageInYears('2026-11-23', NOW)).toBe(0);
  });

  it('gives null, never 0 or NaN, for a missing, malformed or impossible birth date', () => {
    for (const bad of [undefined, null, '', 'unknown', '23/11/2018', '2018-13-01', '2018-02-30', '2019-02-29', '2018-00-10', '2018-1-5', '2018-11-23T00:00:00Z']) {
      expect(ageInYears(bad, NOW), String(bad)).toBeNull();
    }
  });

  it('gives null for a birth date after the moment asked about, and for a bad moment', () => {
    expect(ageInYears('2027-01-01', NOW)).toBeNull();
    expect(ageInYears('2018-01-01', 'not a date')).toBeNull();
  });
});
