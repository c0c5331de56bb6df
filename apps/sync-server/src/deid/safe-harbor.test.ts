import { describe, expect, it } from 'vitest';
import { newPseudonymizer } from './pseudonym.ts';
import { safeZip3 } from './restricted-zip3.ts';
import { AGE_90_OR_OVER_URL, deidentify } from './safe-harbor.ts';

const asOf = new Date('2026-12-04T00:00:00Z');
const patient = {
  resourceType: 'Patient', id: 'p-1', meta: { versionId: '3', lastUpdated: '2026-11-02T10:11:12Z' },
  identifier: [{ system: 'urn:lantern:mrn', value: 'MRN000000018' }, { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' }],
  name: [{ family: 'Okonkwo', given: ['Adaeze'], text: 'Adaeze Okonkwo' }],
  telecom: [{ system: 'phone', value: '(617) 555-0142' }, { system: 'email', value: 'adaeze@example.org' }],
  gender: 'female', birthDate: '1961-03-14',
  address: [{ line: ['12 Elm Street'], city: 'Springfield', state: 'MA', postalCode: '02139', country: 'US' }],
  photo: [{ contentType: 'image/jpeg', data: 'AAAA' }],
  contact: [{ name: { family: 'Okonkwo' }, telecom: [{ system: 'phone', value: '617-555-0100' }] }],
  generalPractitioner: [{ reference: 'Practitioner/gp-9', display: 'Dr. Hannah Reyes' }],
};

describe('Safe Harbor de-identification of one resource', () => {
  it('removes names, contact numbers, identifiers, photos and contacts, and keeps state and 3-digit ZIP', () => {
    const out = deidentify(patient, { pseudo: newPseudonymizer(), asOf });
    const text = JSON.stringify(out);
    for (const leak of ['Okonkwo', 'Adaeze', '555-01', 'example.org', 'MRN000000018', '123-45-6789', '12 Elm', 'Springfield', '1961-03-14', 'Reyes', 'p-1', 'gp-9', 'AAAA', '2026-11-02']) {
      expect(text, leak).not.toContain(leak);
    }
    expect(out['birthDate']).toBe('1961');
    expect(out['address']).toEqual([{ state: 'MA', country: 'US', postalCode: '021' }]);
    expect(out['gender']).toBe('female');
  });

  it('aggregates ages over 89 into "90 or older" with the birth year removed', () => {
    const out = deidentify({ ...patient, birthDate: '1935-12-05' }, { pseudo: newPseudonymizer(), asOf });
    expect(out['birthDate']).toBeUndefined();
    expect(out['extension']).toEqual([{ url: AGE_90_OR_OVER_URL, valueBoolean: true }]);
    // 89 on the export date: the year stays.
    expect(deidentify({ ...patient, birthDate: '1936-12-05' }, { pseudo: newPseudonymizer(), asOf })['birthDate']).toBe('1936');
  });

  it('sets the restricted 3-digit ZIP zones (20,000 people or fewer) to 000', () => {
    expect(safeZip3('03601')).toBe('000');
    expect(safeZip3('89301-1234')).toBe('000');
    expect(safeZip3('10001')).toBe('100');
    expect(safeZip3('SW1A 1AA')).toBeNull();
  });

  it('keeps codes and values, reduces clinical dates to the year, drops free text, and links records by pseudonym', () => {
    const pseudo = newPseudonymizer();
    const obs = deidentify({
      resourceType: 'Observation', id: 'o-1', status: 'final', subject: { reference: 'Patient/p-1', display: 'Adaeze Okonkwo' },
      code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }], text: 'K+' },
      effectiveDateTime: '2026-11-20T10:00:00Z', valueQuantity: { value: 6.2, unit: 'mmol/L' },
      note: [{ text: 'Called Mrs Okonkwo at 617-555-0142' }],
    }, { pseudo, asOf });
    const pat = deidentify(patient, { pseudo, asOf });
    expect(obs['subject']).toEqual({ reference: `Patient/${String(pat['id'])}` });
    expect(obs['effectiveDateTime']).toBe('2026');
    expect(obs['valueQuantity']).toEqual({ value: 6.2, unit: 'mmol/L' });
    expect(obs['code']).toEqual({ coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }] });
    expect(JSON.stringify(obs)).not.toMatch(/Okonkwo|555-01/);
    // Another export: another key, so the same patient gets another pseudonym.
    expect(deidentify(patient, { pseudo: newPseudonymizer(), asOf })['id']).not.toBe(pat['id']);
  });
});
