/**
 * A cached record brought forward by the change feed gives the engine exactly the context a fresh
 * build from the stored rows gives: when only orders changed the medication list is carried
 * forward, anything else rebuilds; the age follows the clock.
 */
import type { LanternResource, Patient } from '@lantern/core';
import { buildPatientContext } from '@lantern/core/cds';
import { gateMedicationWrite } from '@lantern/core/orders';
import { describe, expect, it } from 'vitest';
import { carried, chartFor, withOrder } from './carried-context.ts';
import { applyChanges, applyOwnWrites, cachedChart, type CachedRecord } from './patient-context-cache.ts';
import { RecordRows } from './record-rows.ts';

type Json = Record<string, unknown>;
const P = '0b7d3c1e-5a9f-4c2b-8e61-3f0d2a9b7c10';
const NOW = '2026-12-01T09:00:00Z';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const patient: Json = { resourceType: 'Patient', id: P, gender: 'female', birthDate: '1950-12-02' };

const order = (id: string, rxcui: string, status = 'active', dose = 5): Json => ({
  resourceType: 'MedicationRequest', id, status, intent: 'order', subject: { reference: `Patient/${P}` },
  medicationCodeableConcept: { coding: [{ system: RX, code: rxcui }] },
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg' } }] }],
});
const allergy = (id: string): Json => ({ resourceType: 'AllergyIntolerance', id, patient: { reference: `Patient/${P}` }, code: { coding: [{ system: RX, code: '723' }] } });
const row = (resource: Json, relevant = true) => ({
  patient_id: P, resource_type: String(resource['resourceType']), id: String(resource['id']), relevant, resource: relevant ? resource : null,
});

const fail = (): never => {
  throw new Error('expected a chart');
};
const isResource = (r: Json): r is Json & LanternResource => typeof r['resourceType'] === 'string';
const isPatient = (r: Json | null): r is Json & Patient => r?.['resourceType'] === 'Patient';

/** What a fresh read of the record would build. */
const fresh = (r: CachedRecord, now = NOW) =>
  buildPatientContext([...r.resources.values()].filter(isResource), isPatient(r.patient) ? r.patient : { resourceType: 'Patient', id: P }, now);

function warm(): CachedRecord {
  const r = applyChanges(undefined, P, [row(patient), row(order('b', '17767')), row(order('d', '36567')), row(allergy('x'))], 10n);
  cachedChart(r, NOW, () => fresh(r));
  return r;
}

