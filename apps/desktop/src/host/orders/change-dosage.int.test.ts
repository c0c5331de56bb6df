/**
 * A route or frequency change goes through the same sign flow as a new order, on a real SQLCipher
 * store through the host orders router: methotrexate 7.5 mg weekly changed to daily shows the
 * critical frequency card, is refused without an override reason, and once signed with a reason
 * and the password is queued as an update whose timing and sig both say daily; a route change is
 * queued as a route change; a nurse is refused.
 */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type LanternResource, type MedicationRequest } from '@lantern/core';
import { buildMedicationOrder, medicationChange, readCdsOverrides } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { WritableStore } from '../store/local-store.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { ordersCallerFor } from './testing/orders-caller.ts';

afterAll(removeTempDirs);

const NOW = new Date('2026-11-23T12:00:00Z');
const PASSWORD = 'correct horse battery';

const methotrexate = (patientId: string): MedicationRequest => ({
  ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '6851', name: 'methotrexate' }, dose: { value: 7.5, unit: 'mg' }, route: 'oral', frequency: 'QWK', authoredOn: '2026-11-20T09:00:00Z',
  })),
  status: 'active',
});

async function chart(prefix: string): Promise<{ store: WritableStore; patientId: string; order: LanternResource }> {
  const dir = tempDir(prefix);
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const c = fixtureChart({ given: 'Weekly', family: 'Testcase', mrn: 'MRN000000092', birthDate: '1961-03-03', allergies: 'nka' });
  const order = methotrexate(c.patientId);
  unwrap(store.upsertChanges(changesFor([...c.resources, order], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  return { store, patientId: c.patientId, order };
}

const codeOf = (e: unknown): string | undefined => (e as { cause?: { code?: string } }).cause?.code;

it('methotrexate weekly -> daily: the critical frequency card, refused without a reason, signed with one and queued as a frequency change', async () => {
  const { store, patientId, order } = await chart('lantern-freq-');
  const orderId = order.id ?? '';
  const { caller } = await ordersCallerFor(store, { userId: 'u-doc', role: 'physician', password: PASSWORD }, NOW);
  const change = { kind: 'dosage' as const, frequency: 'QD' as const };

  const preview = await caller.previewChange({ patientId, orderId, change });
  expect(preview.order.dosageInstruction?.[0]?.text).toBe('7.5 mg oral once daily');
  const critical = preview.cards.filter((c) => c.indicator === 'critical');
  expect(critical.map((c) => c.summary).join(' ').toLowerCase()).toContain('methotrexate');
  // Not a hard stop: the clinician may sign it with a reason.
  expect(preview.canSign).toBe(true);
  expect(critical.every((c) => c.overrideReasons.length > 0)).toBe(true);

  const refused = await caller.signChange({ patientId, orderId, change, overrides: [], password: PASSWORD }).catch((e: unknown) => e);
  expect(codeOf(refused)).toBe('PRECONDITION_REQUIRED');
  expect(unwrap(store.outboxSize())).toBe(0);

  const overrides = critical.map((c) => ({ cardUuid: c.uuid, reasonCode: c.overrideReasons[0]?.code ?? '' }));
  const signed = await caller.signChange({ patientId, orderId, change, overrides, password: PASSWORD });
  expect(signed.text).toBe('7.5 mg oral once daily');
  const [entry] = unwrap(store.peekOutbox(10));
  expect(entry?.mutation).toMatchObject({ op: 'update', resourceId: orderId, baseVersion: '1', resource: { status: 'active' } });
  const queued = entry?.mutation.resource;
  expect(medicationChange(order, queued)).toEqual(['frequency']);
  expect(readCdsOverrides(queued).length).toBe(critical.length);
  store.close();
}, 60_000);

it('a route change is checked and queued as a route change; a nurse is never allowed one', async () => {
  const { store, patientId, order } = await chart('lantern-route-');
  const orderId = order.id ?? '';
  const nurse = await ordersCallerFor(store, { userId: 'u-rn', role: 'nurse', password: PASSWORD }, NOW);
  for (const change of [{ kind: 'dosage' as const, route: 'subcut' as const }, { kind: 'dosage' as const, frequency: 'QD' as const }]) {
    expect(codeOf(await nurse.caller.previewChange({ patientId, orderId, change }).catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(codeOf(await nurse.caller.signChange({ patientId, orderId, change, overrides: [], password: PASSWORD }).catch((e: unknown) => e))).toBe('FORBIDDEN');
  }
  expect(unwrap(store.outboxSize())).toBe(0);

  const { caller } = await ordersCallerFor(store, { userId: 'u-doc', role: 'physician', password: PASSWORD }, NOW);
  const change = { kind: 'dosage' as const, route: 'subcut' as const };
  const preview = await caller.previewChange({ patientId, orderId, change });
  const overrides = preview.cards.filter((c) => c.indicator === 'critical').map((c) => ({ cardUuid: c.uuid, reasonCode: c.overrideReasons[0]?.code ?? '' }));
  const signed = await caller.signChange({ patientId, orderId, change, overrides, password: PASSWORD });
  expect(signed.text).toBe('7.5 mg subcut once weekly');
  const [entry] = unwrap(store.peekOutbox(10));
  expect(medicationChange(order, entry?.mutation.resource)).toEqual(['route']);
  store.close();
}, 60_000);
