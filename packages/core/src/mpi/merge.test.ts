import { describe, expect, it } from 'vitest';
import type { Observation, Patient } from '../fhir/index.ts';
import { mergedFrom, mergedInto, tagMergedFrom, untagMergedFrom, repointReferences, restoredPatient, retiredPatient, survivingPatient, unlinkedSurvivor } from './merge.ts';

const R = '11111111-1111-4111-8111-111111111111';
const S = '22222222-2222-4222-8222-222222222222';
const retired: Patient = { resourceType: 'Patient', id: R, name: [{ family: 'Okafor', given: ['Ada'] }] };
const survivor: Patient = { resourceType: 'Patient', id: S, active: true, name: [{ family: 'Okafor', given: ['Adaeze'] }] };

describe('patient merge links (FHIR Patient.link)', () => {
  it('retires a record as inactive, replaced-by the survivor, and the survivor replaces it', () => {
    const r = retiredPatient(retired, S);
    expect(r.active).toBe(false);
    expect(r.link).toEqual([{ other: { reference: `Patient/${S}` }, type: 'replaced-by' }]);
    expect(mergedInto(r)).toBe(S);
    expect(survivingPatient(survivor, R).link).toEqual([{ other: { reference: `Patient/${R}` }, type: 'replaces' }]);
    expect(mergedInto(survivor)).toBeNull();
  });

  it('an unmerge gives back exactly the records before the merge', () => {
    expect(restoredPatient(retiredPatient(retired, S), S, null)).toEqual(retired);
    expect(restoredPatient(retiredPatient({ ...retired, active: true }, S), S, true)).toEqual({ ...retired, active: true });
    expect(unlinkedSurvivor(survivingPatient(survivor, R), R)).toEqual(survivor);
  });

  it('merging twice does not stack links', () => {
    expect(retiredPatient(retiredPatient(retired, S), S).link).toHaveLength(1);
    expect(survivingPatient(survivingPatient(survivor, R), R).link).toHaveLength(1);
  });
});

describe('repointReferences', () => {
  const obs: Observation = {
    resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'Weight' },
    subject: { reference: `Patient/${R}` }, performer: [{ reference: 'Practitioner/p1' }, { reference: `https://ehr.example/fhir/Patient/${R}/_history/3` }],
    note: [{ text: `Patient/${R}` }],
  };

  it('moves every patient reference to the survivor and leaves other references and text alone', () => {
    const moved = repointReferences(obs, R, S);
    expect(moved.subject?.reference).toBe(`Patient/${S}`);
    expect(moved.performer?.[0]?.reference).toBe('Practitioner/p1');
    expect(moved.performer?.[1]?.reference).toBe(`https://ehr.example/fhir/Patient/${S}`);
    expect(moved.note?.[0]?.text).toBe(`Patient/${R}`);
    expect(obs.subject?.reference).toBe(`Patient/${R}`);
  });

  it('does not touch a reference to a patient whose id merely ends with the retired id', () => {
    const other = { subject: { reference: `Patient/x${R}` } };
    expect(repointReferences(other, R, S)).toEqual(other);
  });
});

describe('merged-from tag', () => {
  it('marks a moved resource with its record of origin and an unmerge removes it without a trace', () => {
    const o: Observation = { resourceType: 'Observation', id: 'o', status: 'final', code: { text: 'x' }, meta: { versionId: '2' } };
    const t = tagMergedFrom(o, R);
    expect(mergedFrom(t)).toBe(R);
    expect(untagMergedFrom(t)).toEqual(o);
    expect(mergedFrom(o)).toBeNull();
  });
});
