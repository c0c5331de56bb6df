import type { VitalSign } from '@lantern/core';
import { displayUnit } from '../format/format.ts';

export function vitalValueText(v: Pick<VitalSign, 'value' | 'unit' | 'secondary'>): string {
  return v.secondary === undefined ? `${v.value} ${displayUnit(v.unit)}` : `${v.value}/${v.secondary.value} ${displayUnit(v.unit)}`;
}

export function rangeText(r: VitalSign['referenceRange']): string {
  if (r === null) return '—';
  if (r.low !== null && r.high !== null) return `${r.low}–${r.high}`;
  if (r.low !== null) return `≥ ${r.low}`;
  if (r.high !== null) return `≤ ${r.high}`;
  return '—';
}
