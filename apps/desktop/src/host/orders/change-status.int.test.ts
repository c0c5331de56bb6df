/** Order status offline: core's machine decides, a stop needs a reason, the new status is queued as an update. */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { changeOrderStatus } from './change-status.ts';

afterAll(removeTempDirs);

it('stop needs a reason; stopped is queued as an update with the reason; a stopped order cannot be restarted', async () => {
  const dir = tempDir('lantern-status-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Statusy', family: 'Testcase', mrn: 'MRN000000097', birthDate: '1965-04-04', allergies: 'nka' });
  const order = { ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: '2026-11-20T09:00:00Z',
  })), status: 'active' as const };
  unwrap(store.upsertChanges(changesFor([...chart.resources, order], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const base = { store, patientId: chart.patientId, orderId: order.id ?? '', userId: 'u-1', deviceId: 'ws-1', now: new Date('2026-11-23T12:00:00Z'), uuid: randomUUID };

  const noReason = changeOrderStatus({ ...base, to: 'stopped' });
  expect(!noReason.ok && noReason.error.code).toBe('BAD_INPUT');
  expect(unwrap(store.outboxSize())).toBe(0);

  const stopped = unwrap(changeOrderStatus({ ...base, to: 'stopped', reason: 'myalgia' }));
  expect(stopped.status).toBe('stopped');
  const [entry] = unwrap(store.peekOutbox(10));
  expect(entry?.mutation).toMatchObject({ op: 'update', resourceId: order.id, resource: { status: 'stopped', statusReason: { text: 'myalgia' } } });

  const restart = changeOrderStatus({ ...base, to: 'active' });
  expect(!restart.ok && restart.error.code).toBe('CONFLICT');
  store.close();
});
