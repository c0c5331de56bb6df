import type { HostOut } from '../host-contract.ts';

/** machinePolicy.*: what IT set for this machine (shown locked, "Set by your organisation"); answered signed out too. */
export interface MachinePolicyApi {
  current(): Promise<HostOut['machinePolicy']['current']>;
}

export type MachinePolicyView = HostOut['machinePolicy']['current'];
export type WorkstationSetting = MachinePolicyView['settings'][number];
