/**
 * Refresh tokens rotate, and the server revokes a token's whole family when a used one comes back.
 * On the workstation the sync loop and a screen's server call can both find the access token
 * expired at the same moment: they must share one refresh, or the clinician's sync stops with
 * "Sign in again to sync" while their changes wait. Real server (embedded Postgres), real host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../serve/create-host.ts';
import { hostWithTestServer, type HostWithTestServer } from '../sync/testing/host-with-test-server.ts';

let t: HostWithTestServer | undefined;
let host: Host;

beforeAll(async () => {
  t = await hostWithTestServer({ host: { autoLockMs: 30 * 60_000 } });
  host = t.host;
}, 180_000);

afterAll(async () => {
  await t?.close();
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
