/** The machine policy as the renderer shows it: each setting's value that applies and who set it. */
import type { MachinePolicyKey } from './machine-policy-schema.ts';
import type { MachinePolicySource } from './load-machine-policy.ts';
import { limitOrigin, type MachineSettings, type OrganisationLimits, type SettingOrigin } from './machine-settings.ts';

export interface SettingView {
  key: MachinePolicyKey;
  /** What applies, as text ("5 minutes", "3 accounts"); null when nothing is set. */
  value: string | null;
  origin: SettingOrigin;
}

export interface MachinePolicyView {
  status: 'absent' | 'ok' | 'invalid';
  source: MachinePolicySource | null;
  /** For IT: which keys are wrong and why (never their values). */
  problem: string | null;
  serverUrl: string | null;
  settings: SettingView[];
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export function machinePolicyView(m: MachineSettings | null, org: OrganisationLimits | null, appliedAutoLockMs: number): MachinePolicyView {
  if (m === null) return { status: 'absent', source: null, problem: null, serverUrl: null, settings: [] };
  const p = m.policy;
  const fromMachine = (key: MachinePolicyKey, value: string | undefined): SettingView => ({ key, value: value ?? null, origin: value === undefined ? 'workstation' : 'machine' });
  const autoLockOrigin = limitOrigin(p.autoLockMinutes, org?.autoLockMinutes ?? null);
  const grantOrigin = limitOrigin(p.offlineGrantHours, org?.offlineGrantHours ?? null);
  const grant = grantOrigin === 'organisation' ? org?.offlineGrantHours : p.offlineGrantHours;
  return {
    status: m.load.status,
    source: m.load.source,
    problem: m.load.status === 'invalid' ? m.load.message : null,
    serverUrl: m.serverUrl,
    settings: [
      { key: 'serverUrl', value: m.serverUrl, origin: p.serverUrl === undefined ? 'workstation' : 'machine' },
      { key: 'autoLockMinutes', value: plural(Math.max(1, Math.round(appliedAutoLockMs / 60_000)), 'minute'), origin: autoLockOrigin },
      { key: 'offlineGrantHours', value: grant === undefined ? null : plural(grant, 'hour'), origin: grantOrigin },
      fromMachine('allowedUsers', p.allowedUsers === undefined ? undefined : plural(p.allowedUsers.length, 'account')),
      fromMachine('allowedUnits', p.allowedUnits?.join(', ')),
      fromMachine('trustedCaFile', p.trustedCaFile),
      fromMachine('proxy', p.proxy),
      fromMachine('updateChannel', p.updateChannel),
    ],
  };
}
