/**
 * One sign flow for every medication change, through the host orders router on a real SQLCipher
 * store: a dose change to 100x the maximum is a hard stop (nothing queued, whatever reason is given);
 * re-activating simvastatin beside clarithromycin needs an override reason and the password, and is
 * queued as an update carrying the override; a wrong password queues nothing; a nurse is refused;
 * a medication draft without a dose cannot be signed.
 */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type LanternResource, type MedicationRequest } from '@lantern/core';
import { isHardStop } from '@lantern/core/cds';
import { CDS_OVERRIDE_EXTENSION_URL, buildMedicationOrder, readCdsOverrides } from '@lantern/core/orders';
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
const physician = { userId: 'u-doc', role: 'physician' as const, password: PASSWORD };

const order = (patientId: string, rxcui: string, name: string, dose: number, frequency: 'QD' | 'HS' | 'BID', status: MedicationRequest['status']): MedicationRequest => ({
  ...unwrap(buildMedicationOrder({
    id: randomUUID(), patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
    medication: { rxcui, name }, dose: { value: dose, unit: 'mg' }, route: 'oral', frequency, authoredOn: '2026-11-20T09:00:00Z',
  })),
  status,
});

async function chartWith(prefix: string, meds: (patientId: string) => LanternResource[]): Promise<{ store: WritableStore; patientId: string; meds: LanternResource[] }> {
  const dir = tempDir(prefix);
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Medsy', family: 'Testcase', mrn: 'MRN000000091', birthDate: '1958-05-05', allergies: 'nka' });
  const list = meds(chart.patientId);
  unwrap(store.upsertChanges(changesFor([...chart.resources, ...list], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  return { store, patientId: chart.patientId, meds: list };
}

const codeOf = (e: unknown): string | undefined => (e as { cause?: { code?: string } }).cause?.code;

it('amlodipine 5 mg -> 1000 mg (100x the 10 mg maximum): a hard stop the preview shows; signing is refused with any reason; nothing queued', async () => {
  const { store, patientId, meds } = await chartWith('lantern-hardstop-', (p) => [order(p, '17767', 'amlodipine', 5, 'QD', 'active')]);
  const orderId = meds[0]?.id ?? '';
  const { caller } = await ordersCallerFor(store, physician, NOW);
  const change = { kind: 'dose' as const, dose: 1000 };

  const preview = await caller.previewChange({ patientId, orderId, change });
  expect(preview.order.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(1000);
  const stops = preview.cards.filter(isHardStop);
  expect(stops.length).toBeGreaterThan(0);
  expect(stops[0]?.overrideReasons).toEqual([]);
  expect(preview.canSign).toBe(false);
  expect(preview.refusals.map((r) => r.path).join(' ')).toContain('doseQuantity');

  // Every reason any card offers, and the right password: still refused.
  const overrides = preview.cards.flatMap((c) => (c.overrideReasons[0] === undefined ? [{ cardUuid: c.uuid, reasonCode: 'benefit-outweighs-risk' }] : [{ cardUuid: c.uuid, reasonCode: c.overrideReasons[0].code }]));
  const refused = await caller.signChange({ patientId, orderId, change, overrides, password: PASSWORD }).catch((e: unknown) => e);
  expect(codeOf(refused)).toBe('BAD_INPUT');
  expect(unwrap(store.outboxSize())).toBe(0);
  expect(unwrap(store.getResource(orderId))).toMatchObject({ status: 'active', dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 5 } }] }] });

  // A sane new dose goes through the same flow and is queued as an update on the held version.
  const ok = await caller.signChange({ patientId, orderId, change: { kind: 'dose', dose: 10 }, overrides: [], password: PASSWORD });
  expect(ok.text).toContain('10 mg');
  const [entry] = unwrap(store.peekOutbox(10));
  expect(entry?.mutation).toMatchObject({ op: 'update', resourceId: orderId, baseVersion: '1', resource: { status: 'active' } });
  expect(unwrap(store.listUnsentAudit(20)).some((e) => e.action === 'order-sign' && e.resourceId === orderId)).toBe(true);
  store.close();
}, 60_000);

