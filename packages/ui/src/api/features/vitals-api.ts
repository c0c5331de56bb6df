import type { HostIn, HostOut } from '../host-contract.ts';

export interface VitalsApi {
  record(input: HostIn['vitals']['record']): Promise<HostOut['vitals']['record']>;
}
