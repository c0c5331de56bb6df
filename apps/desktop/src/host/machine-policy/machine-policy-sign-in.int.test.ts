/**
 * Machine policy in a real host (encrypted store, session, audit chain): an account outside
 * allowedUsers is refused before anything reaches the server, with an audited denial; a bad policy
 * file starts the workstation anyway, pauses sign-in and names the bad key. The server is unreachable
 * (port 9): an admitted account gets as far as the offline check, which is what proves it was admitted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { LanternError } from '@lantern/core';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { listUnsentAudit } from '../store/audit-log.ts';
import { loadMachinePolicy } from './load-machine-policy.ts';
import { machinePolicyView } from './machine-policy-view.ts';

const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function hostWithPolicy(policy: string): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-mp-'));
  dirs.push(dir);
  const file = join(dir, 'workstation.json');
  writeFileSync(file, policy);
  const machinePolicy = await loadMachinePolicy({ platform: 'linux', file });
  const host = await createHost({ dataDir: join(dir, 'ws'), serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 60 * 60_000, machinePolicy });
  hosts.push(host);
  return host;
}

const refusal = async (p: Promise<unknown>): Promise<LanternError> => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof LanternError)) throw new Error('expected a LanternError');
  return e;
};

describe('machine policy at sign-in', () => {
  it('refuses an account outside allowedUsers before the server is asked, audits it, and applies the machine auto-lock', async () => {
    const host = await hostWithPolicy(JSON.stringify({ allowedUsers: ['Dr.Ada'], autoLockMinutes: 3 }));
    const { session, store } = host.services;
    expect(session.autoLockMs).toBe(3 * 60_000);
    const e = await refusal(session.signIn('rn.ben', 'lantern-demo'));
    expect([e.code, e.message]).toEqual(['FORBIDDEN', 'Your organisation has not allowed this account to sign in on this workstation. Use another workstation or ask IT to add you.']);
    const denied = listUnsentAudit(storeDbOf(store), 100).filter((a) => a.action === 'login-failed');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', detail: { reason: 'machine-policy' } });
    // dr.ada is admitted: the sign-in goes on to the (unreachable) server and then the offline check.
    const next = await refusal(session.signIn('dr.ada', 'lantern-demo'));
    expect(next.code).toBe('UNAVAILABLE');
    expect((await session.current()).status).toBe('signed-out');
  }, 60_000);

  it('a bad policy file: the workstation starts, nothing from the file applies, sign-in is paused naming the bad key', async () => {
    const host = await hostWithPolicy(JSON.stringify({ autoLockMinutes: 0, serverUrl: 'https://elsewhere.example' }));
    const { session } = host.services;
    expect(session.autoLockMs).toBe(60 * 60_000);
    const e = await refusal(session.signIn('dr.ada', 'lantern-demo'));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('autoLockMinutes: must be between 1 and 240');
    const view = machinePolicyView(host.services.machine ?? null, null, session.autoLockMs);
    expect(view).toMatchObject({ status: 'invalid', serverUrl: 'http://127.0.0.1:9', problem: 'autoLockMinutes: must be between 1 and 240' });
  }, 60_000);
});
