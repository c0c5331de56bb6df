/**
 * The auto-lock a real host applies and reports to the lock screen and idle warning
 * (machinePolicy.current): the shorter of the machine policy's and the organisation's last heard
 * policy (kept in the encrypted store), with who set it; never the organisation's when the machine's
 * is shorter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { OrgPolicyStore } from '../sync/org-policy.ts';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { loadMachinePolicy } from './load-machine-policy.ts';
import { machinePolicyRouter } from './machine-policy-router.ts';

const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A host whose store already holds the organisation's policy (as heard on an earlier sync), under a machine policy. */
async function host(machineMinutes: number, organisationMinutes: number): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-autolock-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'workstation.json'), JSON.stringify({ autoLockMinutes: machineMinutes }));
  const machinePolicy = await loadMachinePolicy({ platform: 'linux', file: join(dir, 'workstation.json') });
  const o = { dataDir: join(dir, 'ws'), serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 60 * 60_000, machinePolicy };
  const first = await createHost(o);
  new OrgPolicyStore(storeDbOf(first.services.store)).save({ autoLockMinutes: organisationMinutes, offlineGrantHours: 72, syncIntervalSeconds: 30, cdsSuppressionHours: 0, updatedAt: '2026-12-01T00:00:00Z' }, new Date());
  await first.close();
  const h = await createHost(o);
  hosts.push(h);
  return h;
}

const applied = async (h: Host) => (await machinePolicyRouter.createCaller({ services: h.services } as never).current()).settings.find((s) => s.key === 'autoLockMinutes');

describe('the auto-lock a host applies and names', () => {
  it("the machine's when it is shorter than the organisation's", async () => {
    const h = await host(5, 10);
    expect(h.services.session.autoLockMs).toBe(5 * 60_000);
    expect(await applied(h)).toEqual({ key: 'autoLockMinutes', value: '5 minutes', origin: 'machine' });
  }, 60_000);

  it("the organisation's when it is shorter than the machine's", async () => {
    const h = await host(30, 10);
    expect(h.services.session.autoLockMs).toBe(10 * 60_000);
    expect(await applied(h)).toEqual({ key: 'autoLockMinutes', value: '10 minutes', origin: 'organisation' });
  }, 60_000);
});
