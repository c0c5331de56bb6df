/** A dose change or a re-activation as a draft of the same order, read from a real store: nothing is queued until it is signed. */
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
import { changeDraft } from './change-dose.ts';

afterAll(removeTempDirs);

it('a new dose is a draft of the same order with the sig text following; on-hold -> draft to re-activate; stopped orders refused; nothing queued', async () => {
  const dir = tempDir('lantern-dose-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Dosey', family: 'Testcase', mrn: 'MRN000000098', birthDate: '1970-03-03', allergies: 'nka' });
  const order = { ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '29046', name: 'lisinopril' }, dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD', authoredOn: '2026-11-20T09:00:00Z',
  })), status: 'active' as const };
  const held: MedicationRequest = { ...order, id: randomUUID(), status: 'on-hold', statusReason: { text: 'procedure' } };
  const stopped: MedicationRequest = { ...order, id: randomUUID(), status: 'stopped' };
  unwrap(store.upsertChanges(changesFor([...chart.resources, order, held, stopped], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));

  const { before, draft } = unwrap(changeDraft(store, chart.patientId, order.id ?? '', { kind: 'dose', dose: 20 }));
  expect(before.meta?.versionId).toBe('1');
  expect(draft).toMatchObject({ id: order.id, status: 'draft', meta: { versionId: '1' } });
  expect(draft.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(20);
  expect(draft.dosageInstruction?.[0]?.text).toContain('20 mg');
  expect(draft.dosageInstruction?.[0]?.text).not.toContain('10 mg');

  const again = unwrap(changeDraft(store, chart.patientId, held.id ?? '', { kind: 'reactivate' }));
  expect(again.draft).toMatchObject({ id: held.id, status: 'draft' });
  expect(again.draft.statusReason).toBeUndefined();
  const notHeld = changeDraft(store, chart.patientId, order.id ?? '', { kind: 'reactivate' });
  expect(!notHeld.ok && notHeld.error.code).toBe('CONFLICT');

  const refused = changeDraft(store, chart.patientId, stopped.id ?? '', { kind: 'dose', dose: 20 });
  expect(!refused.ok && refused.error.code).toBe('CONFLICT');
  const elsewhere = changeDraft(store, randomUUID(), order.id ?? '', { kind: 'dose', dose: 20 });
  expect(!elsewhere.ok && elsewhere.error.code).toBe('NOT_FOUND');
  expect(unwrap(store.outboxSize())).toBe(0);
  store.close();
});
