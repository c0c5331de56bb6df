import { Button, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { ErrorState, LoadingSkeleton, PageHeader, notify } from '../design/index.ts';
import { ConflictsInbox, type ConflictChoice } from './ConflictsInbox.tsx';

const DONE: Record<ConflictChoice['kind'], string> = {
  'keep-mine': 'Your version will be sent to the server.',
  'take-server': 'The server\'s version is back in the chart.',
  'edited-merge': 'The merged version will be sent to the server.',
};

/** The conflicts inbox screen, reached from the sync status bar's conflicts count. */
export function ConflictsScreen({ onClose }: { onClose(): void }) {
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: queryKeys.conflicts, queryFn: () => api.conflicts.list(null), refetchInterval: 5000 });
  const resolve = useMutation({
    mutationFn: ({ conflictId, choice }: { conflictId: string; choice: ConflictChoice }) => api.conflicts.resolve(conflictId, choice),
    onSuccess: (_r, { choice }) => {
      notify('success', DONE[choice.kind]);
      void qc.invalidateQueries({ queryKey: queryKeys.conflicts });
      void qc.invalidateQueries({ queryKey: queryKeys.sync });
      void qc.invalidateQueries({ queryKey: ['chart'] });
    },
  });
  return (
    <Stack gap="md" component="section" aria-label="Conflicts" className="conflicts-screen" maw={1100}>
      <PageHeader
        title="Conflicts"
        description="Changes the server could not take as they were: compare, then keep yours, take the server's, or merge."
        actions={<Button variant="default" onClick={onClose}>Back to patients</Button>}
      />
      {list.isError && <ErrorState title="The inbox could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />}
      {resolve.isError && <ErrorState title="The decision was not saved" message={errorMessage(resolve.error)} />}
      {list.data === undefined ? (list.isError ? null : <LoadingSkeleton label="Loading conflicts…" />) : (
        <ConflictsInbox conflicts={list.data} onResolve={(conflictId, choice) => resolve.mutate({ conflictId, choice })} busy={resolve.isPending ? resolve.variables.conflictId : null} />
      )}
    </Stack>
  );
}
