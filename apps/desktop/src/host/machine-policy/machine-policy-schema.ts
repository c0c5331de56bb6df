/**
 * Machine-wide workstation policy: the settings IT sets once per machine, which override the user's
 * and the environment's. One schema for every source (the Linux file, the Windows registry written by
 * Group Policy from policy/admx/lantern.admx, the macOS managed preferences of a configuration
 * profile), so a setting means the same thing wherever it came from.
 *
 * Strict: a key this version does not know is refused by name rather than ignored (a misspelt
 * `autoLockMinute` must not leave a ward PC unlocked while IT believes it is set).
 */
import { z } from 'zod';
import { UPDATE_CHANNELS } from '@lantern/core/workstation-version';

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL of the ${what}` });
const names = (what: string) => z.array(z.string().trim().min(1, `must not contain an empty ${what}`).max(128)).min(1, `must list at least one ${what}`).max(1000);

export const MachinePolicySchema = z.strictObject({
  /** The sync server this workstation talks to. */
  serverUrl: httpUrl('sync server'),
  /** An internal CA bundle (PEM) trusted, besides the public roots, for the sync server's HTTPS. */
  trustedCaFile: z.string().min(1).max(1024).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path to a PEM file'),
  /** Same bounds as the organisation's policy (org-policy.ts). */
  autoLockMinutes: z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes').min(1, 'must be between 1 and 240').max(240, 'must be between 1 and 240'),
  offlineGrantHours: z.number({ error: 'must be a whole number of hours' }).int('must be a whole number of hours').min(1, 'must be between 1 and 720').max(720, 'must be between 1 and 720'),
  /** Usernames allowed to sign in on this machine (compared case-insensitively). */
  allowedUsers: names('username'),
  /** Units (as the server assigns them to accounts) whose staff may sign in on this machine. */
  allowedUnits: names('unit'),
  /** The HTTP(S) proxy the host uses to reach the sync server. */
  proxy: httpUrl('proxy'),
  /**
   * The update channel the updater follows: only the channels the sync server serves (core's
   * UPDATE_CHANNELS). Any other name would follow a feed that does not exist, so the machine would
   * silently never update while IT believes it is on the pilot.
   */
  updateChannel: z.enum(UPDATE_CHANNELS, { error: `must be one of ${UPDATE_CHANNELS.join(', ')}` }),
}).partial();
export type MachinePolicy = z.output<typeof MachinePolicySchema>;
export type MachinePolicyKey = keyof MachinePolicy;

export const MACHINE_POLICY_KEYS = Object.keys(MachinePolicySchema.shape) as MachinePolicyKey[];

/**
 * Registry value names under HKLM\SOFTWARE\Policies\Lantern (policy/admx/lantern.admx uses the same
 * names; a test checks both ways). Numbers are REG_DWORD, lists REG_MULTI_SZ, the rest REG_SZ.
 */
export const REGISTRY_VALUE_NAMES = {
  serverUrl: 'ServerUrl',
  trustedCaFile: 'TrustedCaFile',
  autoLockMinutes: 'AutoLockMinutes',
  offlineGrantHours: 'OfflineGrantHours',
  allowedUsers: 'AllowedUsers',
  allowedUnits: 'AllowedUnits',
  proxy: 'Proxy',
  updateChannel: 'UpdateChannel',
} as const satisfies Record<MachinePolicyKey, string>;

/** The registry key Group Policy writes (Microsoft's convention for application policies). */
export const REGISTRY_KEY = 'HKLM\\SOFTWARE\\Policies\\Lantern';
export const LINUX_POLICY_FILE = '/etc/lantern/workstation.json';
/** A configuration profile's payload for the preference domain `org.lantern.workstation` lands here. */
export const MACOS_POLICY_FILE = '/Library/Managed Preferences/org.lantern.workstation.plist';

/** What IT reads when a policy is refused: each bad key named with what is wrong, never the value. */
export function policyProblems(error: z.ZodError): { keys: string[]; message: string } {
  const keys: string[] = [];
  const parts: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        keys.push(k);
        parts.push(`${k}: not a Lantern workstation setting`);
      }
      continue;
    }
    const key = issue.path.length === 0 ? '(policy)' : String(issue.path[0]);
    keys.push(key);
    parts.push(issue.path.length === 0 ? 'must be an object of settings' : `${key}: ${issue.message}`);
  }
  return { keys: [...new Set(keys)], message: parts.join('; ') };
}
