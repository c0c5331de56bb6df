import { Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ConflictView } from '@lantern/core/conflicts';
import { EmptyState } from '../design/index.ts';
import { ConflictCard } from './ConflictCard.tsx';
import type { ConflictChoice } from './conflict-choice.ts';

export type { ConflictChoice } from './conflict-choice.ts';

export interface ConflictsInboxProps {
  conflicts: readonly ConflictView[];
  onResolve(conflictId: string, choice: ConflictChoice): void;
  /** conflictId being resolved (buttons disabled), if any. */
  busy?: string | null;
}

/**
 * The conflicts inbox: each conflict, or each write the server did not accept, as a card with the
 * clinician's version beside the server's, field by field. There is deliberately no "dismiss": an
 * entry leaves the inbox only through a decision (ARCHITECTURE.md: a clinical write is never silently
 * lost or overwritten).
 */
export function ConflictsInbox({ conflicts, onResolve, busy = null }: ConflictsInboxProps) {
  if (conflicts.length === 0) {
    return (
      <EmptyState title="No conflicts" icon={<IconCircleCheck size={28} />}>
        Nothing is waiting for your decision: your changes on this workstation reached the server or were decided here.
      </EmptyState>
    );
  }
  const refused = conflicts.filter((c) => c.kind === 'rejected').length;
  return (
    <Stack gap="md" component="section" aria-label="Open conflicts">
      <Text size="sm" c="dimmed" data-testid="conflicts-summary">
        {summary(conflicts.length - refused, refused)} Each one stays here until you decide.
      </Text>
      {conflicts.map((c) => <ConflictCard key={c.conflictId} view={c} onResolve={onResolve} busy={busy === c.conflictId} />)}
    </Stack>
  );
}

function summary(conflicts: number, refused: number): string {
  const parts = [
    conflicts > 0 ? `${conflicts} conflict${conflicts === 1 ? '' : 's'}` : '',
    refused > 0 ? `${refused} change${refused === 1 ? '' : 's'} not accepted by the server` : '',
  ].filter((p) => p !== '');
  return `${parts.join(' and ')}.`;
}
