import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@lantern/core';
import { DEFAULT_MATCH_CONFIG } from '@lantern/core/mpi';
import { openStore } from '../store/open-store.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { LocalStore } from '../store/local-store.ts';
import { setState } from '../store/sync-state.ts';
import { localMatchConfig, refreshMatchThresholds } from './match-thresholds.ts';

let store: LocalStore;
beforeAll(async () => {
  const opened = unwrap(await openStore({ path: join(tempDir(), 'chart.db'), keyProvider: explicitKeyProvider(randomKey()), now: () => new Date() }));
  if (!(opened instanceof LocalStore)) throw new Error('expected the writable local store');
  store = opened;
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('matcher thresholds on the workstation', () => {
  it('uses core defaults until the server has answered, and keeps them when the server cannot be reached', async () => {
    expect(localMatchConfig(store.db)).toEqual(DEFAULT_MATCH_CONFIG);
    await refreshMatchThresholds(store.db, 'http://127.0.0.1:9', 'token');
    expect(localMatchConfig(store.db)).toEqual(DEFAULT_MATCH_CONFIG);
  });

  it('uses the server\'s thresholds once stored, and ignores a stored value that is not valid', () => {
    store.db.write(() => setState(store.db, 'mpi-thresholds', JSON.stringify({ certain: 0.99, probable: 0.85, review: 0.2 })));
    expect(localMatchConfig(store.db).thresholds).toEqual({ certain: 0.99, probable: 0.85, review: 0.2 });
    store.db.write(() => setState(store.db, 'mpi-thresholds', JSON.stringify({ certain: 0.1, probable: 0.85, review: 0.2 })));
    expect(localMatchConfig(store.db)).toEqual(DEFAULT_MATCH_CONFIG);
  });
});
