/**
 * What a clinician or integrator would notice in a generated panel: unique identifiers, references
 * that resolve, the three allergy states, a heavy chart big enough to stress the screens, and no
 * drug ordered against a recorded allergy.
 */
import { describe, expect, it } from 'vitest';
import type { AllergyIntolerance, Encounter, LanternResource, MedicationRequest, Observation } from '../fhir/types.ts';
import { NO_KNOWN_ALLERGY, SYSTEM } from '../fhir/codes.ts';
import { isUuid } from '../ids/index.ts';
import { generatePatient, generatePatients, type PatientRecord } from './record.ts';
import { generatePatientOnly } from './patient.ts';
import { generatePractitioners, PRACTITIONER_POOL_SIZE } from './practitioners.ts';
import { ALLERGENS, AVOID_WITH_ALLERGY } from './allergies-catalog.ts';
import { MEDICATIONS } from './medications-catalog.ts';
import { isValidMrn } from './mrn.ts';

const SEED = 424242;
const panel: PatientRecord[] = [...generatePatients({ seed: SEED, count: 400, heavyIndex: null })];
const byType = <T extends LanternResource>(rec: PatientRecord, type: T['resourceType']): T[] =>
  rec.resources.filter((r): r is T => r.resourceType === type);

describe('identifiers', () => {
  it('gives every patient a distinct, well-formed MRN and id over 5,000 patients', () => {
    const mrns = new Set<string>();
    const ids = new Set<string>();
    for (let index = 0; index < 5000; index++) {
      const { patient, mrn } = generatePatientOnly({ seed: SEED, index });
      expect(isValidMrn(mrn)).toBe(true);
      expect(patient.identifier?.[0]).toMatchObject({ system: SYSTEM.mrn, value: mrn, type: { coding: [{ code: 'MR' }] } });
      mrns.add(mrn);
      ids.add(patient.id as string);
    }
    expect(mrns.size).toBe(5000);
    expect(ids.size).toBe(5000);
  });

  it('never reuses a resource id across a panel, and every id is a UUID', () => {
    const seen = new Set<string>();
    let total = 0;
    for (const rec of panel) {
      for (const r of [rec.patient, ...rec.resources]) {
        total++;
        seen.add(r.id as string);
      }
    }
    expect(total).toBeGreaterThan(30_000);
    expect(seen.size).toBe(total);
    expect([...seen].every(isUuid)).toBe(true);
  });

  it('stamps every resource with version 1 and a last-updated time no later than the clock', () => {
    const now = Date.parse('2026-11-01T12:00:00Z');
    const bad: string[] = [];
    for (const rec of panel.slice(0, 100)) {
      for (const r of [rec.patient, ...rec.resources]) {
        if (r.meta?.versionId !== '1' || !(Date.parse(r.meta.lastUpdated ?? '') <= now)) bad.push(`${r.resourceType} ${JSON.stringify(r.meta)}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('references', () => {
  it('points only at this patient, its own encounters, and practitioners in the pool', () => {
    const practitioners = new Set(generatePractitioners(SEED, PRACTITIONER_POOL_SIZE).map((p) => `Practitioner/${p.id as string}`));
    const dangling: string[] = [];
    for (const rec of panel.slice(0, 150)) {
      const encounters = new Set(byType(rec, 'Encounter').map((e) => `Encounter/${e.id as string}`));
      // Reports point at their orders and results: resources of the same chart.
      const own = new Set(rec.resources.filter((r) => r.resourceType === 'ServiceRequest' || r.resourceType === 'Observation').map((r) => `${r.resourceType}/${r.id as string}`));
      const self = `Patient/${rec.patient.id as string}`;
      const visit = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (v !== null && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'reference' && typeof x === 'string') {
              const ok = x === self || encounters.has(x) || practitioners.has(x) || own.has(x);
              if (!ok) dangling.push(x);
            } else visit(x);
          }
        }
      };
      visit(rec.patient);
      visit(rec.resources);
    }
    expect(dangling).toEqual([]);
  });
});

describe('allergies', () => {
  it('has all three states: allergies, an explicit "no known allergies", and nothing recorded', () => {
    let has = 0;
    let nka = 0;
    let none = 0;
    for (const rec of panel) {
      const allergies = byType<AllergyIntolerance>(rec, 'AllergyIntolerance');
      const isNka = allergies.some((a) => a.code?.coding?.[0]?.code === NO_KNOWN_ALLERGY.code);
      if (allergies.length === 0) none++;
      else if (isNka) {
        nka++;
        expect(allergies).toHaveLength(1); // NKA never sits beside a real allergy
      } else has++;
    }
    for (const share of [has, nka, none]) expect(share / panel.length).toBeGreaterThan(0.12);
  });

  it('codes drug allergies in RxNorm and food/environment ones in SNOMED, with reactions', () => {
    const all = panel.flatMap((rec) => byType<AllergyIntolerance>(rec, 'AllergyIntolerance')).filter((a) => a.code?.coding?.[0]?.code !== NO_KNOWN_ALLERGY.code);
    expect(new Set(all.map((a) => a.category?.[0]))).toEqual(new Set(['medication', 'food', 'environment']));
    for (const a of all) {
      const system = a.code?.coding?.[0]?.system;
      expect(system).toBe(a.category?.[0] === 'medication' ? SYSTEM.rxnorm : SYSTEM.snomed);
      expect(a.reaction?.[0]?.manifestation.length).toBeGreaterThan(0);
      expect(['low', 'high', 'unable-to-assess']).toContain(a.criticality);
    }
    expect(all.some((a) => a.code?.coding?.[0]?.code === '7980' && a.criticality === 'high')).toBe(true);
  });

  it('never orders a drug the patient is recorded as allergic to', () => {
    const keyByCode = new Map(ALLERGENS.map((a) => [a.code.code, a.key]));
    const rxcuiToKey = new Map(Object.values(MEDICATIONS).map((m) => [m.rxcui, m.key]));
    for (const rec of panel) {
      const avoid = new Set<string>();
      for (const a of byType<AllergyIntolerance>(rec, 'AllergyIntolerance')) {
        for (const k of AVOID_WITH_ALLERGY[keyByCode.get(a.code?.coding?.[0]?.code ?? '') ?? ''] ?? []) avoid.add(k);
      }
      for (const m of byType<MedicationRequest>(rec, 'MedicationRequest')) {
        expect(avoid.has(rxcuiToKey.get(m.medicationCodeableConcept?.coding?.[0]?.code ?? '') ?? '')).toBe(false);
      }
    }
  });
});

describe('medications', () => {
  it('orders with RxNorm codes and a structured dose in mg, route and schedule', () => {
    const meds = panel.slice(0, 200).flatMap((rec) => byType<MedicationRequest>(rec, 'MedicationRequest'));
    expect(new Set(meds.map((m) => m.status))).toEqual(new Set(['active', 'stopped', 'completed']));
    for (const m of meds) {
      expect(m.intent).toBe('order');
      expect(m.medicationCodeableConcept?.coding?.[0]?.system).toBe(SYSTEM.rxnorm);
      const d = m.dosageInstruction?.[0];
      expect(d?.doseAndRate?.[0]?.doseQuantity).toMatchObject({ unit: 'mg', system: SYSTEM.ucum, code: 'mg' });
      expect(d?.doseAndRate?.[0]?.doseQuantity?.value).toBeGreaterThan(0);
      expect(d?.route?.coding?.[0]?.system).toBe(SYSTEM.snomed);
      expect(d?.timing?.repeat?.frequency).toBeGreaterThan(0);
      expect(m.authoredOn).toBeDefined();
    }
  });
});

describe('panel shape', () => {
  it('looks like a primary-care panel: children and elders, 5-40 visits, 1-8 problems, 0-12 orders, 1-15 notes', () => {
    const ages = panel.map((r) => 2026 - Number(r.patient.birthDate?.slice(0, 4)));
    expect(ages.some((a) => a < 5)).toBe(true);
    expect(ages.some((a) => a >= 85)).toBe(true);
    for (const rec of panel) {
      const n = (t: LanternResource['resourceType']) => rec.resources.filter((r) => r.resourceType === t).length;
      expect(n('Encounter')).toBeGreaterThanOrEqual(5);
      expect(n('Encounter')).toBeLessThanOrEqual(40);
      expect(n('Condition')).toBeGreaterThanOrEqual(1);
      expect(n('Condition')).toBeLessThanOrEqual(8);
      expect(n('MedicationRequest')).toBeLessThanOrEqual(12);
      expect(n('DocumentReference')).toBeGreaterThanOrEqual(1);
      expect(n('DocumentReference')).toBeLessThanOrEqual(15);
      expect(n('Observation')).toBeGreaterThanOrEqual(15);
    }
  });

  it('builds a heavy chart: 2,000+ observations, 200+ notes, 40+ orders with active ones, many problems and visits', () => {
    const heavy = generatePatient({ seed: SEED, index: 0, heavy: true });
    const n = (t: LanternResource['resourceType']) => heavy.resources.filter((r) => r.resourceType === t).length;
    expect(n('Observation')).toBeGreaterThanOrEqual(2000);
    expect(n('DocumentReference')).toBeGreaterThanOrEqual(200);
    expect(n('MedicationRequest')).toBeGreaterThanOrEqual(40);
    expect(n('Condition')).toBeGreaterThanOrEqual(15);
    expect(n('Encounter')).toBeGreaterThanOrEqual(150);
    const meds = byType<MedicationRequest>(heavy, 'MedicationRequest');
    const active = new Set(meds.filter((m) => m.status === 'active').map((m) => m.medicationCodeableConcept?.coding?.[0]?.code));
    // Warfarin and simvastatin together, with a past clarithromycin course: the CDS demo case.
    expect(active.has('11289')).toBe(true);
    expect(active.has('36567')).toBe(true);
    expect(meds.some((m) => m.medicationCodeableConcept?.coding?.[0]?.code === '21212')).toBe(true);
    expect(byType<Observation>(heavy, 'Observation').some((o) => o.code.coding?.[0]?.code === '6301-6')).toBe(true);
  });
});

describe('encounters', () => {
  it('gives every emergency visit and admission a reason, and every visit ends after it starts', () => {
    const heavy = generatePatient({ seed: SEED, index: 0, heavy: true });
    for (const rec of [heavy, ...panel.slice(0, 200)]) {
      for (const e of rec.resources.filter((r): r is Encounter => r.resourceType === 'Encounter')) {
        if (e.class.code !== 'AMB') expect(e.reasonCode?.length).toBe(1);
        expect(Date.parse(e.period?.start ?? '')).toBeLessThan(Date.parse(e.period?.end ?? ''));
      }
    }
  });
});

describe('timeline', () => {
  it('dates nothing before the patient was born, newborns included', () => {
    const bad: string[] = [];
    // Newborns are rare in a panel: find some with the cheap path, then build their charts.
    const newborns: PatientRecord[] = [];
    for (let index = 0; index < 30_000 && newborns.length < 8; index++) {
      const { patient } = generatePatientOnly({ seed: SEED, index });
      if (Date.parse('2026-11-01') - Date.parse(patient.birthDate ?? '') < 30 * 86_400_000) newborns.push(generatePatient({ seed: SEED, index }));
    }
    expect(newborns.length).toBeGreaterThan(3);
    for (const rec of [...panel, ...newborns]) {
      const born = Date.parse(rec.patient.birthDate ?? '');
      const json = JSON.stringify(rec.resources);
      for (const t of json.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g) ?? []) {
        if (Date.parse(t) < born) bad.push(`${rec.index}: ${t} before ${rec.patient.birthDate ?? ''}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  }, 60_000);
});
