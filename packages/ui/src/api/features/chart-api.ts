import type { HostOut } from '../host-contract.ts';

/** chart.*: opening a chart (audited), its lists, observations and one note. */
export interface ChartApi {
  /** `refresh`: the same chart re-read while open (after a sync), not a new view. */
  open(patientId: string, refresh?: boolean): Promise<HostOut['chart']['open']>;
  lists(patientId: string): Promise<HostOut['chart']['lists']>;
  observations(patientId: string): Promise<HostOut['chart']['observations']>;
  note(patientId: string, noteId: string): Promise<HostOut['chart']['note']>;
}
