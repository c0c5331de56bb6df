/**
 * Two clinicians on one workstation, one encrypted store: what the server takes out of one user's
 * scope stays for the other (offline, and for CDS), and never shows to the user who lost it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { newMutation, unwrap, type PullOutput } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { LocalStore } from '../store/local-store.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { usersWithPatient } from '../store/user-patients.ts';
import { hostCallerFor } from '../api/testing/host-caller.ts';
import { localSyncStore } from './local-sync-store.ts';

afterAll(removeTempDirs);
const NOW = new Date('2026-11-23T12:00:00Z');
const ADA = { userId: 'u-ada', username: 'dr.ada', role: 'physician' as const, password: 'pw-ada' };
const BEN = { userId: 'u-ben', username: 'rn.ben', role: 'nurse' as const, password: 'pw-ben' };

const page = (changes: PullOutput['changes'], purgePatients: string[], cursor: string): PullOutput =>
  ({ changes, purgePatients: purgePatients as PullOutput['purgePatients'], cursor, hasMore: false, remaining: 0 });

async function sharedStore() {
  const dir = tempDir('lantern-shared-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) })) as LocalStore;
  let signedIn: string | null = null;
  const sync = localSyncStore(store, { userId: () => signedIn, uuid: randomUUID, now: () => NOW });
  const as = async (userId: string, p: PullOutput) => {
    signedIn = userId;
    await sync.applyPullPage(p);
  };
  return { store, as, sync, signInAs: (userId: string | null) => { signedIn = userId; } };
}

const amoxicillinDraft = (patientId: string) => unwrap(buildMedicationOrder({
  id: randomUUID(), patientId, requester: { reference: `Practitioner/${ADA.userId}`, display: 'Dr. Ada' },
  medication: { rxcui: '723', name: 'amoxicillin' }, dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'TID', authoredOn: NOW.toISOString(),
}));

describe('a shared workstation', () => {
  it('one user losing a patient keeps the chart for the other, offline and in CDS; the one who lost it sees nothing of it', async () => {
    const { store, as } = await sharedStore();
    const shared = fixtureChart({ given: 'Shared', family: 'Testcase', mrn: 'MRN000000201', birthDate: '1950-02-02', allergies: 'penicillin' });
    const hers = fixtureChart({ given: 'Hers', family: 'Testcase', mrn: 'MRN000000202', birthDate: '1960-03-03', allergies: 'nka' });
    const sharedChanges = changesFor(shared.resources, { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' });
    await as(ADA.userId, page([...sharedChanges, ...changesFor(hers.resources, { firstSeq: 100, lastUpdated: '2026-11-20T00:00:00Z' })], [], '200'));
    await as(BEN.userId, page(sharedChanges, [], '50'));
    expect(usersWithPatient(store.db, shared.patientId)).toEqual([ADA.userId, BEN.userId]);

    // The server takes the shared patient out of Ben's scope.
    await as(BEN.userId, page([], [shared.patientId], '51'));
    expect(usersWithPatient(store.db, shared.patientId)).toEqual([ADA.userId]);

    // Ada, offline: the chart still opens with its allergy, and CDS still warns on a penicillin.
    const ada = await hostCallerFor(store, { ...ADA, scope: { careTeam: [shared.patientId, hers.patientId], unit: [] } }, NOW);
    const chart = await ada.caller.chart.open({ patientId: shared.patientId });
    expect(chart.summary.allergies.length).toBeGreaterThan(0);
    const cards = await ada.caller.orders.cards({ patientId: shared.patientId, drafts: [amoxicillinDraft(shared.patientId)], hook: 'order-sign', selected: [] });
    expect(cards.map((c) => `${c.summary} ${c.detail ?? ''}`).join(' ')).toMatch(/penicillin|allerg/i);
    expect(ada.audited.map((e) => e.action)).toEqual(['chart-view', 'resource-read']);

    // Ben: nothing of that patient, by search, list, chart or CDS.
    const ben = await hostCallerFor(store, { ...BEN, scope: { careTeam: [], unit: [hers.patientId] } }, NOW);
    expect((await ben.caller.patients.search({ query: 'Testcase' })).map((p) => p.patientId)).toEqual([hers.patientId]);
    expect((await ben.caller.patients.census()).map((p) => p.patientId)).toEqual([hers.patientId]);
    await expect(ben.caller.chart.open({ patientId: shared.patientId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ben.caller.orders.cards({ patientId: shared.patientId, drafts: [amoxicillinDraft(shared.patientId)], hook: 'order-sign', selected: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(ben.audited.filter((e) => e.action === 'access-denied').map((e) => e.patientId)).toEqual([shared.patientId, shared.patientId]);

    // When Ada loses the patient too, nobody on this workstation has it: the chart's PHI goes.
    await as(ADA.userId, page([], [shared.patientId], '201'));
    expect(unwrap(store.getResource(shared.patientId))).toBeNull();
    expect(unwrap(store.getResource(hers.patientId))).not.toBeNull();
    store.close();
  });

  it('with the scope unknown (the scope call failed at sign-in) nothing is listed, searched or opened, and the screen is told why', async () => {
    const { store, as } = await sharedStore();
    const chart = fixtureChart({ given: 'Anyone', family: 'Testcase', mrn: 'MRN000000203', birthDate: '1970-04-04', allergies: 'nka' });
    await as(ADA.userId, page(changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' }), [], '10'));
    const ada = await hostCallerFor(store, { ...ADA, scope: null }, NOW);
    const why = { code: 'FORBIDDEN', message: expect.stringContaining('patient list could not be loaded') };
    await expect(ada.caller.patients.search({ query: 'Testcase' })).rejects.toMatchObject(why);
    await expect(ada.caller.patients.mine()).rejects.toMatchObject(why);
    await expect(ada.caller.chart.open({ patientId: chart.patientId })).rejects.toMatchObject(why);
    await expect(ada.caller.conflicts.list({})).rejects.toMatchObject(why);
    store.close();
  });

  it("counts a user's own queued changes as theirs; another user's queued changes are counted apart and never pushed as this user", async () => {
    const { store, sync, signInAs } = await sharedStore();
    const chart = fixtureChart({ given: 'Queued', family: 'Testcase', mrn: 'MRN000000204', birthDate: '1980-05-05', allergies: 'nka' });
    const queue = (userId: string) => {
      const draft = amoxicillinDraft(chart.patientId);
      const m = unwrap(newMutation({ mutationId: randomUUID(), deviceId: 'dev-shared', userId, patientId: chart.patientId, createdAt: NOW, op: 'create', resource: draft }));
      unwrap(store.applyLocalMutation(m));
    };
    queue(ADA.userId);
    queue(ADA.userId);
    queue(BEN.userId);
    signInAs(BEN.userId);
    expect(await sync.pendingCount()).toBe(3); // what IT sees for the device
    expect(await sync.ownPendingCount?.()).toBe(1);
    expect((await sync.pendingMutations(10)).map((m) => m.userId)).toEqual([BEN.userId]);
    signInAs(ADA.userId);
    expect(await sync.ownPendingCount?.()).toBe(2);
    signInAs(null);
    expect(await sync.ownPendingCount?.()).toBe(0);
    store.close();
  });
});
