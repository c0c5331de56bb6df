import { useQuery } from '@tanstack/react-query';
import { staleKnowledgeBaseMessage } from '@lantern/core/cds';
import { useApi } from '../api/ApiContext.tsx';

/** Shared by every order screen: one host call, refreshed hourly (the review-by date is a day, not a second). */
export const KNOWLEDGE_BASE_QUERY_KEY = ['cds', 'knowledge-base'] as const;

/**
 * Decision support past its knowledge base's review-by date says so on every order screen: its
 * alerts may miss newer interactions or dose limits. The host decides, with its own clock.
 */
export function KnowledgeBaseBanner() {
  const api = useApi();
  const status = useQuery({ queryKey: KNOWLEDGE_BASE_QUERY_KEY, queryFn: () => api.orders.knowledgeBase(), staleTime: 60 * 60 * 1000 });
  if (status.data?.stale !== true) return null;
  return (
    <p className="kb-stale" role="alert" data-testid="kb-stale">{staleKnowledgeBaseMessage(status.data)}</p>
  );
}
