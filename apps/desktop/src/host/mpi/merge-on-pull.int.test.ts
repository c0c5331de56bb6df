/**
 * A merge and an unmerge arriving by pull, against a real SQLCipher store: the retired record
 * leaves the finder, an allergy charted offline on it (not yet synced) is re-pointed to the
 * survivor with its outbox mutation, so the survivor's banner (and CDS, which reads the same
 * rows) holds both allergies at once; an unmerge drops the copies the survivor no longer owns.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type AllergyIntolerance, type Change, type Mutation, type Patient } from '@lantern/core';
import { retiredPatient, survivingPatient, tagMergedFrom } from '@lantern/core/mpi';
import { evaluate } from '@lantern/core/cds';
import { patientContextFromStore } from '../orders/patient-context.ts';
import { openStore } from '../store/open-store.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import type { WritableStore } from '../store/local-store.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
let store: WritableStore;
const survivor = fixtureChart({ given: 'Marisol', family: 'Quenneville', mrn: 'MRN000000042', birthDate: '1975-08-09', allergies: 'penicillin' });
const retired = fixtureChart({ given: 'Marisol', family: 'Quennevile', mrn: 'MRN000000059', birthDate: '1975-08-09', allergies: 'none' });
const patientOf = (c: typeof survivor): Patient => c.resources.find((r) => r.resourceType === 'Patient') as Patient;
const sulfa = randomUUID();

const change = (p: Patient, version: string, seq: number): Change => ({
  ...changesFor([p], { firstSeq: seq, lastUpdated: '2025-06-01T12:00:00Z' })[0] as Change, version,
});

beforeAll(async () => {
  store = unwrap(await openStore({ path: join(tempDir(), 'chart.db'), keyProvider: explicitKeyProvider(randomKey()), now: () => NOW }));
  unwrap(store.upsertChanges(changesFor([...survivor.resources, ...retired.resources], { firstSeq: 1, lastUpdated: '2025-05-01T00:00:00Z' })));
  // A nurse charts a sulfonamide allergy on the (retired) record while offline: pending, in the outbox.
  const m: Mutation = {
    mutationId: randomUUID() as Mutation['mutationId'], deviceId: 'dev-1' as Mutation['deviceId'], userId: randomUUID() as Mutation['userId'],
    resourceType: 'AllergyIntolerance', resourceId: sulfa as Mutation['resourceId'], patientId: retired.patientId as Mutation['patientId'], op: 'create', baseVersion: null,
    resource: {
      resourceType: 'AllergyIntolerance', id: sulfa, patient: { reference: `Patient/${retired.patientId}` }, criticality: 'high',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '10180', display: 'Sulfamethoxazole' }] },
    } as Mutation['resource'],
    createdAt: NOW.toISOString(),
  };
  unwrap(store.applyLocalMutation(m));
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('a merge arriving by pull', () => {
  it('shows one chart with both allergies, the offline allergy and its pending mutation re-pointed', () => {
    expect(unwrap(store.searchPatients('Marisol', 10)).length).toBe(2);
    unwrap(store.upsertChanges([
      change(retiredPatient(patientOf(retired), survivor.patientId), '2', 100),
      change(survivingPatient(patientOf(survivor), retired.patientId), '2', 101),
    ]));
    const hits = unwrap(store.searchPatients('Marisol', 10));
    expect(hits.map((h) => h.patientId)).toEqual([survivor.patientId]);
    const allergies = unwrap(store.banner(survivor.patientId)).allergies.map((a) => a.substance);
    expect(allergies).toHaveLength(2);
    expect(allergies.join(' ')).toMatch(/Penicillin/);
    expect(allergies.join(' ')).toMatch(/Sulfamethoxazole/);
    // CDS on the survivor sees the allergy recorded on the retired record: a sulfonamide order is a critical card.
    const context = unwrap(patientContextFromStore(store, survivor.patientId, NOW));
    const cards = unwrap(evaluate({
      hook: 'order-sign', context, now: NOW.toISOString(),
      draftOrders: [{
        resourceType: 'MedicationRequest', id: randomUUID(), status: 'draft', intent: 'order', subject: { reference: `Patient/${survivor.patientId}` },
        medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '10180', display: 'Sulfamethoxazole' }] },
      }],
    }));
    expect(cards.some((c) => c.indicator === 'critical' && c.extension['lantern.rule'] === 'drug-allergy')).toBe(true);
    const pending = unwrap(store.peekOutbox(10)).map((e) => e.mutation);
    expect(pending.map((p) => [p.patientId, (p.resource as { patient?: { reference?: string } } | null)?.patient?.reference])).toEqual([[survivor.patientId, `Patient/${survivor.patientId}`]]);
  });

  it('an unmerge drops a moved copy the survivor no longer owns and brings the retired record back to the finder', () => {
    const latex: AllergyIntolerance = { resourceType: 'AllergyIntolerance', id: randomUUID(), patient: { reference: `Patient/${survivor.patientId}` }, code: { text: 'Latex' } };
    const moved = tagMergedFrom(latex, retired.patientId);
    unwrap(store.upsertChanges(changesFor([moved], { firstSeq: 102, lastUpdated: '2025-06-01T12:00:00Z', patientId: survivor.patientId })));
    expect(unwrap(store.banner(survivor.patientId)).allergies.map((a) => a.substance).join(' ')).toMatch(/Latex/);
    unwrap(store.upsertChanges([
      change({ ...patientOf(retired), active: true }, '3', 103),
      change(patientOf(survivor), '3', 104),
    ]));
    expect(unwrap(store.banner(survivor.patientId)).allergies.map((a) => a.substance).join(' ')).not.toMatch(/Latex/);
    expect(unwrap(store.searchPatients('Marisol', 10))).toHaveLength(2);
  });
});
