import type { ResultGrade } from '@lantern/core/results';
import { Text } from '@mantine/core';
import { StatusBadge } from '../design/StatusBadge.tsx';
import { formatDateTime } from '../format/format.ts';

/** A result's grade as a word on a colour; normal and ungraded results show nothing, so flags stand out. */
export function ResultGradeBadge({ grade }: { grade: ResultGrade }) {
  switch (grade) {
    case 'critical': return <StatusBadge status="critical">Critical</StatusBadge>;
    case 'abnormal': return <StatusBadge status="abnormal">Abnormal</StatusBadge>;
    case 'normal':
    case 'unknown': return null;
  }
}

/**
 * A report the laboratory corrected or amended says so, and one acknowledged before the change says
 * who acknowledged the earlier values: the clinician reviews what changed, not a result they think
 * they already saw.
 */
export function ResultRevision({ revised, changedSinceAcknowledged }: {
  revised: 'corrected' | 'amended' | null;
  changedSinceAcknowledged: { by: string; at: string } | null;
}) {
  if (revised === null && changedSinceAcknowledged === null) return null;
  return (
    <span>
      {revised !== null && <StatusBadge status="warning">{revised === 'corrected' ? 'Corrected' : 'Amended'}</StatusBadge>}
      {changedSinceAcknowledged !== null && (
        <Text span size="xs" c="dimmed"> changed since {changedSinceAcknowledged.by} acknowledged it, {formatDateTime(changedSinceAcknowledged.at)}</Text>
      )}
    </span>
  );
}
