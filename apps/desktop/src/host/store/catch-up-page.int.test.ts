import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { unwrap, type LanternResource, type PullOutput } from '@lantern/core';
import { generatePatients } from '@lantern/core/synthetic';
import { openStore } from './open-store.ts';
import { explicitKeyProvider, randomKey } from './key/key-provider.ts';
import { changesFor } from './seed-changes.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';
import { LocalStore } from './local-store.ts';

let store: LocalStore;
const resources: LanternResource[] = [];
for (const rec of generatePatients({ seed: 11, count: 12 })) resources.push(rec.patient, ...rec.resources);
const page = (from: number, to: number, cursor: string): PullOutput => ({
  changes: changesFor(resources.slice(from, to), { firstSeq: from + 1, lastUpdated: '2026-11-01T12:00:00Z' }),
  purgePatients: [], cursor, hasMore: true, remaining: resources.length - to, pageToken: `b1.1.0.${cursor}`,
});

beforeAll(async () => {
  const opened = unwrap(await openStore({ path: join(tempDir(), 'catch-up.db'), keyProvider: explicitKeyProvider(randomKey()) }));
  if (!(opened instanceof LocalStore)) throw new Error('expected a LocalStore');
  store = opened;
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('catch-up pull pages', () => {
  it('a catch-up page hands its page-cache pages back after it commits (first sync memory); a steady-state page keeps the cache', () => {
    expect(resources.length).toBeGreaterThan(1100);
    const release = vi.spyOn(store.db, 'releaseCache');
    unwrap(store.applyPullPage(page(0, 1000, '1000')));
    expect(release).toHaveBeenCalledTimes(1);
    unwrap(store.applyPullPage(page(1000, 1100, '1100')));
    expect(release).toHaveBeenCalledTimes(1);
    release.mockRestore();
  });

  it('after the cache was released, every chart of the page opens complete from the encrypted file, and the cursor and token are stored with it', () => {
    const patients = new Set(resources.slice(0, 1100).map((r) => (r.resourceType === 'Patient' ? r.id : undefined)).filter((id) => id !== undefined));
    for (const id of patients) {
      const chart = unwrap(store.openChart(id));
      expect(chart.patient.id).toBe(id);
    }
    expect(store.db.get<{ n: number }>('SELECT count(*) AS n FROM resources')?.n).toBe(1100);
    expect(unwrap(store.getCursor())).toBe('1100');
    expect(unwrap(store.getPageToken())).toBe('b1.1.0.1100');
  });
});
