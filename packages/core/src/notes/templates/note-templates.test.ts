import { describe, expect, it } from 'vitest';
import type { AllergyIntolerance, Condition, MedicationRequest } from '../../fhir/types.ts';
import type { RecentLab, VitalSign } from '../../chart/types.ts';
import { soapToText } from '../soap.ts';
import { insertionText, type TemplateChart } from './insertions.ts';
import { applyNoteTemplate, NOTE_TEMPLATE_IDS, NOTE_TEMPLATES } from './note-templates.ts';

const when = { formatWhen: (iso: string) => `at ${iso.slice(11, 16)}` };
const bp: VitalSign = { observationId: 'o1', loinc: '85354-9', label: 'Blood pressure', value: 150, unit: 'mmHg', secondary: { value: 92, unit: 'mmHg' }, effective: '2026-12-03T08:15:00Z', interpretation: 'H', referenceRange: null, pendingSync: false };
const k: RecentLab = { observationId: 'o2', loinc: '2823-3', label: 'Potassium', value: 5.9, unit: 'mmol/L', effective: '2026-12-03T07:00:00Z', interpretation: 'H', referenceRange: null };
const med: MedicationRequest = {
  resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'Patient/p' },
  medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' }, dosageInstruction: [{ text: '10 mg by mouth once daily' }],
};
const penicillin: AllergyIntolerance = {
  resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p' }, criticality: 'high',
  code: { text: 'Penicillin' }, reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }],
};
const htn: Condition = { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential hypertension' }] } };
const chart: TemplateChart = { vitals: [bp], labs: [k], medications: [med], allergyStatus: 'has-allergies', allergies: [penicillin], problems: [htn] };
const empty: TemplateChart = { vitals: [], labs: [], medications: [], allergyStatus: 'not-recorded', allergies: [], problems: [] };

describe('note templates', () => {
  it('a SOAP progress note pulls in vitals, labs, problems, medications and allergies as text', () => {
    const { title, soap } = applyNoteTemplate('progress', chart, when);
    expect(title).toBe('Progress note');
    expect(soap.objective).toContain('- Blood pressure: 150/92 mmHg (H), at 08:15');
    expect(soap.objective).toContain('- Potassium: 5.9 mmol/L (H), at 07:00');
    expect(soap.assessment).toContain('- Essential hypertension (I10)');
    expect(soap.plan).toContain('- Lisinopril 10 mg tablet: 10 mg by mouth once daily');
    expect(soap.plan).toContain('- Penicillin (Anaphylaxis), criticality high');
  });

  it('the H&P puts history, medications and allergies under Subjective; the discharge summary reconciles medications in the Plan', () => {
    const hp = applyNoteTemplate('history-and-physical', chart, when).soap;
    expect(hp.subjective).toMatch(/Chief complaint:[\s\S]*Active problems:[\s\S]*Active medications:[\s\S]*Allergies:/);
    expect(hp.objective).toContain('Physical examination:');
    const dc = applyNoteTemplate('discharge-summary', chart, when).soap;
    expect(dc.assessment).toContain('Discharge diagnoses:\nActive problems:\n- Essential hypertension (I10)');
    expect(dc.plan).toContain('Discharge medications (reconciled):\nActive medications:\n- Lisinopril');
  });

  it('says plainly what the chart does not have, and tells "no known allergies" from "not recorded"', () => {
    const soap = applyNoteTemplate('progress', empty, when).soap;
    expect(soap.objective).toContain('Vitals: none recorded.');
    expect(soap.plan).toContain('Allergies: not recorded (ask and record).');
    expect(insertionText('allergies', { ...empty, allergyStatus: 'nka' }, when)).toBe('Allergies: no known allergies.');
    expect(insertionText('medications', empty, when)).toBe('Active medications: none.');
  });

  it('every template gives a note that can be signed as SOAP text', () => {
    for (const id of NOTE_TEMPLATE_IDS) {
      const { title, soap } = applyNoteTemplate(id, chart, when);
      expect(title).toBe(NOTE_TEMPLATES[id].title);
      expect(soapToText({ title, date: '2026-12-03', clinician: 'Dr Ada Lovelace' }, soap).ok).toBe(true);
    }
  });
});
