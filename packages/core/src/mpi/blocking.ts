/**
 * Candidate blocking: only records sharing at least one key are scored, so a check against
 * 100,000 patients scores tens of records, not all of them. The keys are chosen so that each
 * common kind of duplicate still shares one with its original (Christen, "Data Matching", 2012,
 * ch. 4): a typo in one name keeps the other name's key; a married name keeps the given name's;
 * a transposed day and month keeps the date key (day and month sorted); a mistyped year keeps
 * the given name + day/month key; names entered the wrong way round keep the (sorted) name pair.
 * The keys are plain strings, so the server can store them in an indexed table and the
 * workstation can keep them in memory.
 */
import { canonicalGivenNames } from './nicknames.ts';
import type { MatchPerson } from './person.ts';
import { phonetic } from './strings.ts';

function monthDaySorted(birthDate: string): string {
  const [, m = '', d = ''] = birthDate.split('-');
  return m <= d ? `${m}${d}` : `${d}${m}`;
}

export function blockingKeys(p: MatchPerson): string[] {
  const keys = new Set<string>();
  const year = p.birthDate?.slice(0, 4) ?? null;
  const md = p.birthDate === null ? null : monthDaySorted(p.birthDate);
  const givenCodes = p.given[0] === undefined ? [] : [...new Set(canonicalGivenNames(p.given[0]).map(phonetic))];
  const familyCodes = [p.familyPhonetic, ...p.formerFamily.map(phonetic)].filter((c) => c !== '');

  for (const f of familyCodes) if (year !== null) keys.add(`f:${f}:${year}`);
  for (const g of givenCodes) {
    if (year !== null) keys.add(`g:${g}:${year}`);
    if (md !== null) keys.add(`gmd:${g}:${md}`);
    for (const f of familyCodes) keys.add(`gf:${g < f ? `${g}:${f}` : `${f}:${g}`}`);
  }
  if (year !== null && md !== null) keys.add(`d:${year}:${md}`);
  for (const phone of p.phones) keys.add(`p:${phone}`);
  for (const id of p.identifiers) keys.add(`i:${id.system}|${id.value}`);
  return [...keys];
}

/** Identifier and date keys are always searched; name and phone keys are skipped when a block is this large. */
export const MAX_BLOCK_SIZE = 2000;

/** True for keys that are searched however large their block (an identifier is a near-certain signal). */
export const isUnboundedKey = (key: string): boolean => key.startsWith('i:');
