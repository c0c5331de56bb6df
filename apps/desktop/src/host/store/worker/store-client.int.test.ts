import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unwrap } from '@lantern/core';
import { openStore } from '../open-store.ts';
import { explicitKeyProvider, randomKey } from '../key/key-provider.ts';
import { changesFor } from '../seed-changes.ts';
import { fixtureChart } from '../testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from '../testing/temp-dir.ts';
import { StoreClient } from './store-client.ts';
import { readKeyFile } from '../key/key-file.ts';
import type { WritableStore } from '../local-store.ts';

const key = randomKey();
let path: string;
let patientId: string;
let client: StoreClient<WritableStore>;

beforeAll(async () => {
  path = join(tempDir(), 'chart.db');
  const s = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key) }));
  const chart = fixtureChart({ given: 'Xanthe', family: 'Mordecai', mrn: 'MRN000000059', birthDate: '1966-06-06', allergies: 'penicillin' });
  patientId = chart.patientId;
  unwrap(s.upsertChanges(changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2025-01-01T00:00:00Z' })));
  s.close();
  client = unwrap(await StoreClient.open({ path, key: { kind: 'explicit', key }, diagnostics: true, now: new Date('2025-06-01T00:00:00Z') }));
});
afterAll(async () => {
  await client.close();
  removeTempDirs();
});

describe('StoreClient (store in a worker thread)', () => {
  it('opens a chart through the worker', async () => {
    const chart = unwrap(await client.call('openChart', patientId));
    expect(chart.summary.banner).toMatchObject({ name: 'Xanthe Mordecai', ageYears: 58, allergyStatus: 'has-allergies' });
    expect(unwrap(await client.call('searchPatients', 'mord', 5)).map((h) => h.patientId)).toEqual([patientId]);
  });

  it('rejects bad arguments at the boundary with the field named, and errors carry no stack', async () => {
    const r = await client.call('openChart', 'not-a-uuid');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.issues[0]?.path).toBe('0');
      expect(JSON.stringify(r.error.toJSON())).not.toMatch(/at .*\.ts:\d+/);
    }
    const missing = await client.call('openChart', '00000000-0000-4000-8000-000000000000');
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('answers concurrent calls each with its own result', async () => {
    const [a, b, c] = await Promise.all([client.call('latestVitals', patientId), client.call('getCursor'), client.call('outboxSize')]);
    expect(unwrap(a)).toHaveLength(3);
    expect(unwrap(b)).toBeNull();
    expect(unwrap(c)).toBe(0);
  });

  it('a slow query in the worker does not block the main thread', async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    const busy = unwrap(await client.diagnosticBusyQuery(5_000_000));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(busy).toBe(5_000_000);
    expect(elapsed).toBeGreaterThan(200); // the query really was slow...
    // ...and the main thread kept ticking all through it. Had the query run on this thread there
    // would be one gap as long as the query and no ticks at all. (Bounds allow for 2 busy cores.)
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] ?? t));
    expect(ticks.length).toBeGreaterThan(elapsed / 5 / 4);
    expect(Math.max(...gaps)).toBeLessThan(elapsed / 2);
  });

  it('a read-only client reads charts and its connection refuses writes', async () => {
    const ro = unwrap(await StoreClient.open({ path, key: { kind: 'explicit', key }, readonly: true }));
    expect(unwrap(await ro.call('banner', patientId)).mrn).toBe('MRN000000059');
    // `setCursor` is not a method of StoreClient<ReadableStore>; force it to show SQLite refuses too.
    const forced = await (ro as unknown as StoreClient<WritableStore>).call('setCursor', '5');
    expect(forced.ok ? 'ok' : forced.error.code).toBe('FORBIDDEN');
    await ro.close();
  });

  it('rotates a key-file store through the worker: afterwards only the new key opens it', async () => {
    const dir = tempDir();
    const keyFile = join(dir, 'store.key');
    const db = join(dir, 'rotate.db');
    const c = unwrap(await StoreClient.open({ path: db, key: { kind: 'file', path: keyFile, createIfMissing: true } }));
    const oldKey = unwrap(readKeyFile(keyFile));
    unwrap(await c.call('setCursor', '42'));
    unwrap(await c.rotateKey());
    await c.close();
    expect(unwrap(readKeyFile(keyFile))).not.toEqual(oldKey);
    const stale = await StoreClient.open({ path: db, key: { kind: 'explicit', key: oldKey } });
    expect(stale.ok ? 'ok' : stale.error.code).toBe('STORE_KEY_INVALID');
    const fresh = unwrap(await StoreClient.open({ path: db, key: { kind: 'file', path: keyFile } }));
    expect(unwrap(await fresh.call('getCursor'))).toBe('42');
    await fresh.close();
  });

  it('a wrong key fails to open with STORE_KEY_INVALID and the worker exits', async () => {
    const r = await StoreClient.open({ path, key: { kind: 'explicit', key: randomKey() }, readonly: true });
    expect(r.ok ? 'ok' : r.error.code).toBe('STORE_KEY_INVALID');
  });
});
