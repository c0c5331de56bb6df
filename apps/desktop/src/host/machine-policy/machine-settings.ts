/**
 * The workstation's effective settings from three layers, and who set each one:
 *   machine policy (IT, per machine)  >  organisation policy (the server, heard on sync)  >  environment / user.
 * For the two settings that are limits (auto-lock minutes, offline grant hours) the organisation's
 * value is a ceiling, as it already was over the environment: the stricter (smaller) of the machine's
 * and the organisation's applies, so neither IT on one PC nor the central policy can loosen the other.
 * Every other machine setting simply replaces the environment's value (the organisation sets none of them).
 */
import { LanternError } from '@lantern/core';
import type { UpdateChannel } from '@lantern/core/workstation-version';
import type { MachinePolicy } from './machine-policy-schema.ts';
import type { MachinePolicyLoad } from './load-machine-policy.ts';

export type SettingOrigin = 'machine' | 'organisation' | 'workstation';

/** The organisation's limits as held (sync/org-policy.ts). */
export interface OrganisationLimits {
  autoLockMinutes: number;
  offlineGrantHours: number;
}

export interface MachineSettings {
  load: MachinePolicyLoad;
  /** The policy when it passed the schema; empty when absent or invalid. */
  policy: MachinePolicy;
  serverUrl: string;
  /** The base before the organisation's ceiling: the machine's minutes, else the environment's. */
  autoLockMs: number;
  offlineGrantHours: number | null;
  trustedCa: string | null;
  /** The organisation's policy under this machine's: what the session applies. */
  withOrganisation(p: OrganisationLimits): { autoLockMs: number; offlineGrantHours: number };
  /** Before anything is sent: null when this username may sign in here, else the refusal to show. */
  admitUser(username: string): LanternError | null;
  /** Once the account is known: its units (null: not known) against allowedUnits. */
  admitUnits(units: readonly string[] | null): LanternError | null;
  /** The update channel IT chose for this machine, or null (the updater's default). */
  updateChannel(): UpdateChannel | null;
}

const refused = (message: string): LanternError => new LanternError('FORBIDDEN', message, { issues: [{ path: 'machinePolicy', message: 'sign-in refused by machine policy' }] });

export function machineSettings(load: MachinePolicyLoad, local: { serverUrl: string; autoLockMs: number }): MachineSettings {
  const policy: MachinePolicy = load.status === 'ok' ? load.policy : {};
  const autoLockMs = policy.autoLockMinutes === undefined ? local.autoLockMs : policy.autoLockMinutes * 60_000;
  const offlineGrantHours = policy.offlineGrantHours ?? null;
  return {
    load,
    policy,
    serverUrl: policy.serverUrl ?? local.serverUrl,
    autoLockMs,
    offlineGrantHours,
    trustedCa: load.status === 'ok' ? load.trustedCa : null,
    withOrganisation: (p) => ({
      autoLockMs: Math.min(p.autoLockMinutes * 60_000, autoLockMs),
      offlineGrantHours: Math.min(p.offlineGrantHours, offlineGrantHours ?? Number.POSITIVE_INFINITY),
    }),
    admitUser: (username) => {
      if (load.status === 'invalid') {
        return refused(`Sign-in is paused on this workstation: its settings from IT are invalid (${load.message}). Ask IT to correct ${load.source.location}.`);
      }
      const users = policy.allowedUsers;
      if (users !== undefined && !users.some((u) => u.toLowerCase() === username.trim().toLowerCase())) {
        return refused('Your organisation has not allowed this account to sign in on this workstation. Use another workstation or ask IT to add you.');
      }
      return null;
    },
    admitUnits: (units) => {
      const allowedUnits = policy.allowedUnits;
      if (allowedUnits === undefined) return null;
      if (units === null) return refused('This workstation is reserved for some units and the server did not say which units your account belongs to. Sign in while the server is reachable or ask IT.');
      return units.some((u) => allowedUnits.includes(u)) ? null : refused('This workstation is reserved for other units. Use a workstation on your unit or ask IT.');
    },
    updateChannel: () => policy.updateChannel ?? null,
  };
}

/** Where the value that applies came from, for the "Set by your organisation" display. */
export function limitOrigin(machine: number | undefined, organisation: number | null): SettingOrigin {
  if (organisation !== null && (machine === undefined || organisation < machine)) return 'organisation';
  return machine === undefined ? 'workstation' : 'machine';
}
