/**
 * Updates end to end: a real sync server (embedded Postgres) serving signed packages, real hosts
 * (encrypted store, session, sync loop). An out-of-date workstation is refused sign-in with the
 * minimum version, keeps working offline with its queued write, and still downloads and verifies
 * its update with the updates-only token; a package tampered on the server is refused.
 */
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMutation } from '@lantern/core';
import { releaseSignedText } from '@lantern/core/workstation-version';
import { loginInput, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients } from '../../../../sync-server/src/testing/fixtures.ts';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';

const release = generateKeyPairSync('ed25519');
const UPLOAD_TOKEN = `upload-${randomUUID()}-${randomUUID()}`;
let pg: TestPostgres;
let server: TestServer;
let careTeam: string[];
const dirs: string[] = [];
const hosts: Host[] = [];
let keyFile: string;
const body = Buffer.from('lantern workstation 1.5.0 '.repeat(20_000));

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, {
    demo: true, demoPatients: 5, demoHeavyPatient: false,
    updates: { minimumWorkstationVersion: '1.4.0', releasePublicKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(), uploadToken: UPLOAD_TOKEN },
  });
  careTeam = (await demoPatients(server)).careTeam;
  const keyDir = mkdtempSync(join(tmpdir(), 'lantern-release-key-'));
  dirs.push(keyDir);
  keyFile = join(keyDir, 'release.pem');
  writeFileSync(keyFile, release.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const sha512 = createHash('sha512').update(body).digest('base64');
  const fileName = 'Lantern-1.5.0.AppImage';
  const signature = sign(null, Buffer.from(releaseSignedText({ fileName, version: '1.5.0', sha512 })), release.privateKey).toString('base64');
  const up = await fetch(`${server.url}/updates/stable/linux/${fileName}?version=1.5.0`, {
    method: 'PUT', body, headers: { authorization: `Bearer ${UPLOAD_TOKEN}`, 'content-type': 'application/octet-stream', 'x-lantern-signature': signature },
  });
  expect(up.status).toBe(201);
  const id = ((await up.json()) as { id: string }).id;
  const admin = await must<{ accessToken: string }>(server.url, 'auth.login', { ...(await loginInput(server.url, 'admin.eve', randomUUID(), 'lantern-demo')), workstation: { appVersion: '1.4.0', protocol: { min: 2, max: 3 } } });
  await must(server.url, 'updates.setRollout', { id, stagingPercentage: 100 }, admin.accessToken);
}, 180_000);
afterAll(async () => {
  for (const h of hosts) await h.close();
  await server?.close();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 300_000);

async function workstation(appVersion: string, dir = mkdtempSync(join(tmpdir(), 'lantern-updates-')), key = randomKey()): Promise<{ host: Host; dir: string; key: Uint8Array }> {
  dirs.push(dir);
  const host = await createHost({
    dataDir: dir, serverUrl: server.url, keyProvider: explicitKeyProvider(key), syncIntervalMs: 3_600_000, appVersion,
    keepOfflineGrantOnSignOut: true, updateReleaseKeyFile: keyFile, updateChannel: 'stable',
  });
  hosts.push(host);
  return { host, dir, key };
}

describe('workstation updates from its own sync server', () => {
  it('an out-of-date workstation is told to update, keeps its queued write offline, and downloads a verified update', async () => {
    // Signed in while current; the application is closed without signing out (its refresh token and offline grant stay).
    const first = await workstation('1.4.0');
    const s = await first.host.services.session.signIn('dr.ada', 'lantern-demo');
    expect(s).toMatchObject({ status: 'active', mode: 'online' });
    const patientId = careTeam[0] ?? '';
    const [obs] = buildVitalsObservations({ patientId, heartRate: 71 }, { uuid: randomUUID, now: new Date(), performer: { display: 'Dr. Ada' } });
    if (obs === undefined) throw new Error('no observation');
    await first.host.close();
    hosts.splice(hosts.indexOf(first.host), 1);

    // The same machine, now running a version below the server's minimum.
    const old = await workstation('1.3.0', first.dir, first.key);
    const m = newMutation({ mutationId: randomUUID(), deviceId: old.host.services.deviceId, userId: s.status === 'active' ? s.user.userId : '', createdAt: new Date().toISOString(), patientId, op: 'create', resource: obs });
    if (!m.ok) throw m.error;
    const queued = old.host.services.store.applyLocalMutation(m.value);
    if (!queued.ok) throw queued.error;

    const again = await old.host.services.session.signIn('dr.ada', 'lantern-demo');
    expect(again).toMatchObject({ status: 'active', mode: 'offline' });
    const updates = old.host.services.updates;
    if (updates === undefined) throw new Error('no updates service');
    expect(updates.status().updateRequired).toEqual({ minimumVersion: '1.4.0', message: 'This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.' });
    await old.host.services.sync.runOnce();
    const sync = await old.host.services.sync.status();
    expect(sync.lastError).toBe('This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.');
    expect(sync.pending).toBe(1);

    // The refusal's updates-only token fetches the offer and the package; both checks pass.
    const st = await updates.check();
    expect(st.update).toEqual({ state: 'downloaded', version: '1.5.0' });
    expect(readdirSync(join(old.dir, 'updates'))).toEqual(['Lantern-1.5.0.AppImage']);
    expect(updates.downloadedPath()).toBe(join(old.dir, 'updates', 'Lantern-1.5.0.AppImage'));

    // What Electron main hands electron-updater: this feed and token read the server's latest-linux.yml
    // for the version and SHA-512 the host verified.
    const feed = await updates.feedAccess({ refresh: false });
    if (!feed.ok) throw new Error(`feed refused: ${feed.error}`);
    expect(feed.value).toMatchObject({ url: `${server.url}/updates/stable/linux`, channel: 'stable', version: '1.5.0' });
    const yml = await fetch(`${feed.value.url}/latest-linux.yml`, { headers: { authorization: `Bearer ${feed.value.token}` } });
    expect(yml.status).toBe(200);
    const text = await yml.text();
    expect(text).toContain('version: 1.5.0');
    expect(text).toContain(feed.value.sha512);
  }, 120_000);

  it('a workstation that never signed in here reads the refusal at sign-in', async () => {
    const fresh = await workstation('1.0.0');
    await expect(fresh.host.services.session.signIn('rn.ben', 'lantern-demo')).rejects.toThrow('This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.');
  }, 60_000);

  it('refuses a package whose bytes were changed on the server, and keeps nothing of it', async () => {
    const stored = join(server.dataDir, 'updates', 'files');
    const [file] = readdirSync(stored);
    if (file === undefined) throw new Error('no stored package');
    const tampered = Buffer.from(body);
    tampered[1000] = 0x41;
    writeFileSync(join(stored, file), tampered);
    const current = await workstation('1.4.0');
    await current.host.services.session.signIn('rn.ben', 'lantern-demo');
    const updates = current.host.services.updates;
    if (updates === undefined) throw new Error('no updates service');
    const st = await updates.check();
    expect(st.update).toEqual({ state: 'refused', version: '1.5.0', reason: 'The downloaded package does not match its published checksum' });
    expect(readdirSync(join(current.dir, 'updates'))).toEqual([]);
    expect(updates.downloadedPath()).toBeNull();
  }, 60_000);
});
