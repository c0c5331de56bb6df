import { generateKeyPairSync, randomBytes, randomUUID, scryptSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LanternError, newMutation } from '@lantern/core';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { localCredentialStore } from './local-credential-store.ts';
import { provisionOfflineUser } from './provision-offline-user.ts';

// The sync server is unreachable (port 9): every sign-in here is the offline path.
let dir: string;
let host: Host;
const keys = generateKeyPairSync('ed25519');
const pem = keys.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function grant(claims: Record<string, unknown>, key = keys.privateKey): string {
  const h = b64(JSON.stringify({ alg: 'EdDSA', typ: 'lantern-offline-grant+jwt' }));
  const p = b64(JSON.stringify(claims));
  return `${h}.${p}.${b64(sign(null, Buffer.from(`${h}.${p}`), key))}`;
}

async function provision(over: { role?: 'physician' | 'nurse' | 'billing'; exp?: number; grantRole?: string; did?: string; signer?: typeof keys.privateKey } = {}) {
  const userId = randomUUID();
  const exp = over.exp ?? Math.floor(Date.now() / 1000) + 3600;
  await provisionOfflineUser(host.services, {
    userId, username: 'nurse.kim', displayName: 'Nurse Kim', role: over.role ?? 'nurse', password: 'correct horse',
    grant: grant({ sub: userId, uname: 'nurse.kim', role: over.grantRole ?? 'nurse', did: over.did ?? host.services.deviceId, exp }, over.signer),
    grantPublicKey: pem, expiresAt: new Date(exp * 1000).toISOString(), scope: { careTeam: [], unit: [] },
  });
  return userId;
}

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof LanternError ? e.code : 'not-a-lantern-error';
  }
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-session-'));
  host = await createHost({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 60_000 });
});
afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('offline sign-in with the stored grant', () => {
  it('signs in with the right password, as the role in the signed grant, and audits it', async () => {
    await provision({ role: 'physician', grantRole: 'nurse' }); // a local edit of the role is ignored
    const s = await host.services.session.signIn('nurse.kim', 'correct horse');
    expect(s).toMatchObject({ status: 'active', mode: 'offline', user: { username: 'nurse.kim', role: 'nurse' } });
    const audit = host.services.store.listUnsentAudit(100);
    expect(audit.ok && audit.value.map((e) => e.action)).toContain('login-offline');
  });

  it('refuses a wrong password, an expired grant, a grant for another device, and a grant not signed by the server', async () => {
    await provision();
    expect(await code(host.services.session.signIn('nurse.kim', 'wrong'))).toBe('UNAUTHENTICATED');
    await provision({ exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await code(host.services.session.signIn('nurse.kim', 'correct horse'))).toBe('UNAUTHENTICATED');
    await provision({ did: 'another-device' });
    expect(await code(host.services.session.signIn('nurse.kim', 'correct horse'))).toBe('UNAUTHENTICATED');
    await provision({ signer: generateKeyPairSync('ed25519').privateKey });
    expect(await code(host.services.session.signIn('nurse.kim', 'correct horse'))).toBe('UNAUTHENTICATED');
    expect((await host.services.session.current()).status).toBe('signed-out');
  });

  it('replaces a verifier an earlier version saved with scrypt by an argon2id one once the password checked, offline and at unlock', async () => {
    await provision();
    const credentials = localCredentialStore((host.services.store as LocalStore).db, host.services.now);
    const scryptVerifier = (password: string) => {
      const salt = randomBytes(16);
      return `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    };
    const saveScrypt = async () => {
      const cred = await credentials.findOfflineCredential('nurse.kim');
      if (cred === null) throw new Error('not provisioned');
      await credentials.saveOfflineCredential({ ...cred, verifier: scryptVerifier('correct horse') });
    };
    const verifier = async () => (await credentials.findOfflineCredential('nurse.kim'))?.verifier ?? '';
    await saveScrypt();
    // A wrong password changes nothing.
    expect(await code(host.services.session.signIn('nurse.kim', 'wrong'))).toBe('UNAUTHENTICATED');
    expect(await verifier()).toMatch(/^scrypt\$/);
    await host.services.session.signIn('nurse.kim', 'correct horse');
    expect(await verifier()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await saveScrypt();
    await host.services.session.lock('user');
    await host.services.session.unlock('correct horse');
    expect(await verifier()).toMatch(/^\$argon2id\$/);
    // The new verifier checks the password from then on.
    await host.services.session.lock('user');
    expect(await code(host.services.session.unlock('wrong'))).toBe('UNAUTHENTICATED');
    expect((await host.services.session.unlock('correct horse')).status).toBe('active');
  });

  it('says the server is unreachable (not "wrong password") for an account never signed in here', async () => {
    expect(await code(host.services.session.signIn('someone.new', 'pw'))).toBe('UNAVAILABLE');
  });

  it('locks: data calls fail until the same user re-enters the password', async () => {
    await provision();
    await host.services.session.signIn('nurse.kim', 'correct horse');
    await host.services.session.lock();
    expect(await code(host.services.session.requireActive())).toBe('STORE_LOCKED');
    expect(await code(host.services.session.unlock('wrong'))).toBe('UNAUTHENTICATED');
    expect((await host.services.session.unlock('correct horse')).status).toBe('active');
    expect(await code(host.services.session.requireActive())).toBe('ok');
  });
});

describe('host-side auto-lock', () => {
  it('locks by itself when the renderer stops reporting activity past the timeout (plus grace)', async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'lantern-session-'));
    let now = Date.now();
    host = await createHost({
      dataDir: dir, serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000,
      autoLockMs: 10 * 60_000, hostGraceMs: 30_000, now: () => new Date(now),
    });
    await provision();
    await host.services.session.signIn('nurse.kim', 'correct horse');
    now += 9 * 60_000;
    await host.services.session.activity(); // the renderer saw input
    now += 10 * 60_000;
    expect((await host.services.session.current()).status).toBe('active'); // inside timeout + grace
    now += 31_000;
    expect((await host.services.session.current()).status).toBe('locked');
    expect(await code(host.services.session.requireActive())).toBe('STORE_LOCKED');
  });
});

describe('signing out on a shared workstation', () => {
  it('removes the refresh token and the offline grant, and keeps the unsynced changes queued for the next sign-in', async () => {
    const userId = await provision();
    const creds = host.services.clinical.credentials;
    const stored = await creds.findOfflineCredential('nurse.kim');
    if (stored === null) throw new Error('not provisioned');
    await creds.saveOfflineCredential({ ...stored, refreshToken: 'refresh-token-of-kim' });
    await host.services.session.signIn('nurse.kim', 'correct horse');
    const patientId = randomUUID();
    const [obs] = buildVitalsObservations({ patientId, heartRate: 72 }, { uuid: randomUUID, now: new Date(), performer: { display: 'Nurse Kim' } });
    if (obs === undefined) throw new Error('no observation');
    const m = newMutation({ mutationId: randomUUID(), deviceId: host.services.deviceId, userId, createdAt: new Date().toISOString(), patientId, op: 'create', resource: obs });
    if (!m.ok) throw m.error;
    expect(host.services.store.applyLocalMutation(m.value)).toMatchObject({ ok: true });

    await host.services.session.signOut();
    const after = await creds.findOfflineCredential('nurse.kim');
    expect(after).toMatchObject({ refreshToken: null, grant: null });
    // The change is still queued for Kim's next sign-in.
    const outbox = host.services.store.peekOutbox(10);
    expect(outbox.ok && outbox.value.map((e) => e.mutation.userId)).toEqual([userId]);
    // Without the grant, Kim cannot sign in here while the server is unreachable.
    expect(await code(host.services.session.signIn('nurse.kim', 'correct horse'))).toBe('UNAVAILABLE');
  });
});
