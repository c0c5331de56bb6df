import { describe, expect, it } from 'vitest';
import { enterpriseMrn, isProvisionalMrn, provisionalMrn, PROVISIONAL_MRN_SYSTEM, withEnterpriseMrn, ENTERPRISE_MRN_SYSTEM } from './mrn.ts';

describe('MRNs', () => {
  it('formats enterprise and provisional MRNs with a check digit that catches a typo', () => {
    expect(enterpriseMrn(50000001)).toMatch(/^MRN50000001\d$/);
    const p = provisionalMrn(1234);
    expect(p).toMatch(/^P000001234\d$/);
    expect(isProvisionalMrn(p)).toBe(true);
    // One digit mistyped anywhere is caught (Luhn detects every single-digit error).
    for (let i = 1; i < p.length; i++) {
      const wrong = `${p.slice(0, i)}${(Number(p.charAt(i)) + 1) % 10}${p.slice(i + 1)}`;
      expect(isProvisionalMrn(wrong), wrong).toBe(false);
    }
    expect(() => provisionalMrn(0)).toThrow(RangeError);
  });

  it('adds the enterprise MRN as the usual identifier and keeps the provisional one as secondary', () => {
    const p = withEnterpriseMrn({ resourceType: 'Patient', identifier: [{ system: PROVISIONAL_MRN_SYSTEM, value: provisionalMrn(7), use: 'usual' }] }, enterpriseMrn(50000001));
    expect(p.identifier?.map((i) => [i.system, i.use])).toEqual([[ENTERPRISE_MRN_SYSTEM, 'usual'], [PROVISIONAL_MRN_SYSTEM, 'secondary']]);
    expect(withEnterpriseMrn(p, enterpriseMrn(50000002))).toBe(p);
  });
});
