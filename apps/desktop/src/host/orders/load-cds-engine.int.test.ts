/**
 * The orders procedures that need the CDS engine answer as before now that it loads on first use:
 * calls that arrive together share one load, and the cards, drug search and knowledge-base status
 * come from it on a real SQLCipher store.
 */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap } from '@lantern/core';
import { KB_VERSION } from '@lantern/core/cds';
import { buildMedicationOrder } from '@lantern/core/orders';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { changesFor } from '../store/seed-changes.ts';
import { fixtureChart } from '../store/testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { ordersCallerFor } from './testing/orders-caller.ts';
import { loadCdsEngine, warmCdsEngine } from './load-cds-engine.ts';
import { KB_VERSION as HOST_KB_VERSION } from '../serve/kb-version.ts';

afterAll(removeTempDirs);
const NOW = new Date('2026-11-23T12:00:00Z');

it('one load is shared by the calls that wait for it', async () => {
  const a = loadCdsEngine();
  const b = loadCdsEngine();
  expect(a).toBe(b);
  expect((await a).defaultKnowledgeBase().version).toBe(KB_VERSION);
  await warmCdsEngine();
  expect(loadCdsEngine()).toBe(a);
  // The version the host reports on sync is core's (the build inlines the same constant).
  expect(HOST_KB_VERSION).toBe(KB_VERSION);
});

it('cards, drug search and the knowledge-base status answer through the lazily loaded engine', async () => {
  const dir = tempDir('lantern-lazy-cds-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  try {
    const chart = fixtureChart({ given: 'Lazlo', family: 'Testcase', mrn: 'MRN000000311', birthDate: '1960-04-04', allergies: 'penicillin' });
    unwrap(store.upsertChanges(changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2026-11-20T00:00:00Z' })));
    const { caller } = await ordersCallerFor(store, { userId: 'u-1', role: 'physician', password: 'pw' }, NOW);
    const draft = unwrap(buildMedicationOrder({
      id: randomUUID(), patientId: chart.patientId, requester: { reference: 'Practitioner/u-1', display: 'Dr. Test' },
      medication: { rxcui: '723', name: 'amoxicillin' }, dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'TID', authoredOn: NOW.toISOString(),
    }));
    const [sign, select, drugs, kb] = await Promise.all([
      caller.cards({ patientId: chart.patientId, drafts: [draft], hook: 'order-sign' }),
      caller.cards({ patientId: chart.patientId, drafts: [draft], hook: 'order-select', selected: [draft.id ?? ''] }),
      caller.searchDrugs({ query: 'amoxi' }),
      caller.knowledgeBase(),
    ]);
    expect(sign.some((c) => c.indicator === 'critical' && /penicillin|amoxicillin/i.test(c.summary))).toBe(true);
    expect(select.length).toBeGreaterThan(0);
    expect(drugs.some((d) => /amoxicillin/i.test(JSON.stringify(d)))).toBe(true);
    expect(kb).toMatchObject({ version: KB_VERSION });
    // Errors are the same as before: a draft for another patient is refused before the engine is asked.
    await expect(caller.cards({ patientId: randomUUID(), drafts: [draft], hook: 'order-sign' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  } finally {
    store.close();
  }
}, 30_000);
