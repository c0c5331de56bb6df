import { describe, expect, it } from 'vitest';
import { isValidMrn, luhnCheckDigit, mrnForIndex } from './mrn.ts';

describe('synthetic MRNs', () => {
  it('uses the Luhn check digit (ISO/IEC 7812 example 7992739871 -> 3)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('formats MRN + 8 digits + check digit, from the 1-based index', () => {
    expect(mrnForIndex(0)).toBe('MRN000000018');
    expect(mrnForIndex(99_999)).toMatch(/^MRN00100000\d$/);
    expect(isValidMrn(mrnForIndex(73_000))).toBe(true);
  });

  it('catches any single mistyped digit', () => {
    const mrn = mrnForIndex(12_345);
    for (let pos = 3; pos < mrn.length; pos++) {
      for (let d = 0; d <= 9; d++) {
        const typo = mrn.slice(0, pos) + String(d) + mrn.slice(pos + 1);
        if (typo !== mrn) expect(isValidMrn(typo)).toBe(false);
      }
    }
  });

  it('refuses indexes it cannot represent', () => {
    expect(() => mrnForIndex(-1)).toThrow(RangeError);
    expect(() => mrnForIndex(1.5)).toThrow(RangeError);
  });
});
