import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { ConflictsInbox, type ConflictChoice } from './ConflictsInbox.tsx';

/** The conflicts inbox screen, reached from the sync status bar's conflicts count. */
export function ConflictsScreen({ onClose }: { onClose(): void }) {
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: queryKeys.conflicts, queryFn: () => api.conflicts.list(null), refetchInterval: 5000 });
  const resolve = useMutation({
    mutationFn: ({ conflictId, choice }: { conflictId: string; choice: ConflictChoice }) => api.conflicts.resolve(conflictId, choice),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.conflicts });
      void qc.invalidateQueries({ queryKey: queryKeys.sync });
      void qc.invalidateQueries({ queryKey: ['chart'] });
    },
  });
  return (
    <section className="conflicts-screen" aria-label="Conflicts">
      <button type="button" onClick={onClose}>Back to patients</button>
      {list.isError && <p role="alert" className="error">{errorMessage(list.error)}</p>}
      {resolve.isError && <p role="alert" className="error">{errorMessage(resolve.error)}</p>}
      {list.data === undefined ? <p className="muted" role="status">Loading conflicts…</p> : (
        <ConflictsInbox conflicts={list.data} onResolve={(conflictId, choice) => resolve.mutate({ conflictId, choice })} busy={resolve.isPending ? (resolve.variables.conflictId) : null} />
      )}
    </section>
  );
}
