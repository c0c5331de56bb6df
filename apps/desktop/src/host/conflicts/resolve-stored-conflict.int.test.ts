/** Resolving conflicts from the encrypted store's inbox: a new mutation on the server version, audited, nothing lost. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type ResourceJson } from '@lantern/core';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { conflictViews, resolveStoredConflict } from './resolve-stored-conflict.ts';

afterAll(removeTempDirs);
const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const MR = '88888888-8888-4888-8888-000000000001';

const mr = (dose: number, version: string): ResourceJson => ({
  resourceType: 'MedicationRequest', id: MR, meta: { versionId: version, lastUpdated: '2026-11-23T10:00:00Z' }, status: 'active', intent: 'order',
  subject: { reference: `Patient/${PATIENT}` }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '36567' }], text: 'simvastatin' },
  dosageInstruction: [{ id: 'd1', route: { text: 'oral' }, doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }],
  note: dose === 40 ? [{ text: 'mine' }] : [{ text: 'server' }],
});

async function withConflict() {
  const dir = tempDir('lantern-conflicts-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const conflictId = randomUUID();
  unwrap(store.putConflicts([{
    conflictId: conflictId as never, mutationId: randomUUID() as never, patientId: PATIENT as never, resourceType: 'MedicationRequest', resourceId: MR as never,
    fields: ['dosageInstruction[id=d1].doseAndRate'], localResource: mr(40, '1'), serverResource: mr(30, '2'), createdAt: '2026-11-23T11:00:00Z', userId: 'u-2',
  }]));
  return { store, conflictId };
}
const base = { userId: 'u-2', deviceId: 'ws-2', now: new Date('2026-11-23T12:00:00Z'), uuid: { uuid: randomUUID }, authorize: () => undefined };

describe('resolving stored conflicts', () => {
  it('the inbox view shows both doses; keep mine queues an update on server version 2, closes the conflict, audits it', async () => {
    const { store, conflictId } = await withConflict();
    const [view] = unwrap(conflictViews(store, 'u-2', PATIENT));
    expect(unwrap(conflictViews(store, 'u-3', PATIENT))).toEqual([]);
    expect(view?.rows.find((r) => r.label === 'Dose')).toMatchObject({ mine: '40 mg', server: '30 mg' });
    const r = unwrap(resolveStoredConflict({ ...base, store, conflictId, choice: { kind: 'keep-mine' } }));
    const [entry] = unwrap(store.peekOutbox(10));
    expect(entry?.mutation).toMatchObject({ mutationId: r.mutationId, op: 'update', baseVersion: '2' });
    expect(unwrap(store.listConflicts(null))).toEqual([]);
    expect(unwrap(store.listUnsentAudit(10)).map((e) => e.action)).toEqual(['conflict-resolve']);
    expect(resolveStoredConflict({ ...base, store, conflictId, choice: { kind: 'keep-mine' } }).ok).toBe(false);
    store.close();
  });

  it('a field-by-field merge takes my dose and keeps the server\'s note', async () => {
    const { store, conflictId } = await withConflict();
    unwrap(resolveStoredConflict({ ...base, store, conflictId, choice: { kind: 'edited-merge', mineFields: ['dosageInstruction'] } }));
    const sent = unwrap(store.peekOutbox(10))[0]?.mutation.resource as Record<string, unknown>;
    expect(JSON.stringify(sent['dosageInstruction'])).toContain('"value":40');
    expect(sent['note']).toEqual([{ text: 'server' }]);
    store.close();
  });

  it('take the server\'s sends nothing, writes the server\'s copy locally, closes the conflict here and queues closing it on the server', async () => {
    const { store, conflictId } = await withConflict();
    expect(unwrap(resolveStoredConflict({ ...base, store, conflictId, choice: { kind: 'take-server' } })).mutationId).toBeNull();
    expect(unwrap(store.outboxSize())).toBe(0);
    expect(unwrap(store.listConflicts(null))).toEqual([]);
    expect(unwrap(store.getResource(MR))).toMatchObject({ meta: { versionId: '2' }, note: [{ text: 'server' }] });
    expect(unwrap(store.conflictsToCloseOnServer('u-2', 10))).toEqual([conflictId]);
    unwrap(store.markConflictClosedOnServer(conflictId));
    expect(unwrap(store.conflictsToCloseOnServer('u-2', 10))).toEqual([]);
    store.close();
  });

  it('another user cannot decide my conflict, and a refused resolution queues nothing', async () => {
    const { store, conflictId } = await withConflict();
    expect(resolveStoredConflict({ ...base, userId: 'u-3', store, conflictId, choice: { kind: 'keep-mine' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const refuse = () => { throw new Error('refused'); };
    expect(() => resolveStoredConflict({ ...base, store, conflictId, choice: { kind: 'keep-mine' }, authorize: refuse })).toThrow('refused');
    expect(unwrap(store.outboxSize())).toBe(0);
    expect(unwrap(store.listConflicts(null))).toHaveLength(1);
    store.close();
  });
});
