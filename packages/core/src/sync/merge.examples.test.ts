import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors.ts';
import type { ResourceJson } from './protocol.ts';
import { diffFields, threeWayMerge, type MergeOutcome } from './merge.ts';

const MR_ID = '5a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const PT_REF = { reference: 'Patient/0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f' };

/** Deep copy plus edit, so each side starts from its own copy of base. */
const edit = <T extends ResourceJson>(r: T, f: (draft: T) => void): T => {
  const copy = structuredClone(r);
  f(copy);
  return copy;
};
const merge = (resourceType: string, base: ResourceJson | null, mine: ResourceJson | null, theirs: ResourceJson | null): MergeOutcome =>
  threeWayMerge({ resourceType, base, mine, theirs });
const cleanResource = (o: MergeOutcome): ResourceJson | null => {
  if (o.kind !== 'clean') throw new Error(`expected a clean merge, got conflict on ${o.fields.join(', ')}`);
  return o.resource;
};

// Amoxicillin 500 mg PO q8h.
const medicationRequest = {
  resourceType: 'MedicationRequest',
  id: MR_ID,
  meta: { versionId: '3', lastUpdated: '2026-11-23T08:00:00Z' },
  status: 'active',
  intent: 'order',
  subject: PT_REF,
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308191', display: 'amoxicillin 500 MG Oral Capsule' }] },
  dosageInstruction: [
    {
      id: 'di1',
      sequence: 1,
      route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }] },
      timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } },
      doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    },
  ],
  note: [{ text: 'Take with food' }],
} satisfies ResourceJson;

const setDose = (value: number) => (d: typeof medicationRequest) => {
  const dose = d.dosageInstruction[0]?.doseAndRate[0]?.doseQuantity;
  if (dose) dose.value = value;
};
const serverBump = (d: ResourceJson) => {
  d['meta'] = { versionId: '4', lastUpdated: '2026-11-23T09:00:00Z' };
};

