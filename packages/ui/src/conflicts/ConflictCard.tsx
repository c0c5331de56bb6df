import { useId, useState } from 'react';
import { Alert, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import type { ConflictView } from '@lantern/core/conflicts';
import { ConfirmDialog, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';
import { ConflictComparison } from './ConflictComparison.tsx';
import type { ConflictChoice } from './conflict-choice.ts';

const KIND_TEXT: Record<ConflictView['kind'], string> = {
  'both-edited': 'You and someone else changed this record while offline.',
  'deleted-on-server': 'This record was deleted on the server after you changed it.',
  'deleted-by-me': 'You deleted this record; someone else changed it meanwhile.',
  rejected: 'The server did not accept this change. The record shows the server\'s version until you decide.',
};

/** What taking the server's side costs, said before it happens (the clinician's change is dropped for good). */
const DISCARD_TEXT: Record<'rejected' | 'conflict', { title: string; body: string; confirm: string }> = {
  rejected: { title: 'Discard your change?', body: 'Your change is dropped and the server\'s version stays in the chart. This cannot be undone.', confirm: 'Discard my change' },
  conflict: { title: 'Take the server\'s version?', body: 'Your version of this record is dropped and the server\'s is kept. This cannot be undone.', confirm: 'Take the server\'s' },
};

export interface ConflictCardProps {
  view: ConflictView;
  onResolve(conflictId: string, choice: ConflictChoice): void;
  busy: boolean;
}

/** One inbox entry: what happened, the comparison, and the decisions that close it. */
export function ConflictCard({ view, onResolve, busy }: ConflictCardProps) {
  const id = useId();
  const refused = view.kind === 'rejected';
  const [merging, setMerging] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());
  const fields = [...new Set(view.rows.map((r) => r.field))];
  const choose = (field: string, useMine: boolean) => setMine((s) => {
    const n = new Set(s);
    if (useMine) n.add(field);
    else n.delete(field);
    return n;
  });
  const discard = DISCARD_TEXT[refused ? 'rejected' : 'conflict'];
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={`${id}-h`} data-testid="conflict">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={2} id={`${id}-h`} fz="h3">{view.title}</Title>
            <Text size="sm" c="dimmed">Recorded {formatDateTime(view.createdAt)}</Text>
          </Stack>
          {refused ? <StatusBadge status="critical">Not accepted by the server</StatusBadge> : <StatusBadge status="warning">Conflict</StatusBadge>}
        </Group>
        <Text size="sm">{KIND_TEXT[view.kind]}</Text>
        {refused && (
          <Alert variant="light" color="red" title="The server's reason" data-testid="conflict-reason" styles={{ message: { color: 'var(--mantine-color-text)' }, title: { color: 'var(--mantine-color-text)' } }}>
            {view.rejectedReason ?? view.rejectedCode ?? 'No reason was given.'}
          </Alert>
        )}
        <ConflictComparison view={view} />
        {merging ? (
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={600} size="sm">Choose each field</Text>
            {fields.map((f) => {
              const label = view.rows.filter((r) => r.field === f).map((r) => r.label).join(', ');
              return (
                <Radio.Group key={f} label={`Use which version of ${label}`} value={mine.has(f) ? 'mine' : 'server'} onChange={(v) => choose(f, v === 'mine')}>
                  <Group gap="md" mt={4}>
                    <Radio value="server" label="server's" />
                    <Radio value="mine" label="mine" />
                  </Group>
                </Radio.Group>
              );
            })}
            <Group gap="xs">
              <Button disabled={busy} onClick={() => onResolve(view.conflictId, { kind: 'edited-merge', mineFields: [...mine] })}>Save merge</Button>
              <Button variant="default" onClick={() => setMerging(false)}>Back</Button>
            </Group>
          </Stack>
        ) : (
          <Group gap="xs">
            <Button disabled={busy} onClick={() => onResolve(view.conflictId, { kind: 'keep-mine' })}>{refused ? 'Send mine again' : 'Keep mine'}</Button>
            <Button variant="default" disabled={busy} onClick={() => setConfirming(true)}>{refused ? 'Discard my change' : "Take the server's"}</Button>
            {view.kind === 'both-edited' && <Button variant="default" disabled={busy} onClick={() => setMerging(true)}>Merge field by field</Button>}
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={discard.title}
        confirmLabel={discard.confirm}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => { setConfirming(false); onResolve(view.conflictId, { kind: 'take-server' }); }}
      >
        {discard.body}
      </ConfirmDialog>
    </Card>
  );
}
