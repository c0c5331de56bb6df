import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { createHost, type Host } from './create-host.ts';
import { handleIpcTrpc } from './ipc-trpc.ts';

let dir: string;
let host: Host;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-ipc-'));
  host = await createHost({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 60_000 });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tRPC over IPC (Electron main, without Electron)', () => {
  it('answers a query like the HTTP transport does', async () => {
    expect(await handleIpcTrpc(host.services, { type: 'query', path: 'session.current' })).toEqual({ ok: true, data: { status: 'signed-out', autoLockMs: 600_000 } });
  });

  it('keeps charts behind sign-in and returns a typed, stack-free error', async () => {
    const r = await handleIpcTrpc(host.services, { type: 'mutation', path: 'chart.open', input: { patientId: '11111111-1111-4111-8111-111111111111' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.data.lanternCode).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(r)).not.toContain('    at ');
    }
  });

  it('rejects a malformed message from the renderer', async () => {
    const r = await handleIpcTrpc(host.services, { type: 'subscription', path: '../../etc' });
    expect(r).toMatchObject({ ok: false, error: { data: { lanternCode: 'BAD_INPUT' } } });
  });

  it('reports sign-in against an unreachable server as UNAVAILABLE, not as a wrong password', async () => {
    const r = await handleIpcTrpc(host.services, { type: 'mutation', path: 'session.signIn', input: { username: 'dr.ada', password: 'x' } });
    expect(r).toMatchObject({ ok: false, error: { data: { lanternCode: 'UNAVAILABLE' } } });
  });
});
