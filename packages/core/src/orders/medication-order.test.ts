import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validate.ts';
import { evaluate } from '../cds/evaluate.ts';
import { patient } from '../cds/test-fixtures.ts';
import { buildMedicationOrder, sigText } from './medication-order.ts';
import { buildServiceOrder } from './service-order.ts';
import { searchServiceCatalog } from './service-catalog.ts';
import { searchFormulary } from './formulary.ts';
import { NOW, PATIENT_ID, REQUESTER, orderInput } from './test-support.ts';

describe('formulary', () => {
  it('finds a drug by name prefix with its products and strengths', () => {
    const hits = searchFormulary('simva');
    expect(hits[0]?.name).toBe('simvastatin');
    expect(hits[0]?.rxcui).toBe('36567');
    const apap = searchFormulary('acetamin')[0];
    expect(apap?.products.some((p) => p.strengths.some((s) => s.valueMg === 500 && s.per === 'tablet'))).toBe(true);
    expect(apap?.limits.adultMaxDailyMg).toBe(4000);
  });
  it('a word inside a combination product finds its ingredients; one letter finds nothing', () => {
    expect(searchFormulary('clavul').map((e) => e.name)).toContain('amoxicillin');
    expect(searchFormulary('s')).toEqual([]);
  });
});

describe('medication order', () => {
  it('builds a valid RxNorm-coded draft MedicationRequest with timing, route and dose the CDS engine reads', () => {
    const r = buildMedicationOrder(orderInput({ dose: { value: 80, unit: 'mg' }, frequency: 'QD', durationDays: 30 }));
    if (!r.ok) throw r.error;
    const mr = r.value;
    expect(validateResource(mr, 'MedicationRequest').ok).toBe(true);
    expect(mr.status).toBe('draft');
    expect(mr.medicationCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '36567' });
    expect(mr.dosageInstruction?.[0]?.text).toBe('80 mg oral once daily for 30 days');
    expect(mr.dosageInstruction?.[0]?.timing?.repeat?.boundsDuration?.value).toBe(30);
    // 80 mg/day simvastatin is over the knowledge base's 40 mg/day: the dose-range rule sees the dose.
    const cards = evaluate({ hook: 'order-sign', context: patient(), draftOrders: [mr], now: NOW });
    expect(cards.ok && cards.value.some((c) => c.extension['lantern.rule'] === 'dose-range')).toBe(true);
  });
  it('names the missing or bad fields', () => {
    const r = buildMedicationOrder({ ...orderInput(), dose: { value: 0, unit: 'mg' }, route: 'nasal' as never });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.path).sort()).toEqual(['order.dose.value', 'order.route']);
  });
  it('writes a readable sig, PRN included', () => {
    expect(sigText({ dose: { value: 2, unit: 'tablet' }, route: 'oral', frequency: 'Q6H', prn: { reason: 'pain' } })).toBe('2 tablets oral every 6 hours as needed for pain');
  });
});

describe('lab and imaging orders', () => {
  it('finds tests by abbreviation and builds LOINC-coded ServiceRequests', () => {
    expect(searchServiceCatalog('cbc')[0]?.loinc).toBe('58410-2');
    expect(searchServiceCatalog('a1c')[0]?.loinc).toBe('4548-4');
    expect(searchServiceCatalog('chest', 'imaging')[0]?.loinc).toBe('36643-5');
    const sr = buildServiceOrder({ id: '99999999-9999-4999-8999-000000000001', patientId: PATIENT_ID, requester: REQUESTER, loinc: '34714-6', priority: 'stat', authoredOn: NOW });
    if (!sr.ok) throw sr.error;
    expect(validateResource(sr.value, 'ServiceRequest').ok).toBe(true);
    expect(sr.value.code?.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '34714-6' });
    expect(sr.value.priority).toBe('stat');
    expect(buildServiceOrder({ id: '99999999-9999-4999-8999-000000000001', patientId: PATIENT_ID, requester: REQUESTER, loinc: '1234-5', authoredOn: NOW }).ok).toBe(false);
  });
});
