import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { MachinePolicyView } from '../api/features/machine-policy-api.ts';

const NONE: MachinePolicyView = { status: 'absent', source: null, problem: null, serverUrl: null, settings: [] };

/**
 * What IT set for this machine (the host reads it once at start: a changed file applies at the next
 * start) and the values that apply with the organisation's policy. Answered signed out too.
 */
export function useMachinePolicy() {
  const api = useApi();
  const current = api.machinePolicy?.current.bind(api.machinePolicy);
  return useQuery({
    queryKey: ['machine-policy'],
    queryFn: async () => (current === undefined ? NONE : current()),
    // The organisation's part can change on any sync.
    refetchInterval: 15_000,
  });
}
