/**
 * What the host hands Electron main's updater (main/updater.ts): the feed of the machine policy's
 * channel and a token that is not expired, only once an update is downloaded and verified, never
 * while signed out. The package is really downloaded and checked (SHA-512 and Ed25519 release
 * signature); only the server is a fetch function.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { releaseSignedText } from '@lantern/core/workstation-version';
import { loadMachinePolicy } from '../machine-policy/load-machine-policy.ts';
import { machineSettings } from '../machine-policy/machine-settings.ts';
import { tokenExpiresAt, updateFeedFor } from './update-feed.ts';
import { channelOf, WorkstationUpdates, type WorkstationUpdatesOptions } from './workstation-updates.ts';

const NOW = new Date('2026-12-04T10:00:00Z');
const release = generateKeyPairSync('ed25519');
const body = Buffer.from('lantern workstation 1.5.0 '.repeat(1000));
const sha512 = createHash('sha512').update(body).digest('base64');
const fileName = 'Lantern-1.5.0.AppImage';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** An unsigned JWT-shaped token expiring at `exp` (the host reads exp; only the server verifies). */
const jwt = (exp: Date, id: string): string =>
  ['{"alg":"HS256"}', JSON.stringify({ sub: id, exp: Math.floor(exp.getTime() / 1000) })].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';

function server(seen: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    seen.push(`${url.pathname} ${new Headers(init?.headers).get('authorization') ?? ''}`);
    const channel = url.pathname.split('/')[2] ?? '';
    if (url.pathname.endsWith('/offer.json')) {
      const signature = sign(null, Buffer.from(releaseSignedText({ fileName, version: '1.5.0', sha512 })), release.privateKey).toString('base64');
      return Promise.resolve(Response.json({ offer: { version: '1.5.0', fileName, size: body.length, sha512, signature, releaseDate: NOW.toISOString(), stagingPercentage: 100, path: `/updates/${channel}/linux/${fileName}` } }));
    }
    return Promise.resolve(new Response(body));
  };
}

function updates(o: Partial<WorkstationUpdatesOptions> = {}): WorkstationUpdates {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-update-feed-'));
  dirs.push(dir);
  return new WorkstationUpdates({
    dir, baseUrl: 'https://sync.hospital.example', appVersion: '1.4.0', platform: 'linux', channel: () => 'stable',
    releasePublicKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    accessToken: () => jwt(new Date(NOW.getTime() + 600_000), 'a'), fetch: server([]), now: () => NOW, ...o,
  });
}

describe('the update feed the host hands Electron main', () => {
  it('is refused while signed out, and before an update is downloaded and verified', async () => {
    const u = updates();
    expect(await u.feedAccess({ refresh: false })).toEqual({ ok: false, error: 'signed-out' });
    u.sessionChanged('active');
    // Signing in starts a check; before it finishes nothing is verified.
    expect(await u.feedAccess({ refresh: false })).toEqual({ ok: false, error: 'nothing-verified' });
    await u.check();
    expect(u.status().update).toEqual({ state: 'downloaded', version: '1.5.0' });
    expect(await u.feedAccess({ refresh: false })).toMatchObject({ ok: true, value: { version: '1.5.0', sha512 } });
    u.sessionChanged('signed-out');
    expect(await u.feedAccess({ refresh: false })).toEqual({ ok: false, error: 'signed-out' });
    expect(await updateFeedFor(undefined, false)).toEqual({ ok: false, error: 'nothing-verified' });
  });

  it('follows the channel of the machine policy (the Linux file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-update-policy-'));
    dirs.push(dir);
    const file = join(dir, 'workstation.json');
    writeFileSync(file, JSON.stringify({ updateChannel: 'pilot', proxy: 'http://proxy.hospital.example:3128' }));
    const machine = machineSettings(await loadMachinePolicy({ platform: 'linux', file }), { serverUrl: 'https://sync.hospital.example', autoLockMs: 600_000 });
    const seen: string[] = [];
    const network = { proxy: machine.policy.proxy ?? null, trustedCaPem: machine.trustedCa };
    const u = updates({ channel: () => channelOf(machine.updateChannel(), 'stable'), fetch: server(seen), network });
    u.sessionChanged('active');
    await u.check();
    expect(seen[0]).toMatch(/^\/updates\/pilot\/linux\/offer\.json /);
    const feed = await u.feedAccess({ refresh: false });
    expect(feed).toMatchObject({ ok: true, value: { url: 'https://sync.hospital.example/updates/pilot/linux', channel: 'pilot' } });
    // Electron's download goes through the same proxy (main/updater-network.ts); no policy, no proxy.
    expect(feed.ok && feed.value.network).toEqual({ proxy: 'http://proxy.hospital.example:3128', trustedCaPem: null });
    expect(await updates().feedAccess({ refresh: false })).toEqual({ ok: false, error: 'signed-out' });
  });

  it('refreshes an access token that has expired (or that the feed refused) before handing it out', async () => {
    let token = jwt(new Date(NOW.getTime() - 1000), 'old');
    const refreshAccessToken = vi.fn(() => {
      token = jwt(new Date(NOW.getTime() + 900_000), `new-${refreshAccessToken.mock.calls.length}`);
      return Promise.resolve(true);
    });
    const u = updates({ accessToken: () => token, refreshAccessToken });
    u.sessionChanged('active');
    await u.check();
    const expired = jwt(new Date(NOW.getTime() - 1000), 'old');
    token = expired;
    const feed = await u.feedAccess({ refresh: false });
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(feed.ok && feed.value.token).not.toBe(expired);
    expect(feed.ok && tokenExpiresAt(feed.value.token)?.getTime()).toBeGreaterThan(NOW.getTime());
    // A fresh token is handed as it is...
    expect(await u.feedAccess({ refresh: false })).toEqual(feed);
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
    // ...unless main says the feed refused it.
    const again = await u.feedAccess({ refresh: true });
    expect(refreshAccessToken).toHaveBeenCalledTimes(2);
    expect(again.ok && again.value.token).not.toBe(feed.ok && feed.value.token);
  });

  it('hands out no token that refresh could not renew (offline, or the session ended on the server)', async () => {
    const stale = jwt(new Date(NOW.getTime() - 1000), 'old');
    const u = updates({ accessToken: () => stale, refreshAccessToken: () => Promise.resolve(false) });
    u.sessionChanged('active');
    await u.check().catch(() => undefined);
    // The check itself used the stale token (the fake server does not care); the feed refuses it.
    expect(await u.feedAccess({ refresh: false })).toEqual({ ok: false, error: 'no-token' });
    const fresh = jwt(new Date(NOW.getTime() + 600_000), 'a');
    const v = updates({ accessToken: () => fresh, refreshAccessToken: () => Promise.reject(new Error('offline')) });
    v.sessionChanged('active');
    await v.check();
    expect(await v.feedAccess({ refresh: true })).toEqual({ ok: false, error: 'no-token' });
  });
});
