import type { ResultGrade } from '@lantern/core/results';
import { StatusBadge } from '../design/StatusBadge.tsx';

/** A result's grade as a word on a colour; normal and ungraded results show nothing, so flags stand out. */
export function ResultGradeBadge({ grade }: { grade: ResultGrade }) {
  switch (grade) {
    case 'critical': return <StatusBadge status="critical">Critical</StatusBadge>;
    case 'abnormal': return <StatusBadge status="abnormal">Abnormal</StatusBadge>;
    case 'normal':
    case 'unknown': return null;
  }
}
