import { describe, expect, it } from 'vitest';
import type { MachinePolicyLoad } from './load-machine-policy.ts';
import type { MachinePolicy } from './machine-policy-schema.ts';
import { machineSettings } from './machine-settings.ts';
import { machinePolicyView } from './machine-policy-view.ts';

const source = { kind: 'file', location: '/etc/lantern/workstation.json' } as const;
const okLoad = (policy: MachinePolicy): MachinePolicyLoad => ({ status: 'ok', source, policy, trustedCa: null });
const local = { serverUrl: 'http://127.0.0.1:4000', autoLockMs: 30 * 60_000 };

describe('machine policy precedence', () => {
  it('the machine overrides the environment: server URL and auto-lock', () => {
    const m = machineSettings(okLoad({ serverUrl: 'https://sync.hospital.example', autoLockMinutes: 45 }), local);
    expect(m.serverUrl).toBe('https://sync.hospital.example');
    // Longer than the environment's 30: the machine still wins over the environment (it is IT's setting).
    expect(m.autoLockMs).toBe(45 * 60_000);
    const none = machineSettings({ status: 'absent', source }, local);
    expect([none.serverUrl, none.autoLockMs, none.offlineGrantHours]).toEqual([local.serverUrl, local.autoLockMs, null]);
  });

  it('with the organisation policy, the stricter limit applies either way', () => {
    const m = machineSettings(okLoad({ autoLockMinutes: 5, offlineGrantHours: 72 }), local);
    expect(m.withOrganisation({ autoLockMinutes: 10, offlineGrantHours: 24 })).toEqual({ autoLockMs: 5 * 60_000, offlineGrantHours: 24 });
    expect(m.withOrganisation({ autoLockMinutes: 2, offlineGrantHours: 720 })).toEqual({ autoLockMs: 2 * 60_000, offlineGrantHours: 72 });
    const view = machinePolicyView(m, { autoLockMinutes: 10, offlineGrantHours: 24 }, 5 * 60_000);
    expect(view.settings.find((s) => s.key === 'autoLockMinutes')).toEqual({ key: 'autoLockMinutes', value: '5 minutes', origin: 'machine' });
    expect(view.settings.find((s) => s.key === 'offlineGrantHours')).toEqual({ key: 'offlineGrantHours', value: '24 hours', origin: 'organisation' });
    expect(view.settings.find((s) => s.key === 'proxy')).toEqual({ key: 'proxy', value: null, origin: 'workstation' });
  });

  it('allowed users and units decide who may sign in here', () => {
    const m = machineSettings(okLoad({ allowedUsers: ['Dr.Ada', 'nurse.ben'], allowedUnits: ['ICU'] }), local);
    expect(m.admitUser('dr.ada')).toBeNull();
    expect(m.admitUser('billing.bob')?.message).toMatch(/has not allowed this account to sign in on this workstation/);
    expect(m.admitUnits(['ICU', 'ED'])).toBeNull();
    expect(m.admitUnits(['Ward 3'])?.code).toBe('FORBIDDEN');
    expect(m.admitUnits(null)?.message).toMatch(/did not say which units/);
    expect(machineSettings(okLoad({}), local).admitUnits(null)).toBeNull();
  });

  it('a refused policy file applies nothing, pauses sign-in and names the file for IT', () => {
    const m = machineSettings({ status: 'invalid', source, keys: ['autoLockMinutes'], message: 'autoLockMinutes: must be between 1 and 240' }, local);
    expect(m.serverUrl).toBe(local.serverUrl);
    expect(m.admitUser('dr.ada')?.message).toBe('Sign-in is paused on this workstation: its settings from IT are invalid (autoLockMinutes: must be between 1 and 240). Ask IT to correct /etc/lantern/workstation.json.');
    expect(machinePolicyView(m, null, local.autoLockMs)).toMatchObject({ status: 'invalid', problem: 'autoLockMinutes: must be between 1 and 240' });
  });

  it('exports the update channel for the updater', () => {
    expect(machineSettings(okLoad({ updateChannel: 'pilot' }), local).updateChannel()).toBe('pilot');
    expect(machineSettings(okLoad({}), local).updateChannel()).toBeNull();
  });
});
