/**
 * Must show (local half): simvastatin for a patient on clarithromycin gives a critical card that
 * blocks signing until a reason is given; the override is in the local audit chain for the next sync.
 */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SYSTEM, unwrap, type LanternResource } from '@lantern/core';
import { buildMedicationOrder, prepareSign } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { patientContextFromStore } from './patient-context.ts';
import { signOrderSet } from './sign-order-set.ts';

afterAll(removeTempDirs);

it('simvastatin + clarithromycin: blocked without a reason; signed with one; override and order-sign audited; orders queued', async () => {
  const dir = tempDir('lantern-orders-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Ordy', family: 'Testcase', mrn: 'MRN000000099', birthDate: '1960-02-02', allergies: 'nka' });
  const clari: LanternResource = {
    resourceType: 'MedicationRequest', id: randomUUID(), status: 'active', intent: 'order', subject: { reference: `Patient/${chart.patientId}` },
    medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: '21212', display: 'clarithromycin' }], text: 'clarithromycin' }, authoredOn: '2026-11-20T09:00:00Z',
  };
  unwrap(store.upsertChanges(changesFor([...chart.resources, clari], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const now = new Date('2026-11-23T12:00:00Z');
  const context = unwrap(patientContextFromStore(store, chart.patientId, now));
  expect(context.activeMedications.map((m) => m.medicationCodeableConcept?.coding?.[0]?.code)).toContain('21212');
  expect(context.weightKg).toBe(78);
  const draft = unwrap(buildMedicationOrder({
    id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui: '36567', name: 'simvastatin' }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: now.toISOString(),
  }));
  const base = { store, patientId: chart.patientId, drafts: [draft], userId: 'u-1', deviceId: 'ws-1', now, uuid: { uuid: randomUUID } };
  const blocked = signOrderSet({ ...base, overrides: [] });
  expect(!blocked.ok && blocked.error.code).toBe('PRECONDITION_REQUIRED');
  expect(unwrap(store.outboxSize())).toBe(0);

  const cards = unwrap(prepareSign([draft], { context, now: now.toISOString(), userId: 'u-1', deviceId: 'ws-1' }));
  const critical = cards.filter((c) => c.indicator === 'critical');
  expect(critical.length).toBeGreaterThan(0);
  const signed = unwrap(signOrderSet({ ...base, overrides: critical.map((c) => ({ cardUuid: c.uuid, reasonCode: 'benefit-outweighs-risk', comment: 'short course' })) }));
  expect(signed.orders[0]?.status).toBe('active');
  expect(unwrap(store.peekOutbox(10)).map((e) => [e.mutation.resourceType, e.mutation.op])).toEqual([['MedicationRequest', 'create']]);
  const audit = unwrap(store.listUnsentAudit(20));
  const override = audit.find((e) => e.action === 'cds-override');
  expect(override?.reason).toBe('Benefit outweighs risk: short course');
  expect(audit.some((e) => e.action === 'order-sign')).toBe(true);
  store.close();
});
