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
  // A session answer still on its way was asked before this change (the first one, when the form showed
  // while the host started) and must not put the old state back: ask again, so the newest answer decides.
  if (qc.isFetching({ queryKey: queryKeys.session }) > 0) void qc.invalidateQueries({ queryKey: queryKeys.session });
}