it('simvastatin on hold beside clarithromycin: re-activation needs a reason and the password; signed, it is queued as an update carrying the override', async () => {
  const { store, patientId, meds } = await chartWith('lantern-reactivate-', (p) => [order(p, '21212', 'clarithromycin', 500, 'BID', 'active'), order(p, '36567', 'simvastatin', 20, 'HS', 'on-hold')]);
  const orderId = meds[1]?.id ?? '';
  const { caller, audited } = await ordersCallerFor(store, physician, NOW);
  const change = { kind: 'reactivate' as const };

  // The status screen cannot make it active behind the sign flow's back.
  const direct = await caller.setStatus({ patientId, orderId, to: 'active' }).catch((e: unknown) => e);
  expect(codeOf(direct)).toBe('PRECONDITION_REQUIRED');

  const preview = await caller.previewChange({ patientId, orderId, change });
  const critical = preview.cards.filter((c) => c.indicator === 'critical' && !isHardStop(c));
  expect(critical.map((c) => c.summary).join(' ')).toMatch(/clarithromycin/i);
  expect(preview.canSign).toBe(true);

  const noReason = await caller.signChange({ patientId, orderId, change, overrides: [], password: PASSWORD }).catch((e: unknown) => e);
  expect(codeOf(noReason)).toBe('PRECONDITION_REQUIRED');
  const overrides = critical.map((c) => ({ cardUuid: c.uuid, reasonCode: 'benefit-outweighs-risk', comment: 'short course' }));
  const wrong = await caller.signChange({ patientId, orderId, change, overrides, password: 'not the password' }).catch((e: unknown) => e);
  expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
  expect(audited.map((a) => a.action)).toEqual(['login-failed']);
  expect(unwrap(store.outboxSize())).toBe(0);

  const signed = await caller.signChange({ patientId, orderId, change, overrides, password: PASSWORD });
  expect(signed).toMatchObject({ orderId, status: 'active', overridden: critical.length });
  const [entry] = unwrap(store.peekOutbox(10));
  expect(entry?.mutation).toMatchObject({ op: 'update', resourceType: 'MedicationRequest', resourceId: orderId, baseVersion: '1', resource: { status: 'active' } });
  const sent = entry?.mutation.resource as unknown as MedicationRequest;
  expect(JSON.stringify(sent.extension ?? [])).toContain(CDS_OVERRIDE_EXTENSION_URL);
  expect(readCdsOverrides(sent).map((o) => [o.card, o.reason, o.author])).toEqual(critical.map((c) => [c.uuid, 'benefit-outweighs-risk', physician.userId]));
  const audit = unwrap(store.listUnsentAudit(20));
  expect(audit.filter((e) => e.action === 'cds-override').map((e) => e.reason)).toContain('Benefit outweighs risk: short course');
  store.close();
}, 60_000);

it('a nurse may not change a dose, re-activate, sign or stop an order: FORBIDDEN, nothing queued', async () => {
  const { store, patientId, meds } = await chartWith('lantern-nurse-', (p) => [order(p, '17767', 'amlodipine', 5, 'QD', 'active'), order(p, '36567', 'simvastatin', 20, 'HS', 'on-hold')]);
  const { caller } = await ordersCallerFor(store, { userId: 'u-rn', role: 'nurse', password: PASSWORD }, NOW);
  const attempts = [
    caller.previewChange({ patientId, orderId: meds[0]?.id ?? '', change: { kind: 'dose', dose: 10 } }),
    caller.signChange({ patientId, orderId: meds[0]?.id ?? '', change: { kind: 'dose', dose: 10 }, overrides: [], password: PASSWORD }),
    caller.signChange({ patientId, orderId: meds[1]?.id ?? '', change: { kind: 'reactivate' }, overrides: [], password: PASSWORD }),
    caller.sign({ patientId, drafts: [{ ...order(patientId, '17767', 'amlodipine', 5, 'QD', 'draft') }], overrides: [], password: PASSWORD }),
    // Stopping is the prescriber's decision too (core policy's field-level decision on the status change).
    caller.setStatus({ patientId, orderId: meds[0]?.id ?? '', to: 'stopped', reason: 'nurse stop' }),
  ];
  for (const a of attempts) expect(codeOf(await a.catch((e: unknown) => e))).toBe('FORBIDDEN');
  expect(unwrap(store.outboxSize())).toBe(0);
  store.close();
}, 60_000);

it('a new medication draft without dose, route and frequency cannot be signed (BAD_INPUT naming the fields); with them and the password it can', async () => {
  const { store, patientId } = await chartWith('lantern-incomplete-', () => []);
  const { caller } = await ordersCallerFor(store, physician, NOW);
  const { dosageInstruction: _d, ...bare } = order(patientId, '161', 'acetaminophen', 500, 'QD', 'draft');
  const refused = await caller.sign({ patientId, drafts: [bare], overrides: [], password: PASSWORD }).catch((e: unknown) => e);
  expect(codeOf(refused)).toBe('BAD_INPUT');
  const issues = (refused as { cause?: { issues?: { path: string }[] } }).cause?.issues?.map((i) => i.path).join(' ') ?? '';
  expect(issues).toContain('doseQuantity');
  expect(issues).toContain('route');
  expect(issues).toContain('timing');
  expect(unwrap(store.outboxSize())).toBe(0);

  const wrong = await caller.sign({ patientId, drafts: [order(patientId, '161', 'acetaminophen', 500, 'QD', 'draft')], overrides: [], password: 'nope' }).catch((e: unknown) => e);
  expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
  const signed = await caller.sign({ patientId, drafts: [order(patientId, '161', 'acetaminophen', 500, 'QD', 'draft')], overrides: [], password: PASSWORD });
  expect(signed.orderIds).toHaveLength(1);
  expect(unwrap(store.peekOutbox(10)).map((e) => e.mutation.op)).toEqual(['create']);
  store.close();
}, 60_000);

it('the knowledge base is current through its review-by date and stale after it, by the host clock', async () => {
  const { store } = await chartWith('lantern-kb-', () => []);
  const current = await (await ordersCallerFor(store, physician, NOW)).caller.knowledgeBase();
  expect(current.version).not.toBe('');
  const onTheDay = await (await ordersCallerFor(store, physician, new Date(`${current.reviewBy}T12:00:00Z`))).caller.knowledgeBase();
  expect(onTheDay.stale).toBe(false);
  const dayAfter = new Date(Date.parse(`${current.reviewBy}T12:00:00Z`) + 24 * 3600 * 1000);
  const past = await (await ordersCallerFor(store, physician, dayAfter)).caller.knowledgeBase();
  expect(past).toEqual({ version: current.version, reviewBy: current.reviewBy, stale: true });
  store.close();
}, 60_000);
