import type { HostIn, HostOut } from '../host-contract.ts';

/** updates.*: this workstation's update state (answered signed out too) and, for administrators, the packages on the server. */
export interface UpdatesApi {
  status(): Promise<HostOut['updates']['status']>;
  check(): Promise<HostOut['updates']['check']>;
  packages(input: HostIn['updates']['packages']): Promise<HostOut['updates']['packages']>;
  setRollout(input: HostIn['updates']['setRollout']): Promise<HostOut['updates']['setRollout']>;
}

export type UpdateStatusView = HostOut['updates']['status'];
export type UpdatePackage = HostOut['updates']['packages']['packages'][number];
