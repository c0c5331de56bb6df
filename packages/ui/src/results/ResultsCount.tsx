import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from '@mantine/core';
import { useApi } from '../api/ApiContext.tsx';
import { resultsKeys, RESULTS_REFRESH_MS } from './resultsKeys.ts';

/**
 * The top bar's results count: how many results wait for my acknowledgement, critical ones said in
 * words. For the top bar (`onOpen` goes to /results); nothing is shown when the count cannot be read.
 */
export function ResultsCount({ onOpen }: { onOpen: () => void }) {
  const api = useApi();
  const count = useQuery({ queryKey: resultsKeys.count, queryFn: () => api.results.count(), refetchInterval: RESULTS_REFRESH_MS });
  const n = count.data?.unacknowledged ?? 0;
  const critical = count.data?.critical ?? 0;
  const label = `Results: ${n} waiting${critical > 0 ? `, ${critical} critical` : ''}`;
  return (
    <Button variant="subtle" size="xs" onClick={onOpen} aria-label={label} data-testid="results-count"
      rightSection={n > 0 ? <Badge size="sm" circle={n < 10} {...(critical > 0 ? { styles: { root: { background: 'var(--lantern-critical-bg)', color: 'var(--lantern-critical-fg)', border: '1px solid var(--lantern-critical-border)' } } } : {})}>{n}</Badge> : undefined}>
      Results
    </Button>
  );
}
