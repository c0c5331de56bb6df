/**
 * Results on a real SQLCipher store: the ordering clinician's inbox holds resulted, unacknowledged
 * reports of their own orders (newest first, critical marked), an acknowledgement (as synced from
 * any workstation) takes a result out of the inbox but not out of the chart, and the order reads
 * ordered / in progress / resulted from the reports based on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unwrap, type LanternResource, type ServiceRequest } from '@lantern/core';
import { buildAcknowledgement, buildLabReport } from '@lantern/core/results';
import { openStore } from '../store/open-store.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart, testUuid } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import type { WritableStore } from '../store/local-store.ts';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { inbox, patientResults, practitionerRefOf, type ResultsReader } from './results-views.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const ADA = '0a0a0a0a-0000-4000-8000-00000000000a';
const OTHER = '0b0b0b0b-0000-4000-8000-00000000000b';
let store: WritableStore;
let patientId: string;
let reader: ResultsReader;
let seq = 1;

const order = (id: string, loinc: string, text: string, requester: string): ServiceRequest => ({
  resourceType: 'ServiceRequest', id, status: 'active', intent: 'order', authoredOn: '2026-12-01T08:00:00Z',
  category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: loinc }], text }, subject: { reference: `Patient/${patientId}` },
  requester: { reference: practitionerRefOf(requester), display: requester === ADA ? 'Dr. Ada' : 'Dr. Other' },
});

function put(resources: LanternResource[]): void {
  unwrap(store.upsertChanges(changesFor(resources, { firstSeq: seq, lastUpdated: NOW.toISOString(), patientId })));
  seq += resources.length;
}

/** A report for `o`: `critical` gives a potassium of 7.4 (HH). */
function resultFor(o: ServiceRequest, issuedAt: string, critical: boolean): LanternResource[] {
  const values = critical ? { float: () => 7.4, chance: () => true } : { float: (a: number, b: number) => (a + b) / 2, chance: () => false };
  const { report, observations } = buildLabReport({ order: o, newId: () => testUuid(9), values, collectedAt: '2026-12-01T08:10:00Z', issuedAt, abnormalShare: critical ? 1 : 0, criticalShare: critical ? 1 : 0 });
  return [...observations, report];
}

beforeAll(async () => {
  store = unwrap(await openStore({ path: join(tempDir(), 'results.db'), keyProvider: explicitKeyProvider(randomKey()), now: () => NOW }));
  const chart = fixtureChart({ given: 'Quintessa', family: 'Marrowby', mrn: 'MRN-RES-1', birthDate: '1960-02-03', allergies: 'nka' });
  patientId = chart.patientId;
  put(chart.resources);
  reader = { db: storeDbOf(store), user: { userId: ADA, role: 'physician' }, scope: { careTeam: [patientId], unit: [] } };
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('results inbox', () => {
  it('shows my resulted orders newest first with the critical one marked, and not another clinician\'s', () => {
    const k = order(testUuid(5), '2823-3', 'Potassium, serum', ADA);
    const cbc = order(testUuid(5), '58410-2', 'CBC panel (complete blood count)', ADA);
    const theirs = order(testUuid(5), '4548-4', 'Hemoglobin A1c', OTHER);
    put([k, cbc, theirs, ...resultFor(cbc, '2026-12-01T09:00:00Z', false), ...resultFor(k, '2026-12-01T09:30:00Z', true), ...resultFor(theirs, '2026-12-01T09:40:00Z', false)]);
    const { items, counts } = inbox(reader);
    expect(items.map((i) => i.title)).toEqual(['Potassium, serum', 'CBC panel (complete blood count)']);
    expect(items[0]?.grade).toBe('critical');
    expect(items[0]?.values[0]).toMatchObject({ label: 'K', value: 7.4, interpretation: 'HH' });
    expect(items[0]?.patientName).toMatch(/Marrowby/);
    expect(counts).toEqual({ unacknowledged: 2, critical: 1, abnormal: 0 });
  });

  it('takes an acknowledged result out of the inbox and keeps it in the chart with who and when', () => {
    const first = inbox(reader).items[0];
    if (first === undefined) throw new Error('empty inbox');
    const ack = buildAcknowledgement({ id: testUuid(6), patientId, reportId: first.reportId, at: '2026-12-01T09:45:00Z', practitioner: { reference: practitionerRefOf(ADA), display: 'Dr. Ada' } });
    if (!ack.ok) throw ack.error;
    put([ack.value]);
    expect(inbox(reader).counts.unacknowledged).toBe(1);
    const chart = patientResults(reader, patientId);
    const kept = chart.reports.find((r) => r.reportId === first.reportId);
    expect(kept?.acknowledged).toEqual({ reportId: first.reportId, version: null, by: 'Dr. Ada', at: '2026-12-01T09:45:00Z' });
  });

  it('a result the lab corrects after it was acknowledged is back in the inbox, marked corrected', () => {
    const inr = order(testUuid(5), '34714-6', 'INR', ADA);
    const [obs, report] = resultFor(inr, '2026-12-01T09:50:00Z', false) as [LanternResource, LanternResource & { id: string }];
    put([inr, obs, report]);
    const ack = buildAcknowledgement({ id: testUuid(6), patientId, reportId: report.id, reportVersion: '1', at: '2026-12-01T09:55:00Z', practitioner: { reference: practitionerRefOf(ADA), display: 'Dr. Ada' } });
    if (!ack.ok) throw ack.error;
    put([ack.value]);
    expect(inbox(reader).items.map((i) => i.title)).not.toContain('INR');
    // The lab's correction arrives as version 2 of the same report.
    const corrected = { ...report, status: 'corrected' } as LanternResource;
    unwrap(store.upsertChanges(changesFor([corrected], { firstSeq: seq, lastUpdated: NOW.toISOString(), patientId }).map((c) => ({ ...c, version: '2' }))));
    seq += 1;
    const back = inbox(reader).items.find((i) => i.title === 'INR');
    expect(back?.revised).toBe('corrected');
    expect(back?.changedSinceAcknowledged).toMatchObject({ by: 'Dr. Ada', version: '1' });
    expect(back?.version).toBe('2');
  });

  it('reads each order as ordered, in progress or resulted', () => {
    const waiting = order(testUuid(5), '3016-3', 'TSH (thyrotropin)', ADA);
    const running = order(testUuid(5), '57698-3', 'Lipid panel', ADA);
    put([waiting, running, { resourceType: 'DiagnosticReport', id: testUuid(7), status: 'registered', code: { text: 'Lipid panel' }, subject: { reference: `Patient/${patientId}` }, basedOn: [{ reference: `ServiceRequest/${running.id ?? ''}` }] }]);
    const status = new Map(patientResults(reader, patientId).orders.map((o) => [o.title, o.status]));
    expect(status.get('TSH (thyrotropin)')).toBe('ordered');
    expect(status.get('Lipid panel')).toBe('in-progress');
    expect(status.get('Potassium, serum')).toBe('resulted');
    // An in-progress report is not in anyone's inbox yet.
    expect(inbox(reader).items.map((i) => i.title)).not.toContain('Lipid panel');
  });

  it('leaves out patients the user may not read results for (billing sees nothing)', () => {
    expect(inbox({ ...reader, user: { userId: ADA, role: 'billing' } }).items).toEqual([]);
  });
});
