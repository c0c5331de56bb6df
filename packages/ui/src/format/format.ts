/**
 * Display helpers for FHIR values. Dates are shown unambiguously (e.g. 07 Mar 1958), joined with
 * no-break spaces so a date or a date-time never wraps across lines in a narrow table cell.
 */
import type { CodeableConcept, Dosage, Reference } from '@lantern/core';

/** U+00A0: a space the browser never breaks a line at. */
export const NBSP = '\u00a0';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(iso: string | undefined | null): string {
  if (iso === undefined || iso === null || iso === '') return '—';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (m === null) return iso;
  const [, y, mo, d] = m;
  if (mo === undefined) return y ?? iso;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return d === undefined ? `${month}${NBSP}${y}` : `${d}${NBSP}${month}${NBSP}${y}`;
}

/** Age as the banner and lists show it; "Age unknown" (never "0 y") when the birth date is missing or impossible. */
export const formatAge = (ageYears: number | null): string => (ageYears === null ? 'Age unknown' : `${ageYears} y`);

export function formatDateTime(iso: string | undefined | null): string {
  if (iso === undefined || iso === null || iso === '') return '—';
  const t = /T(\d{2}):(\d{2})/.exec(iso);
  if (t === null) return formatDate(iso);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return formatDate(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`)}${NBSP}${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function conceptText(c: CodeableConcept | undefined): string {
  if (c === undefined) return '—';
  return c.text ?? c.coding?.find((x) => x.display !== undefined)?.display ?? c.coding?.[0]?.code ?? '—';
}

export function firstCode(c: CodeableConcept | undefined): string | undefined {
  return c?.coding?.[0]?.code;
}

export function referenceText(r: Reference | undefined): string {
  return r?.display ?? '—';
}

export function dosageText(d: Dosage[] | undefined): string {
  const first = d?.[0];
  if (first === undefined) return '—';
  if (first.text !== undefined) return first.text;
  const dose = first.doseAndRate?.[0]?.doseQuantity;
  const parts = [
    dose === undefined ? undefined : `${dose.value ?? ''} ${dose.unit ?? dose.code ?? ''}`.trim(),
    first.route === undefined ? undefined : conceptText(first.route),
    first.timing?.code === undefined ? undefined : conceptText(first.timing.code),
  ].filter((p): p is string => p !== undefined && p !== '—');
  return parts.length === 0 ? '—' : parts.join(' · ');
}

export const SEX_LABEL = { male: 'M', female: 'F', other: 'Other', unknown: 'Unknown sex' } as const;

/** UCUM codes as clinicians read them (http://unitsofmeasure.org): `Cel` is shown as °C, `kg/m2` as kg/m². */
const UCUM_DISPLAY: Record<string, string> = {
  Cel: '°C',
  '[degF]': '°F',
  'kg/m2': 'kg/m²',
  '[lb_av]': 'lb',
  '[in_i]': 'in',
  'mm[Hg]': 'mmHg',
  '10*3/uL': '×10³/µL',
  '10*6/uL': '×10⁶/µL',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
  'mL/min/1.73m2': 'mL/min/1.73 m²',
  ug: 'µg',
  'ug/L': 'µg/L',
  'ug/dL': 'µg/dL',
};

export function displayUnit(unit: string): string {
  return UCUM_DISPLAY[unit] ?? unit;
}
