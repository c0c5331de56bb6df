/**
 * Workstation versions and the update feed over real HTTP on a real database: sign-in and sync
 * refused below the minimum, signed uploads (admin or upload token only), electron-updater's feed,
 * ranged downloads, the server-side rollout and the audit of every administrative change.
 */
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { releaseSignedText } from '@lantern/core/workstation-version';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginInput, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { deviceBucket } from './rollout.ts';

const release = generateKeyPairSync('ed25519');
const UPLOAD_TOKEN = `upload-${randomUUID()}-${randomUUID()}`;
const current = { appVersion: '1.4.0', protocol: { min: 2, max: 3 } };
let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, {
    demo: true, demoPatients: 3, demoHeavyPatient: false,
    updates: { minimumWorkstationVersion: '1.4.0', releasePublicKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(), uploadToken: UPLOAD_TOKEN },
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

async function signIn(username: string, deviceId: string = randomUUID(), workstation: unknown = current): Promise<{ token: string; deviceId: string }> {
  const out = await must<{ accessToken: string }>(server.url, 'auth.login', { ...(await loginInput(server.url, username, deviceId, 'lantern-demo')), workstation });
  return { token: out.accessToken, deviceId };
}

const pkg = (version: string) => {
  const body = Buffer.from(`lantern-workstation ${version} `.repeat(4000));
  const sha512 = createHash('sha512').update(body).digest('base64');
  const fileName = `Lantern-${version}.AppImage`;
  return { body, sha512, fileName, version, signature: sign(null, Buffer.from(releaseSignedText({ fileName, version, sha512 })), release.privateKey).toString('base64') };
};

const upload = (p: ReturnType<typeof pkg>, bearer: string, signature = p.signature) =>
  fetch(`${server.url}/updates/stable/linux/${p.fileName}?version=${p.version}`, {
    method: 'PUT', body: p.body, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/octet-stream', 'x-lantern-signature': signature },
  });

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { ...headers, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } });

describe('workstation version negotiated at sign-in', () => {
  it('refuses sign-in from an old or undeclared workstation with the minimum version, and audits it', async () => {
    const deviceId = randomUUID();
    const old = await call(server.url, 'auth.login', { ...(await loginInput(server.url, 'rn.ben', deviceId, 'lantern-demo')), workstation: { appVersion: '1.3.9', protocol: { min: 2, max: 3 } } });
    expect(old).toMatchObject({
      ok: false, status: 412,
      error: { message: 'This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.', data: { code: 'PRECONDITION_FAILED', lanternCode: 'VERSION_MISMATCH', issues: [{ path: 'WORKSTATION_UPDATE_REQUIRED', message: '1.4.0' }, { path: 'updateToken' }] } },
    });
    // The refusal carries a token that fetches updates and nothing else.
    const updateToken = old.ok ? '' : (old.error as { data: { issues: { path: string; message: string }[] } }).data.issues[1]?.message ?? '';
    expect((await get('/updates/stable/linux/offer.json?current=1.3.9', updateToken)).status).toBe(200);
    expect(await call(server.url, 'sync.pull', { cursor: null, limit: 10 }, updateToken)).toMatchObject({ ok: false, status: 401 });
    const undeclared = await call(server.url, 'auth.login', await loginInput(server.url, 'rn.ben', randomUUID(), 'lantern-demo'));
    expect(undeclared).toMatchObject({ ok: false, status: 412 });
    const audited = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND action = 'login-failed' AND detail->>'why' = 'workstation-update-required'", [deviceId]));
    expect(audited.rows[0].n).toBe(1);
  });

  it('refuses push and pull from a device whose declared version fell below the minimum, until it signs in updated', async () => {
    const ben = await signIn('rn.ben');
    expect((await call(server.url, 'sync.pull', { cursor: null, limit: 10 }, ben.token)).ok).toBe(true);
    // As if it had signed in before IT raised the minimum.
    await server.asOwner((c) => c.query("UPDATE workstation_versions SET app_version = '1.3.0' WHERE device_id = $1", [ben.deviceId]));
    const pull = await call(server.url, 'sync.pull', { cursor: null, limit: 10 }, ben.token);
    const push = await call(server.url, 'sync.push', { deviceId: ben.deviceId, mutations: [] }, ben.token);
    for (const r of [pull, push]) expect(r).toMatchObject({ ok: false, status: 412, error: { data: { issues: [{ path: 'WORKSTATION_UPDATE_REQUIRED', message: '1.4.0' }] } } });
    await signIn('rn.ben', ben.deviceId);
    expect((await call(server.url, 'sync.pull', { cursor: null, limit: 10 }, ben.token)).ok).toBe(true);
  });
});

