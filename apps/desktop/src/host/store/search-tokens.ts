/**
 * What patient search indexes and how a typed query becomes an FTS5 query. A clinician types
 * part of a name, an MRN, or a birth date as 1980-03-04, 03/04/1980 or 19800304; every term is a
 * prefix, all terms must match (https://sqlite.org/fts5.html#fts5_prefix_queries).
 */
import type { Patient } from '@lantern/core';
import { SYSTEM } from '@lantern/core';

export interface PatientSearchRow {
  nameKey: number;
  mrn: string;
  name: string;
  sortName: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  tokens: string;
}

const alnum = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function nameTokens(part: string): string[] {
  const pieces = part.split(/[\s\-'’.]+/).map(alnum).filter((p) => p !== '');
  const joined = alnum(part);
  return pieces.length > 1 ? [...pieces, joined] : pieces;
}

/** The birth date spelled the ways people type it: 19800304 (ISO) and 03041980 (US). */
export function dateTokens(birthDate: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (m === null) return [];
  const [, y, mo, d] = m;
  return [`${y}${mo}${d}`, `${mo}${d}${y}`];
}

export function mrnTokens(mrn: string): string[] {
  const a = alnum(mrn);
  const digits = mrn.replace(/\D+/g, '');
  const out = new Set([a]);
  if (digits !== '') {
    out.add(digits);
    const trimmed = digits.replace(/^0+(?=\d)/, '');
    out.add(trimmed);
  }
  return [...out].filter((t) => t !== '');
}

export function patientSearchRow(p: Patient): PatientSearchRow {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const given = name?.given ?? [];
  const family = name?.family ?? '';
  const display = name?.text ?? [...given, family].filter((s) => s !== '').join(' ');
  const mrn = p.identifier?.find((i) => i.system === SYSTEM.mrn)?.value ?? p.identifier?.[0]?.value ?? '';
  const birthDate = p.birthDate ?? '';
  const tokens = [...given.flatMap(nameTokens), ...nameTokens(family), ...mrnTokens(mrn), ...dateTokens(birthDate)];
  return {
    nameKey: searchNameKey(family, given.join(' ')),
    mrn,
    name: display,
    sortName: `${family.toLowerCase()}\u0000${given.join(' ').toLowerCase()}`,
    birthDate,
    sex: p.gender ?? 'unknown',
    tokens: [...new Set(tokens)].join(' '),
  };
}

const letters = (s: string): string => s.normalize('NFD').toLowerCase().replace(/[^a-z]+/g, '');

/** Patients whose name keys collide (same 6+2 letters) share a block of this many rowids. */
export const SEARCH_ROWID_SPREAD = 2 ** 14;

/**
 * The name key of a patient's search rowid: the first 6 letters of the family name and 2 of the
 * given name, base 27, so that FTS5, which returns matches in rowid order, returns them in name
 * order and `LIMIT` can stop after the first screenful instead of sorting every match
 * (a 3-letter prefix can match thousands of 100,000 patients). 27^8 * 2^14 < 2^53, so rowids
 * stay exact JavaScript numbers.
 */
export function searchNameKey(family: string, given: string): number {
  const f = letters(family).padEnd(6, '`').slice(0, 6);
  const g = letters(given).padEnd(2, '`').slice(0, 2);
  let key = 0;
  for (const ch of f + g) key = key * 27 + (ch.charCodeAt(0) - 96); // '`' (pad) is 0, a..z are 1..26
  return key;
}

const pad2 = (s: string): string => s.padStart(2, '0');

function queryTerm(term: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(term);
  if (iso !== null) return `${iso[1]}${pad2(iso[2] ?? '')}${iso[3] === undefined ? '' : pad2(iso[3])}`;
  const us = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(term);
  if (us !== null) return `${pad2(us[1] ?? '')}${pad2(us[2] ?? '')}${us[3] ?? ''}`;
  const t = alnum(term);
  return t === '' ? null : t;
}

/** The FTS5 MATCH expression for a typed query, or null when nothing searchable was typed. */
export function toFtsQuery(query: string): string | null {
  const terms = query
    .split(/[\s,;]+/)
    .map(queryTerm)
    .filter((t): t is string => t !== null)
    .slice(0, 8);
  if (terms.length === 0) return null;
  // Terms are alphanumeric after queryTerm, so quoting cannot be escaped out of.
  return terms.map((t) => `"${t}"*`).join(' ');
}
