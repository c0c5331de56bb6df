import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { elementIdentity, keyArray } from './array-identity.ts';
import { diffFields, threeWayMerge } from './merge.ts';

describe('elementIdentity', () => {
  it('prefers the element id, then a dosage sequence', () => {
    expect(elementIdentity('dosageInstruction', { id: 'd1', sequence: 1 })).toEqual({ key: 'id=d1', label: 'id=d1', strong: true });
    expect(elementIdentity('dosageInstruction', { sequence: 2, text: 'then 250 mg' })).toEqual({ key: 'sequence=2', label: 'sequence=2', strong: true });
    expect(elementIdentity('dosage', { sequence: 1 })?.key).toBe('sequence=1');
    // sequence means nothing outside dosage lists
    expect(elementIdentity('component', { sequence: 1 })?.key).toMatch(/^json=/);
  });

  it('keys identifiers by system|value but never prints the value (an MRN is PHI)', () => {
    const mrn = elementIdentity('identifier', { system: 'urn:lantern:mrn', value: 'TEST-000123', use: 'usual' });
    expect(mrn).toEqual({ key: 'identifier=urn:lantern:mrn|TEST-000123', label: '', strong: false });
    expect(elementIdentity('performer', { identifier: [{ system: 'urn:npi', value: '123' }], display: 'x' })?.key).toBe('identifier=urn:npi|123');
  });

  it('keys Codings by system|code and CodeableConcepts by their first coding', () => {
    expect(elementIdentity('coding', { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' })).toEqual({ key: 'coding=http://loinc.org|8867-4', label: 'coding=http://loinc.org|8867-4', strong: false });
    expect(elementIdentity('category', { coding: [{ system: 'urn:c', code: 'vital-signs' }, { system: 'urn:d', code: 'x' }], text: 'Vitals' })?.key).toBe('coding=urn:c|vital-signs');
    expect(elementIdentity('security', { system: 'urn:s', code: 'R' })?.key).toBe('coding=urn:s|R');
  });

  it('falls back to the whole content, with no printable label', () => {
    const phone = elementIdentity('telecom', { system: 'phone', value: '555-0100' });
    expect(phone?.key).toBe('json={"system":"phone","value":"555-0100"}');
    expect(phone?.label).toBe('');
    // key order does not change the identity
    expect(elementIdentity('telecom', { value: '555-0100', system: 'phone' })?.key).toBe(phone?.key);
  });
});

describe('keyArray', () => {
  it('merges arrays of primitives, and arrays with repeated identities, as one value', () => {
    expect(keyArray('given', ['Alex', 'Sam'])).toBeNull();
    expect(keyArray('telecom', [{ system: 'phone', value: '1' }, { system: 'phone', value: '1' }])).toBeNull();
    expect(keyArray('contact', [{ id: 'a' }, { id: 'a' }])).toBeNull();
    expect([...(keyArray('contact', [{ id: 'b' }, { id: 'a' }]) ?? new Map()).keys()]).toEqual(['id=b', 'id=a']);
  });
});

describe('no PHI in paths', () => {
  const phi = fc.stringMatching(/^[0-9]{3}-[0-9]{4}$/);
  it('conflict and diff paths never contain an identifier value or a phone number', () => {
    fc.assert(
      fc.property(phi, phi, phi, phi, (mrn, p1, p2, p3) => {
        fc.pre(new Set([p1, p2, p3]).size === 3);
        const base = {
          resourceType: 'Patient', id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
          identifier: [{ system: 'urn:lantern:mrn', value: `MRN-${mrn}` }],
          telecom: [{ system: 'phone', value: p1 }],
        };
        const mine = { ...base, identifier: [{ system: 'urn:lantern:mrn', value: `MRN-${p2}` }], telecom: [{ system: 'phone', value: p2 }] };
        const theirs = { ...base, identifier: [{ system: 'urn:lantern:mrn', value: `MRN-${p3}` }], telecom: [{ system: 'phone', value: p3 }], meta: { versionId: '2' } };
        const out = threeWayMerge({ resourceType: 'Patient', base, mine, theirs });
        expect(out).toEqual({ kind: 'conflict', fields: ['identifier', 'telecom'] });
        const paths = [...diffFields(base, mine, 'Patient'), ...diffFields(base, theirs, 'Patient')].join(' ');
        for (const value of [mrn, p1, p2, p3]) expect(paths).not.toContain(value);
      }),
    );
  });
});
