/**
 * String metrics and phonetics for patient matching, from `talisman` (a well-kept library, not
 * hand-written) plus the normalisation every comparison starts from.
 */
// The declarations live beside this file because talisman ships none; a path reference makes them
// visible to every package that compiles core's sources (server, host, bench), not just core.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./talisman.d.ts" />
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import talismanDoubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import talismanDamerau from 'talisman/metrics/damerau-levenshtein.js';

/** Jaro-Winkler similarity in [0, 1] of two normalised strings. */
export const jaroWinkler = (a: string, b: string): number => (a === b ? 1 : a === '' || b === '' ? 0 : talismanJaroWinkler(a, b));

/** Edit distance where swapping two adjacent characters is one edit (the commonest keying slip). */
export const editDistance = (a: string, b: string): number => (a === b ? 0 : talismanDamerau(a, b));

/**
 * The primary Double Metaphone code of a normalised name token ('' for an empty one). Accents
 * are removed first by `normalizeName`, so "Müller" and "Muller" share a code.
 */
export function phonetic(token: string): string {
  if (token === '') return '';
  const [primary] = talismanDoubleMetaphone(token.toUpperCase());
  return primary === '' ? token.slice(0, 4).toUpperCase() : primary;
}

/**
 * Lower case, accents removed (NFD, combining marks dropped), letters and digits only, with the
 * characters Unicode does not decompose mapped by hand (ø, ß, æ, ł, đ).
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o').replace(/ß/g, 'ss').replace(/æ/g, 'ae').replace(/ł/g, 'l').replace(/đ/g, 'd')
    .replace(/[^a-z0-9]/g, '');
}

/** Name tokens: a string split on spaces and hyphens, each normalised, empty ones dropped. */
export function nameTokens(s: string): string[] {
  return s.split(/[\s-]+/u).map(normalizeName).filter((t) => t !== '');
}

/** Digits only (phones, postal codes, identifiers typed with separators). */
export const digitsOnly = (s: string): string => s.replace(/\D/g, '');
