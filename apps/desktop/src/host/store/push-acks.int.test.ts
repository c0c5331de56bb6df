/**
 * Acknowledging pushed edits (ackMutations) as a catch-up push does it, batch after batch: what the
 * clinician sees must follow the outbox exactly, and a batch must not rewrite more of the encrypted
 * file than it has to (each page a commit writes is encrypted then, and again at the checkpoint).
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MutationSchema, unwrap, type LanternResource, type Mutation } from '@lantern/core';
import { openStore } from './open-store.ts';
import { explicitKeyProvider, randomKey } from './key/key-provider.ts';
import { changesFor } from './seed-changes.ts';
import { writeLocalMutation } from './resource-writes.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';
import type { LocalStore } from './local-store.ts';
import { localSyncStore } from '../sync/local-sync-store.ts';

afterAll(() => removeTempDirs());

const NOW = new Date('2026-11-20T12:00:00Z');
const PATIENTS = Array.from({ length: 5 }, () => randomUUID());

async function freshStore(): Promise<{ store: LocalStore; path: string }> {
  const path = join(tempDir('lantern-acks-'), 'store.db');
  return { store: unwrap(await openStore({ path, keyProvider: explicitKeyProvider(randomKey()), now: () => NOW })) as LocalStore, path };
}

function heartRate(patientId: string, value: number, at: string, id = randomUUID()): LanternResource {
  return {
    resourceType: 'Observation', id, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` }, effectiveDateTime: at,
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  } as LanternResource;
}

function progressNote(patientId: string, at: string, id = randomUUID()): LanternResource {
  return {
    resourceType: 'DocumentReference', id, status: 'current', docStatus: 'preliminary',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${patientId}` }, date: at,
    content: [{ attachment: { contentType: 'text/plain', data: 'U3ludGhldGljIG5vdGU=' } }],
  } as LanternResource;
}

/** A record made on this workstation (an edit of it before the server has it is queued as a create again). */
const created = (r: LanternResource): Mutation => MutationSchema.parse({
  mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', resourceType: r.resourceType, resourceId: r.id ?? '',
  patientId: ((r as { subject?: { reference?: string } }).subject?.reference ?? '').replace('Patient/', ''), op: 'create', baseVersion: null, resource: r, createdAt: NOW.toISOString(),
});

it('the pending marks on the vitals and the notes list follow the outbox, and go once the server has the edits', async () => {
  const { store } = await freshStore();
  const patientId = PATIENTS[0] ?? '';
  unwrap(store.upsertChanges(changesFor([heartRate(patientId, 70, '2026-11-19T08:00:00Z')], { firstSeq: 1, lastUpdated: '2026-11-19T09:00:00Z' })));
  const vital = heartRate(patientId, 88, '2026-11-20T11:00:00Z');
  const note = progressNote(patientId, '2026-11-20T11:05:00Z');
  const [vitalEdit, noteEdit] = [created(vital), created(note)];
  for (const m of [vitalEdit, noteEdit]) unwrap(store.applyLocalMutation(m));
  expect(unwrap(store.latestVitals(patientId))).toMatchObject([{ value: 88, pendingSync: true }]);
  expect(unwrap(store.notes(patientId)).map((n) => [n.id, n.pendingSync])).toEqual([[note.id, true]]);
  // A trend still reads both values (from the index alone).
  expect(unwrap(store.labSeries(patientId, '8867-4', 'vital-signs')).points.map((p) => p.value)).toEqual([70, 88]);

  const sync = localSyncStore(store, { userId: () => 'u-ada', uuid: randomUUID, now: () => NOW });
  await sync.applyPushResults([{ mutationId: vitalEdit.mutationId, status: 'applied', version: '1' }]);
  expect(unwrap(store.latestVitals(patientId))).toMatchObject([{ value: 88, pendingSync: false }]);
  expect(unwrap(store.notes(patientId)).map((n) => n.pendingSync)).toEqual([true]);
  await sync.applyPushResults([{ mutationId: noteEdit.mutationId, status: 'applied', version: '1' }]);
  expect(unwrap(store.notes(patientId)).map((n) => n.pendingSync)).toEqual([false]);
  expect(unwrap(store.getResource(note.id ?? ''))?.meta?.versionId).toBe('1');
  store.close();
});

