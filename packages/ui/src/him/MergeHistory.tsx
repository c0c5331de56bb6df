import { useState } from 'react';
import { Button, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { MergeRecord } from '../api/features/him-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, EmptyState, ErrorState, FormActions, LoadingSkeleton, notify, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';
import { HIM_KEYS } from './DuplicateQueue.tsx';

/** Every merge, newest first, with its reason; a live merge can be undone with a stated reason. */
export function MergeHistory({ online }: { online: boolean }) {
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: HIM_KEYS.merges, queryFn: () => api.him.merges({ limit: 100 }), enabled: online, retry: false });
  const [undoing, setUndoing] = useState<MergeRecord | null>(null);
  const [reason, setReason] = useState('');
  const unmerge = useMutation({
    mutationFn: (m: MergeRecord) => api.him.unmerge({ mergeId: m.id, reason }),
    onSuccess: async (out) => {
      notify('success', `${out.restored} record item${out.restored === 1 ? '' : 's'} returned to the retired record.`, 'Merge undone');
      setUndoing(null); setReason('');
      await qc.invalidateQueries({ queryKey: ['him'] });
    },
  });
  const columns: ColumnDef<MergeRecord, unknown>[] = [
    { id: 'mergedAt', header: 'Merged', accessorFn: (m) => m.mergedAt, cell: (c) => formatDateTime(c.row.original.mergedAt), meta: { nowrap: true } },
    { id: 'survivor', header: 'Surviving record', accessorFn: (m) => m.survivor.name, meta: { rowHeader: true } },
    { id: 'retired', header: 'Retired record', accessorFn: (m) => m.retired.name },
    { id: 'moved', header: 'Items moved', accessorFn: (m) => m.moved, meta: { align: 'right', nowrap: true } },
    { id: 'reason', header: 'Reason', accessorFn: (m) => m.reason },
    {
      id: 'status', header: 'Status', accessorFn: (m) => m.status,
      cell: (c) => {
        const m = c.row.original;
        if (m.status === 'unmerged') return <StatusBadge status="info">Undone {m.unmergedAt === null ? '' : formatDateTime(m.unmergedAt)}</StatusBadge>;
        return <Button size="compact-sm" variant="default" onClick={() => { setUndoing(m); setReason(''); }} aria-label={`Unmerge ${m.retired.name} from ${m.survivor.name}`}>Unmerge…</Button>;
      },
    },
  ];
  if (!online) return <EmptyState title="The merge history needs the server">Connect to see and undo merges.</EmptyState>;
  if (list.isPending) return <LoadingSkeleton label="Loading merge history" />;
  if (list.isError) return <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  return (
    <>
      <DataTable data={list.data} columns={columns} caption="Merge history" captionHidden getRowId={(m) => m.id} emptyTitle="No merges yet" stickyHeaderOffset={52}
        rowProps={(m) => ({ 'data-testid': `merge-${m.id}` })} />
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={undoing !== null} onClose={() => setUndoing(null)} title="Undo this merge" size="lg">
        {undoing !== null && (
          <form onSubmit={(e) => { e.preventDefault(); unmerge.mutate(undoing); }}>
            <Stack gap="sm">
              <Text size="sm">{undoing.retired.name} becomes a record of its own again, with exactly the {undoing.moved} item{undoing.moved === 1 ? '' : 's'} that came from it. What was recorded on {undoing.survivor.name} since the merge stays there.</Text>
              <Textarea label="Reason" description="Required: why these are two people (kept in the audit trail)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus
                error={unmerge.isError ? errorMessage(unmerge.error) : undefined} />
              <FormActions>
                <Button type="submit" color="red" loading={unmerge.isPending} disabled={reason.trim().length < 3}>Unmerge records</Button>
                <Button variant="default" onClick={() => setUndoing(null)}>Cancel</Button>
              </FormActions>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
