/**
 * Refresh tokens rotate, and the server revokes a token's whole family when a used one comes back.
 * On the workstation the sync loop and a screen's server call can both find the access token
 * expired at the same moment: they must share one refresh, or the clinician's sync stops with
 * "Sign in again to sync" while their changes wait. Real server (embedded Postgres), real host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server's harness, for tests only: the host imports nothing of the server but its router type.
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';

let pg: TestPostgres;
let server: TestServer;
let host: Host;
let dir: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false });
  dir = mkdtempSync(join(tmpdir(), 'lantern-refresh-'));
  host = await createHost({ dataDir: dir, serverUrl: server.url, keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 30 * 60_000 });
}, 180_000);

afterAll(async () => {
  await host?.close();
  await server?.close();
  await pg?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('refreshing the access token', () => {
  it('three callers at once share one refresh; the session and sync keep working afterwards', async () => {
    const s = host.services;
    await s.session.signIn('dr.ada', 'lantern-demo');
    await s.sync.runOnce();
    expect((await s.sync.status()).lastError).toBeNull();

    const results = await Promise.all([s.session.refresh(), s.session.refresh(), s.session.refresh()]);
    expect(results).toEqual([true, true, true]);
    // The rotated token the session now holds is still good (its family was not revoked) ...
    expect(await s.session.refresh()).toBe(true);
    // ... and sync goes on as the same user.
    await s.sync.runOnce();
    expect((await s.sync.status()).lastError).toBeNull();
  }, 120_000);
});
