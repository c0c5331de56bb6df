/** auth.* over real HTTP on a real database: sign-in, refresh rotation, logout, offline grants. */
import { createPublicKey, scrypt } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, loginInput, must, refresh, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false });
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

interface LoginOut {
  accessToken: string;
  refreshToken: string;
  offlineGrant: string;
  offlineGrantExpiresAt: string;
  offlinePublicKey: string;
  user: { id: string; role: string; units: string[] };
}

describe('auth', () => {
  it('signs in each demo role and tells who the token belongs to', async () => {
    for (const [username, role] of [['dr.ada', 'physician'], ['rn.ben', 'nurse'], ['billing.cy', 'billing'], ['privacy.dee', 'privacy_officer'], ['admin.eve', 'admin']]) {
      const s = await login(server.url, username ?? '');
      const me = await must<{ role: string; username: string }>(server.url, 'auth.me', undefined, s.token);
      expect(me).toMatchObject({ role, username });
    }
  });

  it('a wrong password or unknown user gets the same 401 and is audited; nothing else leaks', async () => {
    const bad = await call(server.url, 'auth.login', await loginInput(server.url, 'dr.ada', 'd1', 'nope-nope'));
    const unknown = await call(server.url, 'auth.login', await loginInput(server.url, 'dr.nobody', 'd1', 'nope-nope'));
    expect(bad).toMatchObject({ ok: false, status: 401, error: { message: 'Wrong username or password', data: { lanternCode: 'UNAUTHENTICATED' } } });
    expect(unknown).toMatchObject({ ok: false, status: 401, error: { message: 'Wrong username or password', data: { issues: [] } } });
    const failed = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'login-failed'"));
    expect(failed.rows[0].n).toBeGreaterThanOrEqual(2);
    const noToken = await call(server.url, 'sync.pull', { cursor: null });
    expect(noToken).toMatchObject({ ok: false, status: 401 });
    const garbage = await call(server.url, 'sync.pull', { cursor: null }, 'not-a-jwt');
    expect(garbage).toMatchObject({ ok: false, status: 401, error: { message: 'Invalid access token' } });
  });

  it('refresh rotates; a reused refresh token revokes the sign-in; logout revokes', async () => {
    const s = await login(server.url, 'rn.ben');
    const r1 = await refresh(server.url, s).then((r) => (r.ok ? r.data : Promise.reject(new Error(r.error.message))));
    expect(r1.refreshToken).not.toBe(s.refreshToken);
    await must(server.url, 'auth.me', undefined, r1.accessToken);
    // The old token again: theft detected, the whole family is revoked.
    expect(await refresh(server.url, s)).toMatchObject({ ok: false, status: 401 });
    expect(await refresh(server.url, s, r1.refreshToken)).toMatchObject({ ok: false, status: 401 });

    const s2 = await login(server.url, 'rn.ben');
    await must(server.url, 'auth.logout', undefined, s2.token);
    expect(await refresh(server.url, s2)).toMatchObject({ ok: false, status: 401 });
  });

  it('access tokens expire', async () => {
    const s = await login(server.url, 'dr.ada');
    server.clock.advance(16 * 60_000);
    try {
      expect(await call(server.url, 'auth.me', undefined, s.token)).toMatchObject({ ok: false, status: 401, error: { message: expect.stringContaining('expired') } });
    } finally {
      server.clock.advance(-16 * 60_000);
    }
  });

  it('the offline grant is bound to user and device, expires in 72 h, and verifies the password offline', async () => {
    const deviceId = randomUUID();
    const out = await must<LoginOut>(server.url, 'auth.login', await loginInput(server.url, 'dr.ada', deviceId, 'lantern-demo'));
    const key = createPublicKey(out.offlinePublicKey);
    const { payload } = await jwtVerify(out.offlineGrant, key, { issuer: 'lantern-sync-server', audience: 'lantern-workstation-offline', currentDate: server.clock.now() });
    expect(payload).toMatchObject({ sub: out.user.id, did: deviceId, role: 'physician', uname: 'dr.ada' });
    // Her wards, for a workstation whose machine policy admits only some units.
    expect(out.user.units).toEqual(['WARD-4B']);
    const hours = ((payload.exp ?? 0) - (payload.iat ?? 0)) / 3600;
    expect(hours).toBe(72);
    const [, n, r, p, salt, hash] = String(payload['pwv']).split('$');
    const derive = (pw: string) =>
      new Promise<string>((res, rej) => scrypt(pw, Buffer.from(salt ?? '', 'base64url'), 32, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 }, (e, k) => (e ? rej(e) : res(k.toString('base64url')))));
    expect(await derive('lantern-demo')).toBe(hash);
    expect(await derive('wrong-password')).not.toBe(hash);
    // Tampering with the claims breaks the signature.
    const [h, body, sig] = out.offlineGrant.split('.');
    const forged = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<string, unknown>;
    forged['role'] = 'admin';
    await expect(jwtVerify(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`, key)).rejects.toThrow();
  });

  it('a deactivated device cannot sign in or refresh', async () => {
    const s = await login(server.url, 'dr.ada');
    const admin = await login(server.url, 'admin.eve');
    await must(server.url, 'admin.setDeviceActive', { deviceId: s.deviceId, active: false }, admin.token);
    expect(await refresh(server.url, s)).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'auth.login', await loginInput(server.url, 'dr.ada', s.deviceId, 'lantern-demo'))).toMatchObject({ ok: false, status: 401 });
    // Admins manage devices; nobody else may.
    expect(await call(server.url, 'admin.listDevices', undefined, s.token)).toMatchObject({ ok: false, status: 401 });
    const ada2 = await login(server.url, 'dr.ada');
    expect(await call(server.url, 'admin.listDevices', undefined, ada2.token)).toMatchObject({ ok: false, status: 403 });
    const devices = await must<{ id: string; active: boolean }[]>(server.url, 'admin.listDevices', undefined, admin.token);
    expect(devices.find((d) => d.id === s.deviceId)?.active).toBe(false);
  });
});
