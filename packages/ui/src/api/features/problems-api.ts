import type { HostIn, HostOut } from '../host-contract.ts';

export type ListChange = HostIn['problems']['change']['change'];

export interface ProblemsApi {
  add(input: HostIn['problems']['add']): Promise<HostOut['problems']['add']>;
  /** A problem or an allergy resolved, inactive, active again, or entered in error (reason required for that). */
  change(input: HostIn['problems']['change']): Promise<HostOut['problems']['change']>;
}
