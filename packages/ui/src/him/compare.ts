/** The rows HIM compares for a suspected duplicate pair, and which of them differ. */
import type { ReviewPatient } from '../api/features/him-api.ts';
import { formatDate } from '../format/format.ts';

export interface CompareRow {
  field: string;
  a: string;
  b: string;
  differs: boolean;
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');
const SEX: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };
const shortSystem = (system: string): string => system.replace(/^https?:\/\/[^/]+\//, '').replace(/^urn:(oid:)?/, '').split('/').at(-1) ?? system;

export function identifierText(p: ReviewPatient): string {
  return p.identifiers.map((i) => `${shortSystem(i.system)} ${i.value}`).join('; ');
}

/** Name, birth date, sex, address, phone and identifiers of both records; a missing value reads "Not recorded". */
export function compareRows(a: ReviewPatient, b: ReviewPatient): CompareRow[] {
  const cell = (v: string | null): string => (v === null || v.trim() === '' ? 'Not recorded' : v);
  const rows: [string, string | null, string | null][] = [
    ['Name', a.name, b.name],
    ['Birth date', a.birthDate === null ? null : formatDate(a.birthDate), b.birthDate === null ? null : formatDate(b.birthDate)],
    ['Sex', a.sex === null ? null : (SEX[a.sex] ?? a.sex), b.sex === null ? null : (SEX[b.sex] ?? b.sex)],
    ['Address', a.address, b.address],
    ['Phone', a.phone, b.phone],
    ['Identifiers', identifierText(a), identifierText(b)],
  ];
  return rows.map(([field, x, y]) => ({ field, a: cell(x), b: cell(y), differs: norm(cell(x)) !== norm(cell(y)) }));
}
