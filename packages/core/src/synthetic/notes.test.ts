/**
 * Notes must read like the chart they belong to: a SOAP progress note that a FHIR client can decode,
 * naming the patient's own problems and drugs at the time of the visit.
 */
import { describe, expect, it } from 'vitest';
import type { Condition, DocumentReference, Encounter, MedicationRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { decodeBase64Utf8 } from '../fhir/base64.ts';
import { generatePatient, generatePatients, type PatientRecord } from './record.ts';

const panel: PatientRecord[] = [...generatePatients({ seed: 31337, count: 120, heavyIndex: null })];
const of = <T extends { resourceType: string }>(rec: PatientRecord, type: T['resourceType']): T[] =>
  rec.resources.filter((r) => r.resourceType === type) as unknown as T[];
const textOf = (d: DocumentReference): string => decodeBase64Utf8(d.content[0]?.attachment.data ?? '');

describe('progress notes', () => {
  it('are final LOINC 11506-3 progress notes with a base64 UTF-8 text body and an encounter', () => {
    for (const rec of panel) {
      const encounters = new Set(of<Encounter>(rec, 'Encounter').map((e) => `Encounter/${e.id as string}`));
      for (const d of of<DocumentReference>(rec, 'DocumentReference')) {
        expect(d.status).toBe('current');
        expect(d.docStatus).toBe('final');
        expect(d.type?.coding?.[0]).toMatchObject({ system: SYSTEM.loinc, code: '11506-3' });
        const att = d.content[0]?.attachment;
        expect(att?.contentType).toBe('text/plain');
        expect(encounters.has(d.context?.encounter?.[0]?.reference ?? '')).toBe(true);
        expect(d.author?.[0]?.reference).toMatch(/^Practitioner\//);
        const text = textOf(d);
        expect(text.split('\n')[0]).toBe(att?.title);
        for (const heading of ['SUBJECTIVE', 'OBJECTIVE', 'ASSESSMENT', 'PLAN']) expect(text).toContain(`\n${heading}\n`);
      }
    }
  });

  it('name the patient\'s active problems (with ICD-10 codes) and current drugs', () => {
    let checked = 0;
    for (const rec of panel) {
      const notes = of<DocumentReference>(rec, 'DocumentReference');
      const latest = notes[notes.length - 1];
      if (latest === undefined) continue;
      const text = textOf(latest);
      const at = Date.parse(latest.context?.period?.start ?? '');
      const problems = of<Condition>(rec, 'Condition').filter((c) =>
        c.category?.[0]?.coding?.[0]?.code === 'problem-list-item'
        && Date.parse(c.onsetDateTime ?? '') <= at
        && (c.abatementDateTime === undefined || Date.parse(c.abatementDateTime) > at));
      for (const p of problems) expect(text).toContain(`(${p.code?.coding?.[0]?.code ?? ''})`);
      const meds = of<MedicationRequest>(rec, 'MedicationRequest').filter((m) => m.status === 'active' && Date.parse(m.authoredOn ?? '') < at);
      for (const m of meds) expect(text).toContain(m.medicationCodeableConcept?.text ?? '');
      checked += problems.length + meds.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('state the allergy status, telling "no known allergies" from "not recorded"', () => {
    const statuses = new Set<string>();
    for (const rec of panel) {
      const note = of<DocumentReference>(rec, 'DocumentReference')[0];
      if (note === undefined) continue;
      const line = textOf(note).split('\n').find((l) => l.startsWith('Allergies:')) ?? '';
      const allergies = rec.resources.filter((r) => r.resourceType === 'AllergyIntolerance');
      if (allergies.length === 0) expect(line).toContain('not yet recorded');
      statuses.add(line.includes('no known') ? 'nka' : line.includes('not yet') ? 'none' : 'has');
    }
    expect(statuses).toEqual(new Set(['nka', 'none', 'has']));
  });

  it('write the heavy chart\'s hospital stays as daily progress notes', () => {
    const heavy = generatePatient({ seed: 31337, index: 0, heavy: true });
    const titles = of<DocumentReference>(heavy, 'DocumentReference').map((d) => d.description ?? '');
    expect(titles.length).toBeGreaterThanOrEqual(200);
    expect(titles.some((t) => /^Hospital day \d+ progress note$/.test(t))).toBe(true);
    expect(titles.some((t) => t.startsWith('Hospital admission: '))).toBe(true);
  });
});
