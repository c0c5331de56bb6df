import type { WorkstationSetting } from '../api/features/machine-policy-api.ts';

/** What each machine-policy setting is called on screen (the keys are the policy file's). */
export const SETTING_LABEL: Record<WorkstationSetting['key'], string> = {
  serverUrl: 'Sync server',
  autoLockMinutes: 'Auto-lock after inactivity',
  offlineGrantHours: 'Offline sign-in allowed for',
  allowedUsers: 'Accounts allowed on this workstation',
  allowedUnits: 'Units allowed on this workstation',
  trustedCaFile: 'Trusted internal certificate authority',
  proxy: 'Proxy',
  updateChannel: 'Update channel',
};

/** Set by IT on this machine or by the organisation's central policy: shown locked. */
export const isLocked = (s: WorkstationSetting): boolean => s.origin === 'machine' || s.origin === 'organisation';

export const LOCKED_TEXT = 'Set by your organisation';
