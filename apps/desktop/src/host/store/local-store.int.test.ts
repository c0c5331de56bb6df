import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { GENESIS_HASH, verifyAuditChain, unwrap, type AuditEventInput, type Mutation, type PullOutput } from '@lantern/core';
import { openReadonlyStore, openStore } from './open-store.ts';
import { explicitKeyProvider, randomKey } from './key/key-provider.ts';
import { changesFor } from './seed-changes.ts';
import { fixtureChart, testUuid } from './testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';
import { sha256Hex } from './audit-log.ts';
import type { WritableStore } from './local-store.ts';

const key = randomKey();
const NOW = new Date('2025-06-01T12:00:00Z');
let path: string;
let store: WritableStore;
const withAllergy = fixtureChart({ given: 'Quillon', family: 'Zarathustra', mrn: 'MRN000000018', birthDate: '1980-03-04', allergies: 'penicillin' });
const withNka = fixtureChart({ given: 'Oriel', family: 'Vantablack', mrn: 'MRN000000026', birthDate: '1990-12-31', allergies: 'nka' });
const unrecorded = fixtureChart({ given: 'Perpetua', family: 'Zarathustra-Lee', mrn: 'MRN000000034', birthDate: '2001-07-15', allergies: 'none' });

beforeAll(async () => {
  path = join(tempDir(), 'chart.db');
  store = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key), now: () => NOW }));
  const all = [...withAllergy.resources, ...withNka.resources, ...unrecorded.resources];
  unwrap(store.upsertChanges(changesFor(all, { firstSeq: 1, lastUpdated: '2025-05-01T00:00:00Z' })));
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('chart queries', () => {
  it('builds the banner with age, allergies first, and latest weight', () => {
    const b = unwrap(store.banner(withAllergy.patientId));
    expect(b).toMatchObject({ mrn: 'MRN000000018', name: 'Quillon Zarathustra', sex: 'female', birthDate: '1980-03-04', ageYears: 45, allergyStatus: 'has-allergies', pendingSync: false });
    expect(b.allergies).toEqual([expect.objectContaining({ substance: 'Penicillin G', criticality: 'high' })]);
    expect(b.latestWeight).toEqual({ value: 78, unit: 'kg', effective: '2025-03-05T08:00:00Z' });
  });

  it('tells "no known allergies" apart from "not recorded"', () => {
    expect(unwrap(store.banner(withNka.patientId)).allergyStatus).toBe('nka');
    expect(unwrap(store.banner(withNka.patientId)).allergies).toEqual([]);
    expect(unwrap(store.banner(unrecorded.patientId)).allergyStatus).toBe('not-recorded');
  });

  it('lists active problems only, never resolved or entered-in-error ones', () => {
    const names = unwrap(store.activeProblems(withAllergy.patientId)).map((c) => c.code?.text).sort();
    expect(names).toEqual(['Essential hypertension', 'Type 2 diabetes mellitus']);
  });

  it('lists active medications, not stopped ones', () => {
    const meds = unwrap(store.activeMedications(withAllergy.patientId)).map((m) => m.medicationCodeableConcept?.text).sort();
    expect(meds).toEqual(['Lisinopril 10 MG Oral Tablet', 'Metformin 500 MG Oral Tablet']);
  });

  it('shows the latest of each vital, BP as systolic/diastolic with interpretation', () => {
    const vitals = unwrap(store.latestVitals(withAllergy.patientId));
    expect(vitals.map((v) => v.loinc)).toEqual(['85354-9', '8867-4', '29463-7']);
    expect(vitals[0]).toMatchObject({ value: 160, unit: 'mm[Hg]', secondary: { value: 92, unit: 'mm[Hg]' }, interpretation: 'H', effective: '2025-03-05T08:00:00Z' });
    expect(vitals[1]).toMatchObject({ value: 72, interpretation: 'N', referenceRange: { low: 60, high: 100 } });
  });

  it("gives a lab's values over time, oldest first, flagging the abnormal one", () => {
    const series = unwrap(store.labSeries(withAllergy.patientId, '2160-0'));
    expect(series).toMatchObject({ loinc: '2160-0', label: 'Creatinine', unit: 'mg/dL' });
    expect(series.points.map((p) => [p.value, p.interpretation])).toEqual([[1.1, 'N'], [1.5, 'H'], [1.9000000000000001, 'H']]);
  });

  it('lists recent labs newest first and ignores an entered-in-error result', () => {
    const labs = unwrap(store.recentLabs(withAllergy.patientId));
    expect(labs.map((l) => [l.loinc, l.value, l.interpretation])).toEqual([['2160-0', 1.9000000000000001, 'H'], ['2345-7', 250, 'HH']]);
  });

  it('opens the whole chart: notes without their text, encounters newest first', () => {
    const chart = unwrap(store.openChart(withAllergy.patientId));
    expect(chart.notes.map((n) => n.title)).toEqual(['Clinic visit 2', 'Clinic visit 1']);
    expect(chart.notes[0]).toMatchObject({ author: 'Dr Test Author', status: 'final', resourceType: 'DocumentReference', pendingSync: false });
    expect(chart.encounters.map((e) => e.period?.start)).toEqual(['2025-03-05T08:00:00Z', '2025-01-05T08:00:00Z']);
    expect(chart.observationCount).toBe(14);
    expect(chart.summary.activeMedications).toHaveLength(2);
    expect(chart.patient.id).toBe(withAllergy.patientId);
  });

  it('returns NOT_FOUND for a patient not in the store', () => {
    const r = store.openChart(testUuid(9));
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
  });
});

