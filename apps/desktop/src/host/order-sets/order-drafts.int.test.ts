/**
 * Unsigned orders survive a restart: the draft basket is kept per (user, patient) in the real
 * encrypted store, comes back after the store is closed and reopened with its key, is never shown
 * to another user of the workstation, never goes back to an older revision, refuses an order that
 * is not a draft for this patient, and goes with the patient when the patient is purged.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unwrap } from '@lantern/core';
import { buildServiceOrder, defaultOrderSets, orderSetDrafts, preCheckedItems } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { OrderDrafts } from './order-drafts.ts';

afterAll(removeTempDirs);

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4c';
const requester = { reference: 'Practitioner/p-1', display: 'Dr. Test' };
let n = 0;
const sepsis = () => {
  const set = defaultOrderSets().find((s) => s.id === 'sepsis-bundle');
  if (set === undefined) throw new Error('no sepsis bundle');
  return unwrap(orderSetDrafts(set, preCheckedItems(set), { patientId: PATIENT, requester, now: '2026-11-23T12:00:00Z', newId: () => `0d0d0d0d-0d0d-4d0d-8d0d-${String(++n).padStart(12, '0')}` }));
};

describe('the order draft basket in the encrypted store', () => {
  it('comes back after a restart for the same clinician and patient, and only for them', async () => {
    const dir = tempDir('lantern-order-drafts-');
    const open = async () => unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
    const drafts = sepsis();
    let store = await open();
    let basket = new OrderDrafts(storeDbOf(store), () => new Date('2026-11-23T12:00:00Z'));
    expect(unwrap(basket.save('u-doc', { patientId: PATIENT, drafts, revision: 3 })).saved).toBe(true);
    // A stale save from before (an older tab, a slow request) does not overwrite it.
    expect(unwrap(basket.save('u-doc', { patientId: PATIENT, drafts: drafts.slice(0, 1), revision: 2 })).saved).toBe(false);
    store.close();

    store = await open();
    basket = new OrderDrafts(storeDbOf(store));
    const back = unwrap(basket.get('u-doc', PATIENT));
    expect(back?.drafts.map((d) => d.id)).toEqual(drafts.map((d) => d.id));
    expect(back?.revision).toBe(3);
    expect(unwrap(basket.get('u-other', PATIENT))).toBeNull();
    expect(unwrap(basket.get('u-doc', OTHER))).toBeNull();

    expect(unwrap(basket.discard('u-doc', PATIENT))).toBe(true);
    expect(unwrap(basket.get('u-doc', PATIENT))).toBeNull();
    store.close();
  }, 60_000);

  it('refuses orders that are not drafts for this patient, and purges with the patient', async () => {
    const dir = tempDir('lantern-order-drafts-');
    const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
    const basket = new OrderDrafts(storeDbOf(store));
    const cbc = unwrap(buildServiceOrder({ id: '0d0d0d0d-0d0d-4d0d-8d0d-0000000000aa', patientId: OTHER, requester, loinc: '58410-2', authoredOn: '2026-11-23T12:00:00Z' }));
    const wrongPatient = basket.save('u-doc', { patientId: PATIENT, drafts: [cbc], revision: 1 });
    expect(wrongPatient.ok ? null : wrongPatient.error.code).toBe('BAD_INPUT');
    const signed = basket.save('u-doc', { patientId: OTHER, drafts: [{ ...cbc, status: 'active' }], revision: 1 });
    expect(signed.ok ? null : signed.error.code).toBe('BAD_INPUT');

    unwrap(basket.save('u-doc', { patientId: PATIENT, drafts: sepsis(), revision: 1 }));
    unwrap(basket.save('u-other', { patientId: PATIENT, drafts: sepsis(), revision: 1 }));
    expect(unwrap(basket.purgePatient(PATIENT))).toBe(2);
    expect(unwrap(basket.get('u-doc', PATIENT))).toBeNull();
    // The store's own purge (the patient left scope in sync.pull) takes the baskets with the chart.
    unwrap(basket.save('u-doc', { patientId: PATIENT, drafts: sepsis(), revision: 2 }));
    unwrap(store.purgePatient(PATIENT));
    expect(unwrap(basket.get('u-doc', PATIENT))).toBeNull();
    store.close();
  }, 60_000);
});