describe('update feed', () => {
  it('takes signed packages only from an administrator or the upload token, serves the feed and ranges, and rolls out by device', async () => {
    const admin = await signIn('admin.eve');
    const nurse = await signIn('rn.ben');
    const p = pkg('1.5.0');

    expect((await upload(p, nurse.token)).status).toBe(403);
    const forged = await upload(p, admin.token, pkg('1.5.1').signature);
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'FORBIDDEN', issues: [{ path: 'signature' }] } });
    const tampered = { ...p, body: Buffer.concat([p.body, Buffer.from('x')]) };
    expect((await upload(tampered, UPLOAD_TOKEN)).status).toBe(403);
    const ok = await upload(p, UPLOAD_TOKEN);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ version: '1.5.0', sha512: p.sha512, size: p.body.length, stagingPercentage: 0 });
    expect((await upload(p, admin.token)).status).toBe(409);

    const listed = await must<{ packages: { id: string; version: string; stagingPercentage: number }[] }>(server.url, 'updates.list', { channel: 'stable' }, admin.token);
    expect(listed.packages.map((x) => x.version)).toEqual(['1.5.0']);
    const id = listed.packages[0]?.id ?? '';
    // Nothing is announced at 0 %; the feed is for signed-in workstations only.
    expect((await get('/updates/stable/linux/latest-linux.yml', nurse.token)).status).toBe(404);
    expect((await get('/updates/stable/linux/latest-linux.yml')).status).toBe(401);
    expect((await call(server.url, 'updates.setRollout', { id, stagingPercentage: 50 }, nurse.token)).status).toBe(403);
    await must(server.url, 'updates.setRollout', { id, stagingPercentage: 50 }, admin.token);
    const audits = await server.asOwner((c) => c.query("SELECT outcome, detail->>'stagingPercentage' AS pct FROM audit.events WHERE resource_type = 'UpdatePackage' ORDER BY seq"));
    expect(audits.rows).toEqual([
      { outcome: 'denied', pct: null }, { outcome: 'denied', pct: null }, { outcome: 'denied', pct: null },
      { outcome: 'success', pct: null }, { outcome: 'denied', pct: null }, { outcome: 'success', pct: '50' },
    ]);

    const yml = await (await get('/updates/stable/linux/latest-linux.yml', nurse.token)).text();
    expect(yml).toContain('version: 1.5.0');
    expect(yml).toContain(`sha512: '${p.sha512}'`);
    expect(yml).toContain(`url: '${p.fileName}'`);
    expect(yml).toContain('stagingPercentage: 50');
    const whole = await get(`/updates/stable/linux/${p.fileName}`, nurse.token);
    expect(Buffer.from(await whole.arrayBuffer()).equals(p.body)).toBe(true);
    const part = await get(`/updates/stable/linux/${p.fileName}`, nurse.token, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${p.body.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(p.body.subarray(100, 200))).toBe(true);
    expect((await get(`/updates/stable/linux/${p.fileName}`, nurse.token, { range: `bytes=${p.body.length}-` })).status).toBe(416);

    // The server-side rollout: a device below the 50 % line is offered the package, one above is not, every time.
    const pick = (inside: boolean) => {
      for (;;) {
        const d = randomUUID();
        if ((deviceBucket(d) < 50) === inside) return d;
      }
    };
    const inDevice = await signIn('rn.ben', pick(true));
    const outDevice = await signIn('rn.ben', pick(false));
    const check = async (t: string) => (await (await get('/updates/stable/linux/offer.json?current=1.4.0', t)).json()) as { offer: { version: string; sha512: string; signature: string } | null };
    for (let i = 0; i < 2; i++) {
      expect((await check(inDevice.token)).offer).toMatchObject({ version: '1.5.0', sha512: p.sha512, signature: p.signature });
      expect((await check(outDevice.token)).offer).toBeNull();
    }
    await must(server.url, 'updates.setRollout', { id, stagingPercentage: 100 }, admin.token);
    expect((await check(outDevice.token)).offer).toMatchObject({ version: '1.5.0' });
    expect(await (await get('/updates/stable/linux/latest-linux.yml', nurse.token)).text()).not.toContain('stagingPercentage');
  });
});
