/**
 * The draft basket through the host router on a shared store: a physician with the patient in scope
 * keeps, reads back and discards their basket; a role that cannot order is refused and nothing is
 * stored; a refusal is audited with ids only. (Out-of-scope and scope-unknown calls
 * are in host-access-matrix.int.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type PullOutput } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { hostCallerFor } from '../api/testing/host-caller.ts';

afterAll(removeTempDirs);
const NOW = new Date('2026-11-23T12:00:00Z');

async function sharedStore() {
  const dir = tempDir('lantern-basket-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  if (!(store instanceof LocalStore)) throw new Error('expected an in-process LocalStore');
  const chart = fixtureChart({ given: 'Basket', family: 'Access', mrn: 'MRN000000401', birthDate: '1950-01-01', allergies: 'nka' });
  const p: PullOutput = { changes: changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' }), purgePatients: [], cursor: '10', hasMore: false, remaining: 0 };
  unwrap(store.applyPullPage(p, 'pull:u-doc', 'u-doc'));
  return { store, patientId: chart.patientId };
}

const draftFor = (patientId: string) => unwrap(buildMedicationOrder({
  id: randomUUID(), patientId, requester: { reference: 'Practitioner/u-doc', display: 'Dr. Doc' },
  medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: NOW.toISOString(),
}));

describe('orderSets basket access', () => {
  it('a physician on the care team keeps, reads back and discards their basket', async () => {
    const { store, patientId } = await sharedStore();
    const doc = await hostCallerFor(store, { userId: 'u-doc', username: 'dr.doc', role: 'physician', password: 'pw', scope: { careTeam: [patientId], unit: [] } }, NOW);
    expect(await doc.caller.orderSets.saveDrafts({ patientId, drafts: [draftFor(patientId)], revision: 1 })).toEqual({ saved: true });
    expect((await doc.caller.orderSets.drafts({ patientId }))?.drafts).toHaveLength(1);
    expect(await doc.caller.orderSets.discardDrafts({ patientId })).toBe(true);
    expect(await doc.caller.orderSets.drafts({ patientId })).toBeNull();
    expect(doc.audited.filter((a) => a.action === 'access-denied')).toEqual([]);
    store.close();
  }, 30_000);

  it('a nurse, who may not order, is refused and nothing is stored', async () => {
    const { store, patientId } = await sharedStore();
    const nurse = await hostCallerFor(store, { userId: 'u-rn', username: 'rn.ben', role: 'nurse', password: 'pw', scope: { careTeam: [patientId], unit: [] } }, NOW);
    await expect(nurse.caller.orderSets.saveDrafts({ patientId, drafts: [draftFor(patientId)], revision: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(nurse.caller.orderSets.discardDrafts({ patientId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const doc = await hostCallerFor(store, { userId: 'u-rn', username: 'rn.ben', role: 'physician', password: 'pw', scope: { careTeam: [patientId], unit: [] } }, NOW);
    expect(await doc.caller.orderSets.drafts({ patientId })).toBeNull();
    store.close();
  }, 30_000);

  it('a physician who is refused is audited as access-denied, with ids and no chart content', async () => {
    const { store, patientId } = await sharedStore();
    const outsider = await hostCallerFor(store, { userId: 'u-out', username: 'dr.out', role: 'physician', password: 'pw', scope: { careTeam: [], unit: [] } }, NOW);
    await expect(outsider.caller.orderSets.saveDrafts({ patientId, drafts: [draftFor(patientId)], revision: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = outsider.audited.filter((a) => a.action === 'access-denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ userId: 'u-out', patientId, outcome: 'denied' });
    expect(JSON.stringify(denied)).not.toMatch(/Basket|Access|simvastatin/);
    store.close();
  }, 30_000);
});
