import { useQuery } from '@tanstack/react-query';
import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { staleKnowledgeBaseMessage } from '@lantern/core/cds';
import { useApi } from '../api/ApiContext.tsx';

/** Shared by every order screen: one host call, refreshed hourly (the review-by date is a day, not a second). */
export const KNOWLEDGE_BASE_QUERY_KEY = ['cds', 'knowledge-base'] as const;

/**
 * Decision support past its knowledge base's review-by date says so on every order screen: its
 * alerts may miss newer interactions or dose limits. The host decides, with its own clock. A screen
 * shows it once: where a form and its check-and-sign step are on screen together, only the latter says it.
 */
export function KnowledgeBaseBanner() {
  const api = useApi();
  const status = useQuery({ queryKey: KNOWLEDGE_BASE_QUERY_KEY, queryFn: () => api.orders.knowledgeBase(), staleTime: 60 * 60 * 1000 });
  if (status.data?.stale !== true) return null;
  return (
    // The design system's warning colours (--lantern-warning-*: AA in light and dark), like every other alert.
    <Alert role="alert" data-testid="kb-stale" color="yellow" variant="light" p="xs" mb="xs" icon={<IconAlertTriangle size={18} aria-hidden />}
      styles={{ root: { background: 'var(--lantern-warning-bg)', border: '1px solid var(--lantern-warning-border)' }, message: { color: 'var(--lantern-warning-fg)' } }}>
      {staleKnowledgeBaseMessage(status.data)}
    </Alert>
  );
}
