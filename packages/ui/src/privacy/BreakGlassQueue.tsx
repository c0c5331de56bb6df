import { useState } from 'react';
import { Button, Group, Modal, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { BreakGlassItem } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, FormActions, LoadingSkeleton, notify, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

type Status = 'open' | 'reviewed' | 'all';
const viewedText = (v: Record<string, number>) => Object.entries(v).map(([k, n]) => `${k} ×${n}`).join(', ') || 'Nothing opened';

/** Every break-glass grant for review: reason, duration, what was viewed; overdue first; reviewed ones stay searchable. */
export function BreakGlassQueue() {
  const api = useApi();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>('open');
  const [search, setSearch] = useState('');
  const [reviewing, setReviewing] = useState<BreakGlassItem | null>(null);
  const [outcome, setOutcome] = useState<'appropriate' | 'refer'>('appropriate');
  const [note, setNote] = useState('');
  const list = useQuery({ queryKey: ['privacy', 'breakGlass', status, search], queryFn: () => api.privacy.breakGlassQueue({ status, search }) });
  const review = useMutation({
    mutationFn: () => api.privacy.reviewBreakGlass({ grantId: reviewing?.grantId ?? '', outcome, note }),
    onSuccess: async () => {
      notify('success', outcome === 'refer' ? 'Referred for investigation' : 'Marked appropriate', 'Review recorded');
      setReviewing(null);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['privacy', 'breakGlass'] });
    },
  });
  const columns: ColumnDef<BreakGlassItem, unknown>[] = [
    { id: 'grantedAt', header: 'Granted', accessorFn: (g) => g.grantedAt, cell: (c) => formatDateTime(c.row.original.grantedAt), meta: { nowrap: true } },
    { id: 'user', header: 'User', accessorFn: (g) => g.username, meta: { rowHeader: true } },
    { id: 'patient', header: 'Patient', accessorFn: (g) => g.patient?.name ?? g.patientId, cell: (c) => `${c.row.original.patient?.name ?? '—'} · MRN ${c.row.original.patient?.mrn ?? '—'}` },
    { id: 'reason', header: 'Reason', accessorFn: (g) => g.reason },
    { id: 'used', header: 'Used', accessorFn: (g) => g.usedMinutes, cell: (c) => `${c.row.original.usedMinutes} min`, meta: { nowrap: true, align: 'right' } },
    { id: 'viewed', header: 'Viewed under it', accessorFn: (g) => viewedText(g.viewed) },
    {
      id: 'status', header: 'Review', accessorFn: (g) => (g.reviewedAt === null ? (g.overdue ? 0 : 1) : 2),
      cell: (c) => {
        const g = c.row.original;
        if (g.reviewedAt !== null) return <Stack gap={0}><StatusBadge status={g.reviewOutcome === 'refer' ? 'warning' : 'normal'}>{g.reviewOutcome === 'refer' ? 'Referred' : 'Appropriate'}</StatusBadge><Text size="xs">{g.reviewer} · {g.reviewNote}</Text></Stack>;
        return <Group gap={6} wrap="nowrap">{g.overdue ? <StatusBadge status="critical">Overdue</StatusBadge> : <StatusBadge status="info">Open</StatusBadge>}<Button size="compact-sm" onClick={() => setReviewing(g)} aria-label={`Review break-glass by ${g.username}`}>Review</Button></Group>;
      },
    },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Break-glass review" description="Every emergency access, with its reason and what was opened under it. Overdue reviews come first." />
      <Group gap="sm" align="flex-end">
        <SegmentedControl aria-label="Which grants" value={status} onChange={(v) => setStatus(v === 'reviewed' || v === 'all' ? v : 'open')} data={[{ value: 'open', label: 'To review' }, { value: 'reviewed', label: 'Reviewed' }, { value: 'all', label: 'All' }]} />
        <TextInput label="Search" description="User, reason or review note" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={300} />
      </Group>
      {list.isPending ? <LoadingSkeleton label="Loading break-glass grants" /> : list.isError ? <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        : <DataTable data={list.data} columns={columns} caption="Break-glass grants" captionHidden getRowId={(g) => g.grantId} emptyTitle={status === 'open' ? 'Nothing to review' : 'No grants match'} stickyHeaderOffset={52}
            rowProps={(g) => ({ 'data-testid': `grant-${g.grantId}` })} />}
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={reviewing !== null} onClose={() => setReviewing(null)} title="Review break-glass access" size="lg">
        {reviewing !== null && (
          <form onSubmit={(e) => { e.preventDefault(); review.mutate(); }}>
            <Stack gap="sm">
              <Text size="sm">{reviewing.username} opened {reviewing.patient?.name ?? 'a patient'} on {formatDateTime(reviewing.grantedAt)}: “{reviewing.reason}”. Viewed: {viewedText(reviewing.viewed)}.</Text>
              <Radio.Group label="Outcome" value={outcome} onChange={(v) => setOutcome(v === 'refer' ? 'refer' : 'appropriate')}>
                <Group mt={4}><Radio value="appropriate" label="Appropriate" /><Radio value="refer" label="Refer for investigation" /></Group>
              </Radio.Group>
              <Textarea label="Review note" description="Required: what you checked and why you decided so" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={3}
                error={review.isError ? errorMessage(review.error) : undefined} data-autofocus />
              <FormActions>
                <Button type="submit" loading={review.isPending} disabled={note.trim().length < 5}>Record review</Button>
                <Button variant="default" onClick={() => setReviewing(null)}>Cancel</Button>
              </FormActions>
            </Stack>
          </form>
        )}
      </Modal>
    </Stack>
  );
}
