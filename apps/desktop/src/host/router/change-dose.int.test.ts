/** Changing a dose offline: an update on the version this store holds, with the sig text following the new dose; stopped orders refused. */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type MedicationRequest } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { changeDose } from './change-dose.ts';

afterAll(removeTempDirs);

it('queues an update based on the held server version; the dose and its text change; a stopped order is refused', async () => {
  const dir = tempDir('lantern-dose-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Dosey', family: 'Testcase', mrn: 'MRN000000098', birthDate: '1970-03-03', allergies: 'nka' });
  const order = { ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '29046', name: 'lisinopril' }, dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD', authoredOn: '2026-11-20T09:00:00Z',
  })), status: 'active' as const };
  const stopped: MedicationRequest = { ...order, id: randomUUID(), status: 'stopped' };
  unwrap(store.upsertChanges(changesFor([...chart.resources, order, stopped], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const base = { store, patientId: chart.patientId, userId: 'u-1', deviceId: 'ws-1', now: new Date('2026-11-23T12:00:00Z'), uuid: randomUUID };

  const updated = unwrap(changeDose({ ...base, orderId: order.id ?? '', dose: 20 }));
  expect(updated.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(20);
  expect(updated.dosageInstruction?.[0]?.text).toContain('20 mg');
  expect(updated.dosageInstruction?.[0]?.text).not.toContain('10 mg');
  const [entry] = unwrap(store.peekOutbox(10));
  expect(entry?.mutation).toMatchObject({ op: 'update', resourceType: 'MedicationRequest', resourceId: order.id });
  expect(entry?.mutation.baseVersion).not.toBeNull();

  const refused = changeDose({ ...base, orderId: stopped.id ?? '', dose: 20 });
  expect(!refused.ok && refused.error.code).toBe('CONFLICT');
  expect(unwrap(store.outboxSize())).toBe(1);
  store.close();
});
