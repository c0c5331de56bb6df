import { useState } from 'react';
import { Button, Card, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { PrivacyAlert } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { EmptyState, ErrorState, FormActions, LoadingSkeleton, notify, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';
import { actionLabel } from './AccessTable.tsx';

export const ALERT_TITLE: Record<PrivacyAlert['kind'], string> = {
  'same-surname': 'Same surname as the user',
  'same-address': 'Same address as the user',
  'after-hours': 'Access outside usual hours',
  'many-charts': 'Unusually many charts in an hour',
  'repeated-denials': 'Repeated access denials',
  'break-glass-frequency': 'Frequent break-glass',
  'restricted-patient': 'Restricted patient accessed',
};

function explain(a: PrivacyAlert): string {
  const d = a.detail;
  switch (a.kind) {
    case 'same-surname': return `${a.username ?? 'A user'} opened the chart of a patient with the same surname.`;
    case 'same-address': return `${a.username ?? 'A user'} opened the chart of a patient at the same address.`;
    case 'after-hours': return `Access at ${String(d['hour'])}:00, outside this user's usual hours.`;
    case 'many-charts': return `${String(d['distinctCharts'])} distinct charts in one hour (own average ${String(d['hourlyAverage'])}, threshold ${String(d['threshold'])}).`;
    case 'repeated-denials': return `${String(d['denials'])} denied accesses within ${String(d['windowMinutes'])} minutes.`;
    case 'break-glass-frequency': return `${String(d['grantsInWeek'])} break-glass grants in 7 days (threshold ${String(d['threshold'])}).`;
    case 'restricted-patient': return `Access to a patient flagged ${d['restriction'] === 'staff' ? 'staff member' : 'VIP'}.`;
  }
}

/** Suspicious-access alerts raised on the server as audit events arrive, each with the events behind it. */
export function AlertsScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'open' | 'acknowledged' | 'all'>('open');
  const [acking, setAcking] = useState<PrivacyAlert | null>(null);
  const [note, setNote] = useState('');
  const list = useQuery({ queryKey: ['privacy', 'alerts', status], queryFn: () => api.privacy.alerts({ status }) });
  const ack = useMutation({
    mutationFn: () => api.privacy.acknowledgeAlert({ alertId: acking?.alertId ?? '', note }),
    onSuccess: async () => { notify('success', 'Alert acknowledged'); setAcking(null); setNote(''); await qc.invalidateQueries({ queryKey: ['privacy', 'alerts'] }); },
  });
  return (
    <Stack gap="sm">
      <PageHeader title="Suspicious-access alerts" description="Raised on the server as audit events arrive, including events synced late from offline workstations." />
      <SegmentedControl aria-label="Which alerts" w={360} value={status} onChange={(v) => setStatus(v === 'acknowledged' || v === 'all' ? v : 'open')}
        data={[{ value: 'open', label: 'Open' }, { value: 'acknowledged', label: 'Acknowledged' }, { value: 'all', label: 'All' }]} />
      {list.isPending ? <LoadingSkeleton label="Loading alerts" /> : list.isError ? <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        : list.data.length === 0 ? <EmptyState title={status === 'open' ? 'No open alerts' : 'No alerts'}>Alerts appear here when an access pattern needs a look.</EmptyState>
        : (
          <Stack gap="xs" role="list" aria-label="Alerts">
            {list.data.map((a) => (
              <Card key={a.alertId} withBorder padding="sm" role="listitem" aria-label={ALERT_TITLE[a.kind]} data-testid={`alert-${a.kind}`}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4}>
                    <Group gap="xs"><StatusBadge status={a.acknowledgedAt === null ? 'warning' : 'normal'}>{a.acknowledgedAt === null ? 'Open' : 'Acknowledged'}</StatusBadge><Text fw={700}>{ALERT_TITLE[a.kind]}</Text></Group>
                    <Text size="sm">{explain(a)} User: <b>{a.username ?? a.userId}</b> ({a.role ?? 'unknown role'}){a.patient !== null ? <> · Patient: <b>{a.patient.name}</b> (MRN {a.patient.mrn ?? '—'})</> : null}</Text>
                    <Text size="xs" c="dimmed">Happened {formatDateTime(a.occurredAt)} · raised {formatDateTime(a.raisedAt)} · {a.eventCount} event{a.eventCount === 1 ? '' : 's'}: {a.events.slice(0, 6).map((e) => `${actionLabel(e.action)} ${formatDateTime(e.deviceTime)}`).join('; ')}</Text>
                    {a.ackNote !== null && <Text size="xs">Note by {a.acknowledgedBy}: {a.ackNote}</Text>}
                  </Stack>
                  {a.acknowledgedAt === null && <Button size="compact-sm" variant="default" style={{ flexShrink: 0 }} onClick={() => setAcking(a)} aria-label={`Acknowledge: ${ALERT_TITLE[a.kind]}`}>Acknowledge</Button>}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={acking !== null} onClose={() => setAcking(null)} title="Acknowledge alert">
        <form onSubmit={(e) => { e.preventDefault(); ack.mutate(); }}>
          <Textarea label="Note" description="Required: what you found" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={3} data-autofocus error={ack.isError ? errorMessage(ack.error) : undefined} />
          <FormActions><Button type="submit" loading={ack.isPending} disabled={note.trim().length < 5}>Acknowledge</Button><Button variant="default" onClick={() => setAcking(null)}>Cancel</Button></FormActions>
        </form>
      </Modal>
    </Stack>
  );
}
