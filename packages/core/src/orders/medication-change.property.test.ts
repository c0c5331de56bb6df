/**
 * medicationChange against a plain statement of its rules (every pushed order passes through it, so
 * it avoids copies; this checks the shortcuts never change an answer): orders drawn from small pools
 * of drugs, dosage lines and statuses, so that equal, reordered and changed fields all occur.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDICATION_CHANGES, medicationChange, type MedicationChange } from './medication-change.ts';

type Json = Record<string, unknown>;

/** JSON equality, keys in any order, an absent key equal to one holding undefined. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => same((a as Json)[k], (b as Json)[k]));
}
const codings = (cc: unknown): string[] => {
  const list = (cc as Json | undefined)?.['coding'];
  const out = Array.isArray(list) ? (list as Json[]).map((c) => `${String(c['system'] ?? '')}|${String(c['code'] ?? '')}`) : [];
  const text = (cc as Json | undefined)?.['text'];
  return (out.length === 0 && typeof text === 'string' ? [`text|${text.trim().toLowerCase()}`] : out).sort();
};
const lines = (o: Json): Json[] => (Array.isArray(o['dosageInstruction']) ? (o['dosageInstruction'] as unknown[]).filter((d): d is Json => typeof d === 'object' && d !== null) : []);
const sameLines = (a: Json, b: Json, keys: string[]): boolean => lines(a).length === lines(b).length && lines(a).every((d, i) => keys.every((k) => same(d[k], lines(b)[i]?.[k])));
const containedMeds = (o: Json): unknown[] => (Array.isArray(o['contained']) ? (o['contained'] as Json[]).filter((c) => c['resourceType'] === 'Medication') : []);
const sameDrug = (a: Json, b: Json): boolean => same(codings(a['medicationCodeableConcept']), codings(b['medicationCodeableConcept']))
  && same((a['medicationReference'] as Json | undefined)?.['reference'], (b['medicationReference'] as Json | undefined)?.['reference'])
  && same(containedMeds(a), containedMeds(b));

function reference(b: Json | null, a: Json | null): MedicationChange[] {
  if (a?.['resourceType'] !== 'MedicationRequest' || a['status'] !== 'active') return ['none'];
  const found = new Set<MedicationChange>();
  if (b?.['resourceType'] !== 'MedicationRequest') found.add('new');
  else {
    if (b['status'] !== 'active') found.add('reactivation');
    if (!sameDrug(b, a)) found.add('drug');
    if (!sameLines(b, a, ['doseAndRate', 'maxDosePerPeriod', 'maxDosePerAdministration'])) found.add('dose');
    if (!sameLines(b, a, ['route', 'method'])) found.add('route');
    if (!sameLines(b, a, ['timing', 'asNeededBoolean', 'asNeededCodeableConcept'])) found.add('frequency');
  }
  const out = MEDICATION_CHANGES.filter((c) => found.has(c));
  return out.length === 0 ? ['none'] : out;
}

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const concept = fc.constantFrom<unknown>(
  { coding: [{ system: RX, code: '7258' }] }, { coding: [{ system: RX, code: '7258', display: 'naproxen' }], text: 'naproxen' },
  { coding: [{ system: RX, code: '5640' }, { system: RX, code: '7258' }] }, { coding: [{ system: RX, code: '7258' }, { system: RX, code: '5640' }] },
  { text: 'Naproxen ' }, { text: 'naproxen' }, undefined,
);
const dose = fc.constantFrom<unknown>(
  { doseAndRate: [{ doseQuantity: { value: 250, unit: 'mg' } }] }, { doseAndRate: [{ doseQuantity: { unit: 'mg', value: 250 } }] },
  { doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }], route: { text: 'oral' } }, { doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }], route: { text: 'iv' } },
  { timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 250, unit: 'mg' } }] },
  { asNeededBoolean: true, doseAndRate: [{ doseQuantity: { value: 250, unit: 'mg' } }], text: 'as needed' }, { maxDosePerPeriod: { numerator: { value: 1 } } }, 'not a line', null,
);
const order = fc.record({
  resourceType: fc.constantFrom('MedicationRequest', 'MedicationRequest', 'Observation'),
  id: fc.constantFrom('a', 'b'),
  status: fc.constantFrom('active', 'active', 'on-hold', 'stopped', 'draft'),
  medicationCodeableConcept: concept,
  medicationReference: fc.constantFrom<unknown>(undefined, { reference: '#m1' }, { reference: '#m2' }),
  contained: fc.constantFrom<unknown>(undefined, [], [{ resourceType: 'Medication', id: 'm1', code: { text: 'x' } }], [{ resourceType: 'Patient', id: 'p' }]),
  dosageInstruction: fc.option(fc.array(dose, { maxLength: 2 }), { nil: undefined }),
}, { requiredKeys: ['resourceType', 'id', 'status'] });

describe('medicationChange', () => {
  it('gives the answer of the plain statement of its rules for any pair of versions', () => {
    fc.assert(fc.property(fc.option(order, { nil: null }), fc.option(order, { nil: null }), (before, after) => {
      expect(medicationChange(before, after)).toEqual(reference(before, after));
    }), { numRuns: 3000 });
  });
});