describe('patient search', () => {
  const ids = (q: string) => unwrap(store.searchPatients(q, 20)).map((h) => h.patientId);
  it('finds by name prefix, several terms, any order, ignoring case', () => {
    // Name order is by the first 6 letters of the family name, then the given name.
    expect(ids('zara')).toEqual([unrecorded.patientId, withAllergy.patientId]);
    expect(ids('ZARATHUSTRA quil')).toEqual([withAllergy.patientId]);
    expect(ids('lee')).toEqual([unrecorded.patientId]);
  });
  it('finds by MRN, with or without prefix and leading zeros', () => {
    expect(ids('MRN000000026')).toEqual([withNka.patientId]);
    expect(ids('26')).toEqual([withNka.patientId]);
  });
  it('finds by birth date typed ISO, US or compact, and by partial date', () => {
    expect(ids('1980-03-04')).toEqual([withAllergy.patientId]);
    expect(ids('03/04/1980')).toEqual([withAllergy.patientId]);
    expect(ids('12/31')).toEqual([withNka.patientId]);
    expect(ids('2001-07')).toEqual([unrecorded.patientId]);
  });
  it('returns nothing for punctuation-only or FTS syntax input instead of failing', () => {
    expect(ids('"*) ( -- ;')).toEqual([]);
    expect(ids('NEAR("qqq" AND x*')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });
});

describe('writes', () => {
  const device = 'dev-1';
  const mutation = (resource: Record<string, unknown>, op: Mutation['op'], baseVersion: string | null): Mutation => ({
    mutationId: testUuid(7), deviceId: device, userId: 'u-1', resourceType: String(resource['resourceType']), resourceId: String(resource['id']),
    patientId: unrecorded.patientId, op, baseVersion, resource: op === 'delete' ? null : resource, createdAt: '2025-06-01T12:00:00Z',
  }) as Mutation;

  it('a local edit shows as pending and waits in the outbox, in order, until acknowledged', () => {
    const allergy = { resourceType: 'AllergyIntolerance', id: testUuid(), patient: { reference: `Patient/${unrecorded.patientId}` }, code: { text: 'Peanut' }, criticality: 'high' };
    const m1 = mutation(allergy, 'create', null);
    const edited = { ...allergy, criticality: 'low' };
    const m2 = mutation(edited, 'update', '1');
    unwrap(store.applyLocalMutation(m1));
    unwrap(store.applyLocalMutation(m2));
    const banner = unwrap(store.banner(unrecorded.patientId));
    expect(banner).toMatchObject({ allergyStatus: 'has-allergies', pendingSync: true });
    expect(banner.allergies[0]?.criticality).toBe('low');
    expect(unwrap(store.peekOutbox(10)).map((e) => e.mutation.mutationId)).toEqual([m1.mutationId, m2.mutationId]);
    expect(unwrap(store.ackOutbox([{ mutationId: m1.mutationId, version: '1' }]))).toBe(1);
    expect(unwrap(store.banner(unrecorded.patientId)).pendingSync).toBe(true); // m2 still unsent
    unwrap(store.ackOutbox([{ mutationId: m2.mutationId, version: '2' }]));
    expect(unwrap(store.banner(unrecorded.patientId)).pendingSync).toBe(false);
    expect(unwrap(store.getResource(allergy.id))?.meta?.versionId).toBe('2');
  });

  it('a pull does not overwrite an unpushed local edit, and replays are idempotent', () => {
    const med = withAllergy.resources.find((r) => r.resourceType === 'MedicationRequest')!;
    unwrap(store.applyLocalMutation({ ...mutation({ ...med, status: 'on-hold' }, 'update', '1'), patientId: withAllergy.patientId } as Mutation));
    const page: PullOutput = { changes: changesFor([{ ...med, status: 'stopped' } as typeof med], { firstSeq: 900, lastUpdated: '2025-06-01T00:00:00Z' }).map((c) => ({ ...c, version: '2' })), purgePatients: [], cursor: '900', hasMore: false, remaining: 0 };
    expect(unwrap(store.applyPullPage(page))).toMatchObject({ applied: 0, keptLocal: 1 });
    expect(unwrap(store.getCursor())).toBe('900');
    expect((unwrap(store.getResource(med.id!)) as { status: string }).status).toBe('on-hold');
    const stale = changesFor(withNka.resources.slice(0, 2), { firstSeq: 1, lastUpdated: '2025-05-01T00:00:00Z' });
    expect(unwrap(store.upsertChanges(stale))).toMatchObject({ applied: 0, stale: 2 });
  });

  it('rejects an invalid mutation with the bad field named, writing nothing', () => {
    const before = unwrap(store.outboxSize());
    const bad = mutation({ resourceType: 'MedicationRequest', id: testUuid(), status: 'bogus', intent: 'order', subject: { reference: 'Patient/x' }, medicationCodeableConcept: { text: 'x' } }, 'create', null);
    const r = store.applyLocalMutation(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.issues.map((i) => i.path)).toContain('MedicationRequest.status');
    }
    expect(unwrap(store.outboxSize())).toBe(before);
  });

  it('keeps conflicts until resolved', () => {
    const c = { conflictId: testUuid(3), mutationId: testUuid(3), patientId: withAllergy.patientId, resourceType: 'MedicationRequest', resourceId: testUuid(3), fields: ['dosageInstruction[0].doseAndRate'], localResource: null, serverResource: null, createdAt: '2025-06-01T12:00:00Z' } as never;
    unwrap(store.putConflicts([c, c]));
    expect(unwrap(store.listConflicts(withAllergy.patientId))).toHaveLength(1);
    unwrap(store.resolveConflict((c as { conflictId: string }).conflictId, 'kept-server'));
    expect(unwrap(store.listConflicts(null))).toHaveLength(0);
    const again = store.resolveConflict((c as { conflictId: string }).conflictId, 'kept-server');
    expect(again.ok ? null : again.error.code).toBe('NOT_FOUND');
  });

  it('chains audit events across appends and marks them sent', () => {
    const ev = (): AuditEventInput => ({ eventId: testUuid(5), deviceId: device, userId: 'u-1', action: 'chart-view', patientId: withAllergy.patientId, resourceType: 'Patient', resourceId: withAllergy.patientId, outcome: 'success', reason: null, detail: {}, recordedAt: '2025-06-01T12:00:00Z' }) as AuditEventInput;
    const first = unwrap(store.appendAudit([ev(), ev()]));
    expect(first[0]?.prevHash).toBe(GENESIS_HASH);
    unwrap(store.appendAudit([ev()]));
    const unsent = unwrap(store.listUnsentAudit(100));
    expect(unsent.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyAuditChain(unsent, sha256Hex).ok).toBe(true);
    expect(unwrap(store.markAuditSent(2))).toBe(2);
    expect(unwrap(store.listUnsentAudit(100)).map((e) => e.seq)).toEqual([3]);
  });

  it('purging a patient removes their chart and search entry but keeps their unsent edits', () => {
    const summary = unwrap(store.purgePatient(withAllergy.patientId));
    expect(summary.keptPendingMutations).toBe(1);
    expect(store.openChart(withAllergy.patientId).ok).toBe(false);
    expect(unwrap(store.searchPatients('quillon', 10))).toEqual([]);
    expect(unwrap(store.peekOutbox(10)).some((e) => e.mutation.patientId === withAllergy.patientId)).toBe(true);
  });
});

describe('read-only handle', () => {
  it('reads charts but SQLite refuses writes even through a cast', async () => {
    const ro = unwrap(await openReadonlyStore({ path, keyProvider: explicitKeyProvider(key), now: () => NOW }));
    expect(unwrap(ro.banner(withNka.patientId)).allergyStatus).toBe('nka');
    const forced = (ro as unknown as WritableStore).setCursor('1');
    expect(forced.ok ? null : forced.error.code).toBe('FORBIDDEN');
    ro.close();
  });
});
