/**
 * Alert fatigue across signs and restarts, through the host orders router on a real SQLCipher store:
 * a warning the clinician overrode at sign is not shown to them again for that patient; another
 * clinician still sees it; a critical card always comes back; the suppression survives reopening.
 */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SYSTEM, unwrap, type LanternResource } from '@lantern/core';
import type { Card } from '@lantern/core/cds';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { WritableStore } from '../store/local-store.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { ordersCallerFor } from './testing/orders-caller.ts';
import { CdsSuppressions } from './cds-suppressions.ts';
import { PolicyWindowSuppressions } from '../sync/policy-suppressions.ts';

afterAll(removeTempDirs);

const NOW = new Date('2026-11-23T12:00:00Z');

const PASSWORD = 'test-password';
/** The orders router as the signed-in physician `userId` sees it (testing/orders-caller.ts). */
async function callerFor(store: WritableStore, userId: string) {
  return (await ordersCallerFor(store, { userId, role: 'physician', password: PASSWORD }, NOW)).caller;
}

const med = (patientId: string, rxcui: string, name: string): LanternResource => ({
  resourceType: 'MedicationRequest', id: randomUUID(), status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` },
  medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: rxcui, display: name }], text: name }, authoredOn: '2026-11-20T09:00:00Z',
});

const draftOf = (patientId: string, rxcui: string, name: string) => unwrap(buildMedicationOrder({
  id: randomUUID(), patientId, requester: { reference: 'Practitioner/p-1', display: 'Dr. Test' },
  medication: { rxcui, name }, dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: NOW.toISOString(),
}));

const overlap = (a: string[], b: string[]) => a.filter((k) => b.includes(k));
const rules = (cards: Card[], indicator: Card['indicator']) => cards.filter((c) => c.indicator === indicator).map((c) => c.extension['lantern.suppressionKey']).sort();

it('a warning overridden at sign stays hidden for that clinician and patient (also after reopening); others still see it; critical always returns', async () => {
  const dir = tempDir('lantern-cds-supp-');
  const open = async () => unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  let store = await open();
  const chart = fixtureChart({ given: 'Alerty', family: 'Testcase', mrn: 'MRN000000098', birthDate: '1960-02-02', allergies: 'nka' });
  const patientId = chart.patientId;
  // On warfarin and clarithromycin: ibuprofen gives a warning, simvastatin a critical card.
  unwrap(store.upsertChanges(changesFor([...chart.resources, med(patientId, '11289', 'warfarin'), med(patientId, '21212', 'clarithromycin')], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const drafts = () => [draftOf(patientId, '5640', 'ibuprofen'), draftOf(patientId, '36567', 'simvastatin')];

  const first = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: drafts(), hook: 'order-sign' });
  const warnings = rules(first, 'warning');
  const criticals = rules(first, 'critical');
  expect(warnings.length).toBeGreaterThan(0);
  expect(criticals.length).toBeGreaterThan(0);

  // u-1 signs, overriding every card (the critical one must be; the warning with "will monitor").
  const signDrafts = drafts();
  const shown = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: signDrafts, hook: 'order-sign' });
  const overrides = shown.map((c) => ({ cardUuid: c.uuid, reasonCode: c.overrideReasons[0]?.code ?? '' }));
  const signed = await (await callerFor(store, 'u-1')).sign({ patientId, drafts: signDrafts, overrides, password: PASSWORD });
  expect(signed.overridden).toBe(shown.length);

  // Next evaluation (new drafts, same pairs), on select and on sign: the warning is gone, the critical is back.
  for (const hook of ['order-sign', 'order-select'] as const) {
    const d = drafts();
    const again = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: d, hook, selected: d.map((x) => x.id ?? '') });
    // (The signed orders are now active, so a new duplication warning may appear; the overridden ones must not.)
    expect(overlap(rules(again, 'warning'), warnings)).toEqual([]);
    expect(rules(again, 'critical')).toEqual(criticals);
  }
  // Another clinician was never asked: they see the warning.
  expect(rules(await (await callerFor(store, 'u-2')).cards({ patientId, drafts: drafts(), hook: 'order-sign' }), 'warning')).toEqual(expect.arrayContaining(warnings));

  // Close and reopen the encrypted store: the suppression is still there.
  store.close();
  store = await open();
  const reopened = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: drafts(), hook: 'order-sign' });
  expect(overlap(rules(reopened, 'warning'), warnings)).toEqual([]);
  expect(rules(reopened, 'critical')).toEqual(criticals);
  expect(unwrap(new CdsSuppressions(storeDbOf(store)).listFor('u-1', patientId)).map((s) => s.key)).toEqual(expect.arrayContaining(warnings));

  // A purge of the patient takes the suppressions with the chart.
  unwrap(store.purgePatient(patientId));
  expect(unwrap(new CdsSuppressions(storeDbOf(store)).listFor('u-1', patientId))).toEqual([]);
  store.close();
}, 60_000);

it("the organisation's suppression window decides how long an overridden warning stays quiet, also beyond the engine's 7 days", async () => {
  const dir = tempDir('lantern-cds-window-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Windowy', family: 'Testcase', mrn: 'MRN000000097', birthDate: '1960-02-02', allergies: 'nka' });
  const patientId = chart.patientId;
  unwrap(store.upsertChanges(changesFor([...chart.resources, med(patientId, '11289', 'warfarin')], { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
  const ibuprofen = () => [draftOf(patientId, '5640', 'ibuprofen')];
  const shown = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: ibuprofen(), hook: 'order-sign' });
  const warnings = rules(shown, 'warning');
  expect(warnings.length).toBeGreaterThan(0);
  const d = ibuprofen();
  const cards = await (await callerFor(store, 'u-1')).cards({ patientId, drafts: d, hook: 'order-sign' });
  await (await callerFor(store, 'u-1')).sign({ patientId, drafts: d, overrides: cards.map((c) => ({ cardUuid: c.uuid, reasonCode: c.overrideReasons[0]?.code ?? '' })), password: PASSWORD });

  const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
  const warningsAt = async (at: Date, policyHours: number | null) => {
    const suppressions = new PolicyWindowSuppressions(storeDbOf(store), () => policyHours, () => at);
    const { caller } = await ordersCallerFor(store, { userId: 'u-1', role: 'physician', password: PASSWORD }, at, suppressions);
    return overlap(rules(await caller.cards({ patientId, drafts: ibuprofen(), hook: 'order-sign' }), 'warning'), warnings);
  };
  // No policy: the engine's 7 days. Quiet after 6 days, back after 10.
  expect(await warningsAt(days(6), null)).toEqual([]);
  expect(await warningsAt(days(10), null)).toEqual(warnings);
  // A 14-day policy keeps it quiet at day 10 (the engine's default alone would not), and not at day 15.
  expect(await warningsAt(days(10), 14 * 24)).toEqual([]);
  expect(await warningsAt(days(15), 14 * 24)).toEqual(warnings);
  // A 2-day policy brings it back at day 3; 0 hours hides nothing.
  expect(await warningsAt(days(3), 48)).toEqual(warnings);
  expect(await warningsAt(days(1), 0)).toEqual(warnings);
  store.close();
}, 60_000);
