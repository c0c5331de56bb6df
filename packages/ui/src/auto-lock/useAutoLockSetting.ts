import { useMachinePolicy } from '../machine-policy/useMachinePolicy.ts';
import { minutesText, useOrganisation } from './useOrganisation.ts';

export interface AutoLockSetting {
  /** The timeout that applies, as text ("5 minutes"). */
  text: string;
  /** Decided by IT on this machine or by the organisation's policy: the user cannot change it. */
  setByOrganisation: boolean;
}

/**
 * The auto-lock timeout that actually applies and who decided it, as the host computes it
 * (machinePolicy.current): the shorter of the machine policy's and the organisation's, else the
 * workstation's own. A host without the machine-policy feature falls back to the organisation's.
 */
export function useAutoLockSetting(): AutoLockSetting | null {
  const machine = useMachinePolicy().data;
  const organisation = useOrganisation().data?.policy ?? null;
  const applied = machine?.settings.find((s) => s.key === 'autoLockMinutes');
  if (applied?.value != null) return { text: applied.value, setByOrganisation: applied.origin === 'machine' || applied.origin === 'organisation' };
  return organisation === null ? null : { text: minutesText(organisation.autoLockMinutes), setByOrganisation: true };
}
