/**
 * The workstation's device key: made once, kept in the encrypted store across restarts, and used
 * by the server client to prove possession at sign-in and refresh and to sign audit batches, in
 * the canonical form the sync server checks (apps/sync-server/src/auth/device-proof.ts).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LanternError, type ChainedAuditEvent } from '@lantern/core';
import { createHost } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { createServerApi, type ServerApi } from '../sync/server-api.ts';
import type { AuditRecord } from './audit-sink.ts';
import { SessionManager } from './session-manager.ts';
import { ephemeralDeviceKey, type DevicePublicKey } from './device-key.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-device-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const verifies = (k: DevicePublicKey, text: string, sig: string): boolean =>
  verify(null, Buffer.from(text, 'utf8'), createPublicKey({ key: { ...k }, format: 'jwk' }), Buffer.from(sig, 'base64url'));
const b64sha = (s: string) => createHash('sha256').update(s).digest('base64url');

describe('device key', () => {
  it('is made once and survives a restart of the workstation (same device id, same key)', async () => {
    const key = randomKey();
    const open = () => createHost({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(key), syncIntervalMs: 3_600_000 });
    const first = await open();
    const row1 = (first.services.store as LocalStore).db.get<{ device_id: string; public_x: string }>('SELECT device_id, public_x FROM device_key');
    await first.close();
    const second = await open();
    const row2 = (second.services.store as LocalStore).db.get<{ device_id: string; public_x: string }>('SELECT device_id, public_x FROM device_key');
    const count = (second.services.store as LocalStore).db.get<{ n: number }>('SELECT count(*) AS n FROM device_key');
    await second.close();
    expect(row1?.device_id).toBe(second.services.deviceId);
    expect(row2).toEqual(row1);
    expect(count?.n).toBe(1);
  });

  it('the server client proves possession at sign-in and refresh, and signs audit batches', async () => {
    const device = ephemeralDeviceKey('dev-1');
    const sent: { path: string; body: Record<string, unknown> }[] = [];
    const login = { accessToken: 'a', refreshToken: 'r2', user: { id: 'u-1', username: 'dr.ada', role: 'physician' } };
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      const path = String(url).replace(/^.*\/trpc\//, '');
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      sent.push({ path, body });
      const data = path === 'auth.challenge' ? { nonce: `nonce-${sent.length}` } : path === 'audit.ingest' ? { accepted: 1, refused: [{ seq: 2, code: 'FORBIDDEN', reason: 'user-not-signed-in-on-device' }] } : login;
      return new Response(JSON.stringify({ result: { data } }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const api = createServerApi({ baseUrl: 'http://server', device, fetch: fakeFetch });

    await api.login({ username: 'dr.ada', password: 'pw', deviceId: 'dev-1' });
    const signIn = sent.find((s) => s.path === 'auth.login')?.body ?? {};
    expect(signIn).toMatchObject({ username: 'dr.ada', deviceId: 'dev-1', devicePublicKey: device.publicKey, nonce: 'nonce-1' });
    expect(verifies(device.publicKey, ['lantern-device-proof/v1', 'login', 'dev-1', 'nonce-1', 'dr.ada'].join('\n'), String(signIn['proof']))).toBe(true);
    expect(verifies(device.publicKey, ['lantern-device-proof/v1', 'login', 'dev-1', 'nonce-1', 'billing.cy'].join('\n'), String(signIn['proof']))).toBe(false);

    await api.refresh('r1');
    const refresh = sent.find((s) => s.path === 'auth.refresh')?.body ?? {};
    expect(refresh).toMatchObject({ refreshToken: 'r1', deviceId: 'dev-1', nonce: 'nonce-3' });
    expect(verifies(device.publicKey, ['lantern-device-proof/v1', 'refresh', 'dev-1', 'nonce-3', b64sha('r1')].join('\n'), String(refresh['proof']))).toBe(true);

    const events = [{ seq: 1, hash: 'a'.repeat(64) }, { seq: 2, hash: 'b'.repeat(64) }] as unknown as ChainedAuditEvent[];
    expect(await api.ingestAudit('a', { deviceId: 'dev-1', events })).toEqual({ accepted: 1, refused: 1 });
    const ingest = sent.find((s) => s.path === 'audit.ingest')?.body ?? {};
    const batch = ['lantern-audit-batch/v1', 'dev-1', '2', b64sha(`1:${'a'.repeat(64)}\n2:${'b'.repeat(64)}`)].join('\n');
    expect(verifies(device.publicKey, batch, String(ingest['signature']))).toBe(true);

    // A sign-in for a device id this workstation holds no key for is never sent.
    await expect(api.login({ username: 'dr.ada', password: 'pw', deviceId: 'dev-2' })).rejects.toThrow();

    // A refusal the server marks as the device's keeps that mark through the client.
    const refusing = createServerApi({ baseUrl: 'http://server', device, fetch: (async (url: string | URL | Request) => String(url).endsWith('auth.challenge')
      ? new Response(JSON.stringify({ result: { data: { nonce: 'n' } } }), { status: 200 })
      : new Response(JSON.stringify({ error: { message: 'This device has been deactivated', data: { code: 'UNAUTHORIZED', httpStatus: 401, lanternCode: 'UNAUTHENTICATED', issues: [{ path: 'deviceId', message: 'this device is not accepted' }] } } }), { status: 401 })) as typeof fetch });
    await expect(refusing.login({ username: 'dr.ada', password: 'pw', deviceId: 'dev-1' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', issues: [{ path: 'deviceId' }] });
  });

  it('a sign-in the server refuses for the workstation (not the password) says so, and is audited as such', async () => {
    const recorded: AuditRecord[] = [];
    const refuse = () => Promise.reject(new LanternError('UNAUTHENTICATED', 'This device has been deactivated', { issues: [{ path: 'deviceId', message: 'this device is not accepted' }] }));
    const wrong = () => Promise.reject(new LanternError('UNAUTHENTICATED', 'Wrong username or password'));
    const manager = (login: () => Promise<never>) => new SessionManager({
      api: { login } as unknown as ServerApi,
      credentials: { saveOfflineCredential: () => Promise.resolve(), findOfflineCredential: () => Promise.resolve(null) },
      audit: { record: (e) => { recorded.push(e); return Promise.resolve(); } },
      deviceId: 'dev-1', autoLockMs: 60_000,
    });
    await expect(manager(refuse).signIn('dr.ada', 'pw')).rejects.toThrow(/workstation/);
    await expect(manager(wrong).signIn('dr.ada', 'pw')).rejects.toThrow('The username or password is not correct');
    expect(recorded.map((e) => e.detail)).toEqual([{ mode: 'online', reason: 'device-refused' }, { mode: 'online' }]);
  });
});