describe('patient record cache', () => {
  it('a dose change, a stop and a new order carry the medication list forward exactly as a fresh build', () => {
    const prior = warm();
    const next = applyChanges(prior, P, [row(order('b', '17767', 'active', 10)), row(order('d', '36567', 'stopped'), false), row(order('a', '21212'))], 20n);
    expect(next.built).not.toBeNull();
    const built = carried(next.built ?? fail());
    expect(built.chart.context).toEqual(fresh(next));
    expect(built.chart.context.activeMedications.map((m) => m.id)).toEqual(['a', 'b']);
    // Carried only when a check needs them: the record keeps the prior chart, the orders waiting.
    expect(next.built?.chart).toBe(prior.built?.chart);
    expect(cachedChart(next, NOW, () => fresh(next)).context).toEqual(fresh(next));
    expect(next.watermark).toBe(20n);
    // The prior record is untouched: a batch still holding it keeps what it read.
    expect([...prior.resources.keys()].sort()).toEqual(['AllergyIntolerance/x', 'MedicationRequest/b', 'MedicationRequest/d']);
  });

  it('an allergy, a deletion or a changed patient is not carried: the context is built afresh', () => {
    const prior = warm();
    expect(applyChanges(prior, P, [row(allergy('y'))], 20n).built).toBeNull();
    expect(applyChanges(prior, P, [row(allergy('x'), false)], 20n).built).toBeNull();
    const older = applyChanges(prior, P, [row({ ...patient, birthDate: '1940-01-01' })], 20n);
    expect(older.built).toBeNull();
    expect(cachedChart(older, NOW, () => fresh(older)).context).toEqual(fresh(older));
    expect(older.resources.has('AllergyIntolerance/x')).toBe(true);
    expect(applyChanges(prior, P, [row(allergy('x'), false)], 20n).resources.has('AllergyIntolerance/x')).toBe(false);
  });

  it('the age follows the clock across a birthday, the rest of the context is reused', () => {
    const r = warm();
    const before = cachedChart(r, '2026-12-01T09:00:00Z', () => fresh(r)).context;
    const after = cachedChart(r, '2026-12-03T09:00:00Z', () => fresh(r)).context;
    expect(after.ageYears).toBe(before.ageYears + 1);
    expect(after).toEqual(fresh(r, '2026-12-03T09:00:00Z'));
    expect(after.activeMedications).toBe(before.activeMedications);
    // Later the same day: the same chart, not re-aged.
    expect(cachedChart(r, '2026-12-03T23:59:59.999Z', () => fresh(r)).context).toBe(after);
    expect(cachedChart(r, '2026-12-04T00:00:00.000Z', () => fresh(r)).context).toEqual(fresh(r, '2026-12-04T00:00:00.000Z'));
  });

  it('orders written one after another are carried into the context exactly as a fresh build of the changed rows', () => {
    const prior = warm();
    let rows = prior.resources;
    let context = cachedChart(prior, NOW, () => fresh(prior)).context;
    const writes: [string, Json | null][] = [
      ['c', order('c', '21212')], ['b', order('b', '17767', 'active', 20)], ['d', order('d', '36567', 'on-hold')],
      ['b', order('b', '17767', 'stopped')], ['a', order('a', '723')], ['c', null], ['e', { ...order('e', '723'), subject: { reference: 'Patient/someone-else' } }],
    ];
    for (const [id, r] of writes) {
      rows = rows.with([[`MedicationRequest/${id}`, r]]);
      context = withOrder(context, id, r);
      expect(context).toEqual(fresh({ ...prior, resources: rows }));
    }
    expect(context.activeMedications.map((m) => `${m.id ?? ''}:${m.status}`)).toEqual(['a:active', 'd:on-hold']);
    // The cached record is untouched.
    expect(prior.resources.get('MedicationRequest/b')).toEqual(order('b', '17767'));
  });

  it('a shared row set folds a long overlay into a new base and keeps every change', () => {
    let rows = RecordRows.of(new Map([['AllergyIntolerance/x', allergy('x')]]));
    const first = rows;
    for (let i = 0; i < 40; i++) rows = rows.with([[`MedicationRequest/m${i % 25}`, i % 7 === 0 ? null : order(`m${i % 25}`, '17767', 'active', i)]]);
    const expected = new Map<string, Json>([['AllergyIntolerance/x', allergy('x')]]);
    for (let i = 0; i < 40; i++) {
      if (i % 7 === 0) expected.delete(`MedicationRequest/m${i % 25}`);
      else expected.set(`MedicationRequest/m${i % 25}`, order(`m${i % 25}`, '17767', 'active', i));
    }
    expect(new Map(rows.entries())).toEqual(expected);
    expect(rows.size).toBe(expected.size);
    expect([...first.keys()]).toEqual(['AllergyIntolerance/x']);
  });

  it('committed writes applied in place give the context a fresh build of the same rows gives, and are marked with their version', () => {
    const prior = warm();
    const w = (resource: Json | null, type: string, id: string, version: number) => ({ patientId: P, resourceType: type, id, version, resource });
    // A dose change only: the medication list is carried forward.
    const dose = applyOwnWrites(prior, P, [w(order('b', '17767', 'active', 10), 'MedicationRequest', 'b', 2)]);
    expect(carried(dose.built ?? fail()).chart.context).toEqual(fresh(dose));
    expect(dose.watermark).toBe(prior.watermark);
    expect(dose.own?.get('MedicationRequest/b')).toBe(2);
    // A problem, a stopped order (no longer read) and a vital sign (never read) in one batch.
    const ckd: Json = { resourceType: 'Condition', id: 'k', subject: { reference: `Patient/${P}` }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.4' }] } };
    const pulse: Json = { resourceType: 'Observation', id: 'hr', status: 'final', subject: { reference: `Patient/${P}` }, code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } };
    const next = applyOwnWrites(dose, P, [w(ckd, 'Condition', 'k', 1), w(order('d', '36567', 'stopped'), 'MedicationRequest', 'd', 2), w(pulse, 'Observation', 'hr', 1)]);
    expect(next.built).toBeNull();
    expect([...next.resources.keys()].sort()).toEqual(['AllergyIntolerance/x', 'Condition/k', 'MedicationRequest/b']);
    expect(cachedChart(next, NOW, () => fresh(next)).context.conditions.map((c) => c.id)).toEqual(['k']);
    expect([...(next.own ?? [])].sort()).toEqual([['Condition/k', 1], ['MedicationRequest/b', 2], ['MedicationRequest/d', 2], ['Observation/hr', 1]]);
    // One record written twice in a batch: the later version stands.
    const twice = applyOwnWrites(prior, P, [w(order('b', '17767', 'active', 10), 'MedicationRequest', 'b', 2), w(order('b', '17767', 'active', 20), 'MedicationRequest', 'b', 3)]);
    expect(twice.resources.get('MedicationRequest/b')).toEqual(order('b', '17767', 'active', 20));
    expect(twice.own?.get('MedicationRequest/b')).toBe(3);
    // A later version read from the feed replaces the row and drops its mark.
    const read = applyChanges(next, P, [row({ ...ckd, clinicalStatus: { coding: [{ code: 'resolved' }] } })], 30n);
    expect(read.own?.has('Condition/k')).toBe(false);
    expect(read.own?.get('MedicationRequest/b')).toBe(2);
    expect(cachedChart(read, NOW, () => fresh(read)).context.conditions).toEqual([]);
    // The record it started from is untouched.
    expect(prior.own).toBeUndefined();
    expect(prior.resources.has('Condition/k')).toBe(false);
  });

  it('a check of the order that changed uses the chart as it was; a check of another order, or too many waiting, carries them in', () => {
    const prior = warm();
    const chart = prior.built?.chart;
    const w = (resource: Json, version: number) => ({ patientId: P, resourceType: 'MedicationRequest', id: String(resource['id']), version, resource });
    let r = prior;
    for (let v = 2; v < 6; v++) r = applyOwnWrites(r, P, [w(order('b', '17767', 'active', v * 5), v)]);
    expect(cachedChart(r, NOW, () => fresh(r), 'b')).toBe(chart);
    expect(r.built?.lag?.size).toBe(1);
    expect(cachedChart(r, NOW, () => fresh(r), 'd').context).toEqual(fresh(r));
    expect(r.built?.lag).toBeUndefined();
    // Many orders changed without a check between: carried in at once, past a few.
    let many = r;
    for (let i = 0; i < 12; i++) many = applyOwnWrites(many, P, [w(order(`n${i}`, '36567'), 1)]);
    expect(many.built?.lag?.size ?? 0).toBeLessThanOrEqual(8);
    expect(carried(many.built ?? fail()).chart.context).toEqual(fresh(many));
    expect(chartFor(many.built ?? fail(), undefined).chart.context).toEqual(fresh(many));
  });

  it('every check on the kept chart gives the verdict and cards of the gate on a fresh build of the rows, field for field', () => {
    let r = warm();
    let version = 1;
    // Dose changes of one order, then an interacting order (clarithromycin with simvastatin: critical), then back.
    const writes: Json[] = [
      order('b', '17767', 'active', 10), order('b', '17767', 'active', 20), order('b', '17767', 'active', 10_000), order('b', '17767', 'active', 10),
      order('c', '21212'), order('d', '36567', 'active', 40), order('d', '36567', 'active', 80), order('c', '21212', 'stopped'), order('d', '36567', 'active', 20),
      order('b', '7258', 'active', 500), order('b', '7258', 'active', 250),
    ];
    const verdicts: string[] = [];
    for (const after of writes) {
      const id = String(after['id']);
      const before = r.resources.get(`MedicationRequest/${id}`) ?? null;
      const chart = cachedChart(r, NOW, () => fresh(r), id);
      const kept = gateMedicationWrite({ before, after, context: chart.context, chart, now: NOW, userId: 'u' });
      const plain = gateMedicationWrite({ before, after, context: fresh(r), now: NOW, userId: 'u' });
      expect(kept).toEqual(plain);
      verdicts.push(plain.ok ? 'ok' : plain.error.code);
      if (plain.ok) r = applyOwnWrites(r, P, [{ patientId: P, resourceType: 'MedicationRequest', id, version: ++version, resource: after }]);
    }
    expect(verdicts).toContain('BAD_INPUT');
    expect(verdicts).toContain('PRECONDITION_REQUIRED');
  });
});