describe('MedicationRequest', () => {
  it('two nurses change the same dose differently: conflict on the dose, never a silent pick', () => {
    const mine = edit(medicationRequest, setDose(250));
    const theirs = edit(medicationRequest, (d) => { setDose(1000)(d); serverBump(d); });
    expect(merge('MedicationRequest', medicationRequest, mine, theirs)).toEqual({ kind: 'conflict', fields: ['dosageInstruction[id=di1].doseAndRate'] });
  });

  it('a dose change made while someone else added a note on the server is still a conflict (safety-critical)', () => {
    const mine = edit(medicationRequest, setDose(250));
    const theirs = edit(medicationRequest, (d) => { d.note.push({ text: 'Pharmacy verified' }); serverBump(d); });
    expect(merge('MedicationRequest', medicationRequest, mine, theirs)).toEqual({ kind: 'conflict', fields: ['dosageInstruction[id=di1].doseAndRate'] });
  });

  it('a dose change against an unchanged server copy applies, keeping the server meta', () => {
    const mine = edit(medicationRequest, setDose(250));
    const theirs = edit(medicationRequest, serverBump);
    const out = cleanResource(merge('MedicationRequest', medicationRequest, mine, theirs));
    expect(out).toEqual({ ...mine, meta: theirs.meta });
  });

  it('route and frequency are safety-critical too; so are status and the medication code', () => {
    const theirs = edit(medicationRequest, (d) => { d.note = []; serverBump(d); });
    const route = edit(medicationRequest, (d) => { const di = d.dosageInstruction[0]; if (di) di.route.coding = [{ system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route' }]; });
    expect(merge('MedicationRequest', medicationRequest, route, theirs)).toEqual({ kind: 'conflict', fields: ['dosageInstruction[id=di1].route.coding[coding=http://snomed.info/sct|26643006]', 'dosageInstruction[id=di1].route.coding[coding=http://snomed.info/sct|47625008]'] });
    const freq = edit(medicationRequest, (d) => { const di = d.dosageInstruction[0]; if (di) di.timing.repeat.period = 6; });
    expect(merge('MedicationRequest', medicationRequest, freq, theirs)).toEqual({ kind: 'conflict', fields: ['dosageInstruction[id=di1].timing.repeat.period'] });
    const stopped = edit(medicationRequest, (d) => { d.status = 'stopped'; });
    expect(merge('MedicationRequest', medicationRequest, stopped, theirs)).toEqual({ kind: 'conflict', fields: ['status'] });
    const drug = edit(medicationRequest, (d) => { d.medicationCodeableConcept.coding = [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308192', display: 'amoxicillin 250 MG Oral Capsule' }]; });
    expect(merge('MedicationRequest', medicationRequest, drug, theirs)).toEqual({ kind: 'conflict', fields: ['medicationCodeableConcept.coding[coding=http://www.nlm.nih.gov/research/umls/rxnorm|308191]', 'medicationCodeableConcept.coding[coding=http://www.nlm.nih.gov/research/umls/rxnorm|308192]'] });
  });

  it('the server stopping the order while the client only adds a note merges both', () => {
    const mine = edit(medicationRequest, (d) => { d.note.push({ text: 'Patient reports nausea' }); });
    const theirs = edit(medicationRequest, (d) => { d.status = 'stopped'; serverBump(d); });
    const out = cleanResource(merge('MedicationRequest', medicationRequest, mine, theirs));
    expect(out).toMatchObject({ status: 'stopped', meta: { versionId: '4' }, note: [{ text: 'Take with food' }, { text: 'Patient reports nausea' }] });
  });

  it('both sides making the identical dose change is not a conflict', () => {
    const mine = edit(medicationRequest, setDose(250));
    const theirs = edit(medicationRequest, (d) => { setDose(250)(d); d.note = []; serverBump(d); });
    expect(cleanResource(merge('MedicationRequest', medicationRequest, mine, theirs))).toMatchObject({ note: [], dosageInstruction: mine.dosageInstruction });
  });
});

const allergy = {
  resourceType: 'AllergyIntolerance',
  id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
  meta: { versionId: '1' },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'unconfirmed' }] },
  criticality: 'low',
  code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '7980', display: 'penicillin G' }] },
  patient: PT_REF,
  reaction: [{ id: 'r1', manifestation: [{ coding: [{ system: 'http://snomed.info/sct', code: '247472004', display: 'Hives' }] }] }],
  note: [{ text: 'Reported by family' }],
} satisfies ResourceJson;

describe('AllergyIntolerance', () => {
  it('raising criticality while the server confirmed the allergy is a conflict on criticality', () => {
    const mine = edit(allergy, (d) => { d.criticality = 'high'; });
    const theirs = edit(allergy, (d) => { const c = d.verificationStatus.coding[0]; if (c) c.code = 'confirmed'; serverBump(d); });
    expect(merge('AllergyIntolerance', allergy, mine, theirs)).toEqual({ kind: 'conflict', fields: ['criticality'] });
  });

  it('a new reaction recorded offline while the server changed something else is a conflict on reaction', () => {
    const mine = edit(allergy, (d) => { d.reaction.push({ id: 'r2', manifestation: [{ coding: [{ system: 'http://snomed.info/sct', code: '39579001', display: 'Anaphylaxis' }] }] }); });
    const theirs = edit(allergy, (d) => { d.note.push({ text: 'Seen by allergist' }); serverBump(d); });
    expect(merge('AllergyIntolerance', allergy, mine, theirs)).toEqual({ kind: 'conflict', fields: ['reaction[id=r2]'] });
  });

  it('a note added offline merges with a server-side status change', () => {
    const mine = edit(allergy, (d) => { d.note.push({ text: 'Tolerated cephalexin 2024' }); });
    const theirs = edit(allergy, (d) => { const c = d.verificationStatus.coding[0]; if (c) c.code = 'confirmed'; serverBump(d); });
    const out = cleanResource(merge('AllergyIntolerance', allergy, mine, theirs));
    expect(out).toMatchObject({ verificationStatus: theirs.verificationStatus, note: mine.note });
  });
});

const patient = {
  resourceType: 'Patient',
  id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
  meta: { versionId: '7' },
  identifier: [{ system: 'urn:lantern:mrn', value: 'TEST-000123' }],
  name: [{ family: 'Testpatient', given: ['Alex'] }],
  birthDate: '1950-01-01',
  telecom: [{ system: 'phone', value: '555-0100', use: 'home' }],
  address: [{ line: ['1 Test Street'], city: 'Testville', postalCode: '00001' }],
  maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
  contact: [
    { id: 'c1', name: { family: 'Contactone' }, telecom: [{ system: 'phone', value: '555-0101' }] },
    { id: 'c2', name: { family: 'Contacttwo' }, telecom: [{ system: 'phone', value: '555-0102' }] },
    { id: 'c3', name: { family: 'Contactthree' } },
  ],
} satisfies ResourceJson;

describe('Patient', () => {
  it('one desk adds a phone, another changes the address: both survive', () => {
    const mine = edit(patient, (d) => { d.telecom.push({ system: 'phone', value: '555-0199', use: 'mobile' }); });
    const theirs = edit(patient, (d) => { d.address = [{ line: ['2 Test Avenue'], city: 'Testville', postalCode: '00002' }]; serverBump(d); });
    const out = cleanResource(merge('Patient', patient, mine, theirs));
    expect(out).toMatchObject({ telecom: mine.telecom, address: theirs.address, meta: { versionId: '4' } });
  });

  it('two desks each add a different phone: both phones survive, server first', () => {
    const mine = edit(patient, (d) => { d.telecom.push({ system: 'phone', value: '555-0199', use: 'mobile' }); });
    const theirs = edit(patient, (d) => { d.telecom.push({ system: 'email', value: 'test@example.invalid', use: 'home' }); serverBump(d); });
    const out = cleanResource(merge('Patient', patient, mine, theirs));
    expect(out?.['telecom']).toEqual([patient.telecom[0], theirs.telecom[1], mine.telecom[1]]);
  });

  it('the same phone corrected two different ways is a conflict on telecom, naming no number', () => {
    const mine = edit(patient, (d) => { d.telecom = [{ system: 'phone', value: '555-0111', use: 'home' }]; });
    const theirs = edit(patient, (d) => { d.telecom = [{ system: 'phone', value: '555-0122', use: 'home' }]; serverBump(d); });
    expect(merge('Patient', patient, mine, theirs)).toEqual({ kind: 'conflict', fields: ['telecom'] });
  });

  it('marital status coded two different ways is a conflict, not a concept with two codes', () => {
    const mine = edit(patient, (d) => { const c = d.maritalStatus.coding[0]; if (c) c.code = 'D'; });
    const theirs = edit(patient, (d) => { const c = d.maritalStatus.coding[0]; if (c) c.code = 'W'; serverBump(d); });
    expect(merge('Patient', patient, mine, theirs)).toEqual({ kind: 'conflict', fields: ['maritalStatus.coding'] });
  });

  it('the server reorders contacts while the client edits one: the edit lands on the right contact', () => {
    const mine = edit(patient, (d) => { const c2 = d.contact[1]; if (c2) c2.telecom = [{ system: 'phone', value: '555-0177' }]; });
    const theirs = edit(patient, (d) => { d.contact.reverse(); serverBump(d); });
    const out = cleanResource(merge('Patient', patient, mine, theirs));
    expect(out?.['contact']).toEqual([patient.contact[2], { ...patient.contact[1], telecom: [{ system: 'phone', value: '555-0177' }] }, patient.contact[0]]);
  });

  it('a contact removed on one side and edited on the other is a conflict on that contact', () => {
    const mine = edit(patient, (d) => { d.contact = d.contact.filter((c) => c.id !== 'c1'); });
    const theirs = edit(patient, (d) => { const c1 = d.contact[0]; if (c1) c1.name.family = 'Contactonechanged'; serverBump(d); });
    expect(merge('Patient', patient, mine, theirs)).toEqual({ kind: 'conflict', fields: ['contact[id=c1]'] });
    expect(merge('Patient', patient, theirs, mine)).toEqual({ kind: 'conflict', fields: ['contact[id=c1]'] });
  });

  it('a birth date changed offline while the server moved on is a conflict (it drives dosing)', () => {
    const mine = edit(patient, (d) => { d.birthDate = '1950-10-01'; });
    const theirs = edit(patient, (d) => { d.telecom = []; serverBump(d); });
    expect(merge('Patient', patient, mine, theirs)).toEqual({ kind: 'conflict', fields: ['birthDate'] });
  });
});

describe('deletes and creates', () => {
  const theirsEdited = edit(medicationRequest, (d) => { d.status = 'on-hold'; serverBump(d); });
  it('a delete of a resource the server changed is a conflict listing the server changes', () => {
    expect(merge('MedicationRequest', medicationRequest, null, theirsEdited)).toEqual({ kind: 'conflict', fields: ['status'] });
  });
  it('an edit of a resource the server deleted is a conflict listing the client changes', () => {
    expect(merge('MedicationRequest', medicationRequest, edit(medicationRequest, setDose(250)), null)).toEqual({ kind: 'conflict', fields: ['dosageInstruction[id=di1].doseAndRate'] });
  });
  it('deleting an unchanged resource, or deleting on both sides, is a clean deletion', () => {
    expect(merge('MedicationRequest', medicationRequest, null, edit(medicationRequest, serverBump))).toEqual({ kind: 'clean', resource: null });
    expect(merge('MedicationRequest', medicationRequest, null, null)).toEqual({ kind: 'clean', resource: null });
    expect(merge('MedicationRequest', medicationRequest, medicationRequest, null)).toEqual({ kind: 'clean', resource: null });
  });
  it('a create applies; the same create retried against its stored copy is clean', () => {
    expect(merge('MedicationRequest', null, medicationRequest, null)).toEqual({ kind: 'clean', resource: medicationRequest });
    expect(merge('MedicationRequest', null, medicationRequest, edit(medicationRequest, serverBump)).kind).toBe('clean');
  });
  it('two different creates under one id conflict on what differs', () => {
    expect(merge('MedicationRequest', null, medicationRequest, theirsEdited)).toEqual({ kind: 'conflict', fields: ['status'] });
  });
});

describe('signed notes', () => {
  const note = {
    resourceType: 'DocumentReference',
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    meta: { versionId: '2' },
    status: 'current',
    docStatus: 'preliminary',
    subject: PT_REF,
    description: 'Progress note',
    date: '2026-11-23T07:00:00Z',
    content: [{ attachment: { contentType: 'text/plain', data: 'U3ViamVjdGl2ZTogc3RhYmxl' } }],
  } satisfies ResourceJson;
  const signed = edit(note, (d) => { d.docStatus = 'final'; });

  it('any change to a signed note while the server moved on is a conflict', () => {
    const mine = edit(signed, (d) => { d.description = 'Progress note (edited)'; });
    const theirs = edit(signed, (d) => { d.date = '2026-11-23T07:05:00Z'; serverBump(d); });
    expect(merge('DocumentReference', signed, mine, theirs)).toEqual({ kind: 'conflict', fields: ['description'] });
  });
  it('a draft edited offline while the server signed it is a conflict', () => {
    const mine = edit(note, (d) => { d.description = 'Progress note (edited)'; });
    const theirs = edit(signed, serverBump);
    expect(merge('DocumentReference', note, mine, theirs)).toEqual({ kind: 'conflict', fields: ['description'] });
  });
  it('draft notes merge like any other resource', () => {
    const mine = edit(note, (d) => { d.description = 'Progress note, day 2'; });
    const theirs = edit(note, (d) => { d.date = '2026-11-23T07:05:00Z'; serverBump(d); });
    expect(cleanResource(merge('DocumentReference', note, mine, theirs))).toMatchObject({ description: 'Progress note, day 2', date: '2026-11-23T07:05:00Z' });
  });
});

describe('input checks and diffFields', () => {
  it('refuses versions of different resources', () => {
    const other = { ...medicationRequest, id: '00000000-0000-4000-8000-000000000000' };
    expect(() => merge('MedicationRequest', medicationRequest, other, medicationRequest)).toThrow(LanternError);
    expect(() => merge('Observation', medicationRequest, medicationRequest, medicationRequest)).toThrow(/Observation/);
  });
  it('lists changed paths by identity, ignoring meta and array order', () => {
    const changed = edit(patient, (d) => {
      d.contact.reverse();
      const c3 = d.contact[0];
      if (c3) c3.name.family = 'Changed';
      d.meta.versionId = '99';
      d.name[0]?.given.push('Sam');
    });
    expect(diffFields(patient, changed, 'Patient')).toEqual(['contact[id=c3].name.family', 'name']);
  });
});