it('a record made here, stored by the server, then an edit of it refused: the record stays as the server stored it (not removed as if the server never had it)', async () => {
  const { store } = await freshStore();
  const patientId = PATIENTS[0] ?? '';
  const made = heartRate(patientId, 91, '2026-11-20T10:00:00Z');
  const create = created(made);
  const edit = created({ ...made, valueQuantity: { value: 19, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } } as LanternResource);
  unwrap(store.applyLocalMutation(create));
  unwrap(store.applyLocalMutation(edit));
  const sync = localSyncStore(store, { userId: () => 'u-ada', uuid: randomUUID, now: () => NOW });
  await sync.applyPushResults([
    { mutationId: create.mutationId, status: 'applied', version: '1' },
    { mutationId: edit.mutationId, status: 'rejected', code: 'BAD_INPUT', message: 'Implausible value' },
  ]);
  const shown = unwrap(store.getResource(made.id ?? '')) as LanternResource & { valueQuantity: { value: number } };
  expect(shown.valueQuantity.value).toBe(91);
  expect(shown.meta?.versionId).toBe('1');
  // The inbox entry offers the stored copy to redo the edit from.
  expect(unwrap(store.listConflictsOf('u-ada', null))[0]?.serverResource).toMatchObject({ id: made.id, meta: { versionId: '1' } });
  expect(unwrap(store.outboxSize())).toBe(0);

  // Refused outright, a record the server never had leaves the screen with its edit kept in the inbox.
  const lone = heartRate(patientId, 250, '2026-11-20T10:30:00Z');
  const loneCreate = created(lone);
  unwrap(store.applyLocalMutation(loneCreate));
  await sync.applyPushResults([{ mutationId: loneCreate.mutationId, status: 'rejected', code: 'BAD_INPUT', message: 'Implausible value' }]);
  expect(unwrap(store.getResource(lone.id ?? ''))).toBeNull();
  expect(unwrap(store.listConflictsOf('u-ada', null))).toHaveLength(2);
  store.close();
});

it('acknowledging a catch-up batch of 500 new vitals and notes rewrites under 0.8 pages of the file per edit (it was 1.04)', async () => {
  const { store, path } = await freshStore();
  // A synced chart cache: 4,000 observations over five patients.
  const held = Array.from({ length: 4000 }, (_, i) => heartRate(PATIENTS[i % 5] ?? '', 50 + (i % 50), `2026-11-${String(1 + (i % 19)).padStart(2, '0')}T08:00:00Z`));
  unwrap(store.upsertChanges(changesFor(held, { firstSeq: 1, lastUpdated: '2026-11-19T09:00:00Z' })));
  const at = '2026-11-20T11:00:00Z';
  // A day's queue, of which the first push batch is answered.
  const records = Array.from({ length: 2000 }, (_, i) => {
    const p = PATIENTS[i % 5] ?? '';
    return i % 10 === 0 ? progressNote(p, at) : heartRate(p, 60 + (i % 40), at);
  });
  const queued = records.map(created);
  // Queued as the edit path writes them, in one transaction to keep the test quick.
  store.db.write(() => queued.forEach((m, i) => writeLocalMutation(store.db, m, records[i] ?? null)));
  store.db.raw.pragma('wal_checkpoint(TRUNCATE)');
  const sync = localSyncStore(store, { userId: () => 'u-ada', uuid: randomUUID, now: () => NOW });
  const batch = queued.slice(0, 500);
  await sync.applyPushResults(batch.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, version: '1' })));
  // Each page a commit writes is one WAL frame: a 24-byte header and the page (SQLCipher 4: 4,096 bytes).
  const frames = statSync(`${path}-wal`).size / (24 + 4096);
  expect(unwrap(store.outboxSize())).toBe(1500);
  expect(frames / batch.length).toBeLessThan(0.8);
  store.close();
});
