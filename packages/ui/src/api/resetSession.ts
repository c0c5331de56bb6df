import type { QueryClient } from '@tanstack/react-query';
import type { SessionState } from '@lantern/core';
import { queryKeys } from './queryKeys.ts';

/**
 * Drops every cached patient list and chart, then shows the new session state. The session query
 * itself is kept (not cleared) so the app re-renders at once for the new state.
 */
export function resetSession(qc: QueryClient, session: SessionState): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.session[0] });
  qc.setQueryData(queryKeys.session, session);
}
