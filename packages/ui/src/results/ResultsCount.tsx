import { useQuery } from '@tanstack/react-query';
import { Button, Text, VisuallyHidden } from '@mantine/core';
import { useApi } from '../api/ApiContext.tsx';
import { resultsKeys, RESULTS_REFRESH_MS } from './resultsKeys.ts';

/**
 * The top bar's results count: how many results wait for my acknowledgement, critical ones said in
 * words. For the top bar (`onOpen` goes to /results). The accessible name starts with the visible
 * text ("Results (2) waiting · 1 critical").
 */
export function ResultsCount({ onOpen }: { onOpen: () => void }) {
  const api = useApi();
  const count = useQuery({ queryKey: resultsKeys.count, queryFn: () => api.results.count(), refetchInterval: RESULTS_REFRESH_MS });
  const n = count.data?.unacknowledged ?? 0;
  const critical = count.data?.critical ?? 0;
  return (
    <Button variant="default" size="xs" onClick={onOpen} data-testid="results-count">
      Results ({n})<VisuallyHidden> waiting</VisuallyHidden>
      {/* On its own critical background, so it reads at AA on the light and the dark button alike. */}
      {critical > 0 && <Text span size="xs" fw={700} ml={4} px={4} style={{ background: 'var(--lantern-critical-bg)', color: 'var(--lantern-critical-fg)', borderRadius: 3 }}>· {critical} critical</Text>}
    </Button>
  );
}
