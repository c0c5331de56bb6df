import { useState } from 'react';
import { Button, Card, Group, Modal, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { DuplicatePair } from '../api/features/him-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { ConfirmDialog, EmptyState, ErrorState, FormActions, LoadingSkeleton, notify, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';
import { PairComparison } from './PairComparison.tsx';

const GRADE: Record<string, { status: 'critical' | 'warning' | 'info'; label: string }> = {
  certain: { status: 'critical', label: 'Certain match' },
  probable: { status: 'warning', label: 'Probable match' },
  possible: { status: 'info', label: 'Possible match' },
};
export const HIM_KEYS = { duplicates: ['him', 'duplicates'] as const, merges: ['him', 'merges'] as const };

/** The duplicate queue: each pair with its score and fields side by side; merge (survivor, reason, confirm) or "not a duplicate". */
export function DuplicateQueue({ online }: { online: boolean }) {
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: HIM_KEYS.duplicates, queryFn: () => api.him.duplicates({ limit: 50 }), enabled: online, retry: false });
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [survivor, setSurvivor] = useState<string>('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [notDuplicate, setNotDuplicate] = useState<DuplicatePair | null>(null);
  const refresh = async () => { await qc.invalidateQueries({ queryKey: ['him'] }); };
  const merge = useMutation({
    mutationFn: (p: DuplicatePair) => api.him.merge({ survivorId: survivor, retiredId: survivor === p.a.id ? p.b.id : p.a.id, reason, reviewId: p.id }),
    onSuccess: async (out) => {
      notify('success', `${out.moved} record item${out.moved === 1 ? '' : 's'} moved to the surviving record. Workstations show one chart after their next sync.`, 'Records merged');
      setMerging(null); setConfirming(false); setReason('');
      await refresh();
    },
    onError: () => setConfirming(false),
  });
  const close = useMutation({
    mutationFn: (p: DuplicatePair) => api.him.markNotDuplicate({ reviewId: p.id }),
    onSuccess: async () => { notify('success', 'The pair will not be offered again.', 'Marked as different people'); setNotDuplicate(null); await refresh(); },
  });

  if (!online) return <EmptyState title="The duplicate queue needs the server">Merging is done on the server only; connect and the queue loads.</EmptyState>;
  if (list.isPending) return <LoadingSkeleton label="Loading suspected duplicates" />;
  if (list.isError) return <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <EmptyState title="No suspected duplicates">New pairs appear here when registrations that look alike arrive.</EmptyState>;
  const nameOf = (p: DuplicatePair, id: string) => (id === p.a.id ? p.a.name : p.b.name);
  return (
    <Stack gap="md">
      {list.data.map((p) => {
        const grade = GRADE[p.grade] ?? { status: 'info' as const, label: p.grade };
        return (
          <Card key={p.id} withBorder padding="sm" component="section" aria-labelledby={`pair-${p.id}`} data-testid={`pair-${p.id}`}>
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Title order={2} id={`pair-${p.id}`} size="h3">{p.a.name} and {p.b.name}</Title>
                <StatusBadge status={grade.status}>{grade.label}</StatusBadge>
                <Text size="sm">Score {Math.round(p.score * 100)}%</Text>
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>Queued {formatDateTime(p.createdAt)}</Text>
            </Group>
            <PairComparison pair={p} labelA="Record A" labelB="Record B" />
            <Group justify="flex-end" mt="sm" gap="xs">
              <Button variant="default" onClick={() => setNotDuplicate(p)} aria-label={`Not a duplicate: ${p.a.name} and ${p.b.name}`}>Not a duplicate</Button>
              <Button onClick={() => { setMerging(p); setSurvivor(p.a.id); setReason(''); }} aria-label={`Merge ${p.a.name} and ${p.b.name}`}>Merge…</Button>
            </Group>
          </Card>
        );
      })}
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={merging !== null && !confirming} onClose={() => setMerging(null)} title="Merge two records" size="lg">
        {merging !== null && (
          <form onSubmit={(e) => { e.preventDefault(); setConfirming(true); }}>
            <Stack gap="sm">
              <Radio.Group label="Surviving record" description="The other record is retired: its allergies, medications, notes and orders move to this one." value={survivor} onChange={setSurvivor}>
                <Stack gap={6} mt={6}>
                  <Radio value={merging.a.id} label={`Record A: ${merging.a.name}, ${merging.a.identifiers[0]?.value ?? ''}`} />
                  <Radio value={merging.b.id} label={`Record B: ${merging.b.name}, ${merging.b.identifiers[0]?.value ?? ''}`} />
                </Stack>
              </Radio.Group>
              <Textarea label="Reason" description="Required: what shows these are one person (kept in the audit trail)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus
                error={merge.isError ? errorMessage(merge.error) : undefined} />
              <FormActions>
                <Button type="submit" disabled={reason.trim().length < 3}>Review merge</Button>
                <Button variant="default" onClick={() => setMerging(null)}>Cancel</Button>
              </FormActions>
            </Stack>
          </form>
        )}
      </Modal>
      <ConfirmDialog opened={merging !== null && confirming} title="Merge these records?" confirmLabel="Merge records" danger
        onConfirm={() => { if (merging !== null) merge.mutate(merging); }} onCancel={() => setConfirming(false)}>
        {merging === null ? '' : `${nameOf(merging, survivor === merging.a.id ? merging.b.id : merging.a.id)} is retired into ${nameOf(merging, survivor)}. Everything recorded on it moves to the surviving record. An unmerge from the merge history undoes this.`}
      </ConfirmDialog>
      <ConfirmDialog opened={notDuplicate !== null} title="Not the same person?" confirmLabel="Mark as different people"
        onConfirm={() => { if (notDuplicate !== null) close.mutate(notDuplicate); }} onCancel={() => setNotDuplicate(null)}>
        The pair leaves the queue and is not offered again.
      </ConfirmDialog>
    </Stack>
  );
}
