/** Push verdicts a clinician would notice: a refused write is kept with its reason and the server's copy is back; "retry later" retries. */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { newMutation, unwrap, type MedicationRequest } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { LocalStore } from '../store/local-store.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { localSyncStore } from './local-sync-store.ts';

afterAll(removeTempDirs);
const NOW = new Date('2026-11-23T12:00:00Z');

it('a refused dose change leaves the outbox, waits in its author\'s inbox with the reason, and the server\'s dose is back; INTERNAL stays queued', async () => {
  const dir = tempDir('lantern-refused-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) })) as LocalStore;
  const chart = fixtureChart({ given: 'Refused', family: 'Testcase', mrn: 'MRN000000401', birthDate: '1950-01-01', allergies: 'nka' });
  const order: MedicationRequest = { ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: '2026-11-20T09:00:00Z',
  })), status: 'active' };
  unwrap(store.upsertChanges(changesFor([...chart.resources, order], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const edit = (note: string) => unwrap(newMutation({
    mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', createdAt: NOW.toISOString(), patientId: chart.patientId, op: 'update', baseVersion: '1',
    resource: { ...order, note: [{ text: note }] },
  }));
  const sync = localSyncStore(store, { userId: () => 'u-ada', uuid: randomUUID, now: () => NOW });

  const busy = edit('first try');
  unwrap(store.applyLocalMutation(busy));
  expect(await sync.applyPushResults([{ mutationId: busy.mutationId, status: 'rejected', code: 'INTERNAL', message: 'retry later' }])).toEqual({ retryLater: 1 });
  expect(unwrap(store.outboxSize())).toBe(1);
  expect(unwrap(store.listConflictsOf('u-ada', null))).toEqual([]);

  expect(await sync.applyPushResults([{ mutationId: busy.mutationId, status: 'rejected', code: 'FORBIDDEN', message: 'Not allowed: not on the care team' }])).toEqual({ retryLater: 0 });
  expect(unwrap(store.outboxSize())).toBe(0);
  const [refused] = unwrap(store.listConflictsOf('u-ada', null));
  expect(refused).toMatchObject({ fields: ['rejected:FORBIDDEN'], reason: 'Not allowed: not on the care team', localResource: { note: [{ text: 'first try' }] } });
  expect(unwrap(store.listConflictsOf('u-ben', null))).toEqual([]);
  // The screen shows the server's order again, not the edit the server never accepted.
  const shown = unwrap(store.getResource(order.id ?? '')) as MedicationRequest;
  expect(shown.note).toBeUndefined();
  store.close();
});

it("a refused edit queued on top of an acknowledged one puts back the acknowledged version, not the copy from before both (the clinician's own accepted change is not undone)", async () => {
  const dir = tempDir('lantern-refused-chain-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) })) as LocalStore;
  const chart = fixtureChart({ given: 'Chained', family: 'Testcase', mrn: 'MRN000000402', birthDate: '1950-01-01', allergies: 'nka' });
  const order: MedicationRequest = { ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: '2026-11-20T09:00:00Z',
  })), status: 'active' };
  unwrap(store.upsertChanges(changesFor([...chart.resources, order], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  // Two offline edits of the order, the second made on top of the first: both name version 1.
  const first = unwrap(newMutation({
    mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', createdAt: NOW.toISOString(), patientId: chart.patientId, op: 'update', baseVersion: '1',
    resource: { ...order, note: [{ text: 'take with evening meal' }] },
  }));
  const second = unwrap(newMutation({
    mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', createdAt: NOW.toISOString(), patientId: chart.patientId, op: 'update', baseVersion: '1',
    resource: { ...order, note: [{ text: 'take with evening meal' }, { text: 'review in 6 weeks' }] },
  }));
  unwrap(store.applyLocalMutation(first));
  unwrap(store.applyLocalMutation(second));
  const sync = localSyncStore(store, { userId: () => 'u-ada', uuid: randomUUID, now: () => NOW });
  // The server takes the first (merged with another device's change of the status) and refuses the second.
  const merged = { ...order, status: 'on-hold', note: [{ text: 'take with evening meal' }], meta: { versionId: '3' } };
  await sync.applyPushResults([
    { mutationId: first.mutationId, status: 'merged', version: '3', resource: merged },
    { mutationId: second.mutationId, status: 'rejected', code: 'FORBIDDEN', message: 'Not allowed' },
  ]);
  const shown = unwrap(store.getResource(order.id ?? '')) as MedicationRequest;
  expect(shown.note?.map((n) => n.text)).toEqual(['take with evening meal']);
  expect(shown.status).toBe('on-hold');
  expect(shown.meta?.versionId).toBe('3');
  // The inbox entry's "server copy" (what redo starts from) is that version too.
  const [refused] = unwrap(store.listConflictsOf('u-ada', null));
  expect(refused?.serverResource).toMatchObject({ status: 'on-hold', meta: { versionId: '3' } });

  // The same with the first stored as sent (applied): the edit as sent, at the version the server gave it.
  const third = unwrap(newMutation({
    mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', createdAt: NOW.toISOString(), patientId: chart.patientId, op: 'update', baseVersion: '3',
    resource: { ...shown, note: [{ text: 'dose at 21:00' }] },
  }));
  const fourth = unwrap(newMutation({
    mutationId: randomUUID(), deviceId: 'ws-1', userId: 'u-ada', createdAt: NOW.toISOString(), patientId: chart.patientId, op: 'update', baseVersion: '3',
    resource: { ...shown, note: [{ text: 'dose at 21:00' }, { text: 'lipids in 6 weeks' }] },
  }));
  unwrap(store.applyLocalMutation(third));
  unwrap(store.applyLocalMutation(fourth));
  await sync.applyPushResults([
    { mutationId: third.mutationId, status: 'applied', version: '4' },
    { mutationId: fourth.mutationId, status: 'rejected', code: 'BAD_INPUT', message: 'No' },
  ]);
  const after = unwrap(store.getResource(order.id ?? '')) as MedicationRequest;
  expect(after.note?.map((n) => n.text)).toEqual(['dose at 21:00']);
  expect(after.meta?.versionId).toBe('4');
  store.close();
});
