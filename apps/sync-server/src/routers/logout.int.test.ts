/**
 * auth.logout ends the whole sign-in: every refresh token of its family is revoked, also when the
 * workstation's access token has already expired (it was offline a while) and it only holds its
 * refresh token.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, refresh, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const data = async <T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
};

describe('logout', () => {
  it('with an expired access token, the refresh token still ends the sign-in: refresh is refused afterwards', async () => {
    const s = await login(server.url, 'rn.ben');
    server.clock.advance(16 * 60_000);
    try {
      const out = await call<{ revokedTokens: number }>(server.url, 'auth.logout', { refreshToken: s.refreshToken }, s.token);
      expect(out).toMatchObject({ ok: true, data: { revokedTokens: 1 } });
      expect(await refresh(server.url, s)).toMatchObject({ ok: false, status: 401 });
    } finally {
      server.clock.advance(-16 * 60_000);
    }
  });

  it('revokes the whole family: after rotation, logging out with the latest token leaves no token of the sign-in usable', async () => {
    const s = await login(server.url, 'dr.ada');
    const r1 = await data(refresh(server.url, s));
    const out = await must<{ revokedTokens: number }>(server.url, 'auth.logout', { refreshToken: r1.refreshToken });
    expect(out.revokedTokens).toBe(1);
    expect(await refresh(server.url, s, r1.refreshToken)).toMatchObject({ ok: false, status: 401 });
    const family = await server.asOwner((c) => c.query('SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM refresh_tokens WHERE user_id = $1 AND device_id = $2', [s.userId, s.deviceId]));
    expect(family.rows[0].live).toBe(0);
    const audited = await server.asOwner((c) => c.query("SELECT user_id, device_id FROM audit.events WHERE action = 'logout' AND user_id = $1", [s.userId]));
    expect(audited.rows).toEqual([{ user_id: s.userId, device_id: s.deviceId }]);
  });

  it('a logout that arrives after the same user signed in again on the same workstation leaves the newer sign-in working', async () => {
    const deviceId = randomUUID();
    const old = await login(server.url, 'dr.ada', deviceId);
    server.clock.advance(5_000);
    try {
      const fresh = await login(server.url, 'dr.ada', deviceId);
      // The old sign-in's logout, sent without waiting, reaches the server only now.
      const out = await must<{ revokedTokens: number }>(server.url, 'auth.logout', { refreshToken: old.refreshToken }, old.token);
      expect(out.revokedTokens).toBe(1);
      expect(await refresh(server.url, old)).toMatchObject({ ok: false, status: 401 });
      expect(await refresh(server.url, fresh)).toMatchObject({ ok: true });
    } finally {
      server.clock.advance(-5_000);
    }
  });

  it('refuses a logout with neither a valid access token nor a known refresh token', async () => {
    expect(await call(server.url, 'auth.logout', { refreshToken: 'not-a-real-refresh-token' })).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'auth.logout')).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'auth.logout', {})).toMatchObject({ ok: false, status: 401 });
  });

  it('still accepts the empty input workstations send with a valid access token', async () => {
    const s = await login(server.url, 'billing.cy');
    expect(await call(server.url, 'auth.logout', {}, s.token)).toMatchObject({ ok: true });
    expect(await refresh(server.url, s)).toMatchObject({ ok: false, status: 401 });
  });
});
