import type { ResultValue } from '@lantern/core/results';
import { displayUnit } from '../format/format.ts';

/** One result as a short line: "K 7.4 mmol/L (HH)"; the flag letters only when out of range. */
export function valueText(v: ResultValue): string {
  const flag = v.interpretation !== null && v.interpretation !== 'N' ? ` (${v.interpretation})` : '';
  const shown = v.value === null ? (v.text ?? '—') : `${v.value} ${displayUnit(v.unit)}`.trim();
  return `${v.label} ${shown}${flag}`;
}
