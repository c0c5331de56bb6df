import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';

/**
 * What the organisation set for this workstation (auto-lock, offline grant, sync interval, CDS
 * suppression window), as the workstation last heard it on sync, and whether it wiped the
 * workstation. Null until a server has said anything (the workstation's own settings apply then).
 */
export function useOrganisation() {
  const api = useApi();
  const organisation = api.session.organisation?.bind(api.session);
  return useQuery({
    queryKey: ['session', 'organisation'],
    queryFn: async () => (organisation === undefined ? { policy: null, wipedAt: null, mustChangePassword: false } : organisation()),
    refetchInterval: 5000,
  });
}

export const minutesText = (n: number): string => `${n} minute${n === 1 ? '' : 's'}`;
