/**
 * Test support for the merge properties (imported by *.test.ts only): which of one side's edits
 * a merged result does not hold. An edit is a changed value, an added array element or a removed
 * array element, found by identity (array-identity.ts) so content-identified elements count too.
 */
import { keyArray } from './array-identity.ts';
import { isPlainObject, joinPath, sameValue } from './json-value.ts';

export function lostWrites(base: unknown, side: unknown, result: unknown, path = '', field = ''): string[] {
  if (sameValue(side, base, field)) return [];
  if (isPlainObject(base) && isPlainObject(side) && isPlainObject(result)) {
    const keys = new Set([...Object.keys(base), ...Object.keys(side)]);
    return [...keys].flatMap((k) => lostWrites(base[k], side[k], result[k], joinPath(path, k), k));
  }
  if (Array.isArray(side) && Array.isArray(result) && (base === undefined || Array.isArray(base))) {
    const kb = keyArray(field, base ?? []);
    const ks = keyArray(field, side);
    const kr = keyArray(field, result);
    if (kb !== null && ks !== null && kr !== null) {
      const lost: string[] = [];
      for (const [key, e] of ks) {
        const inBase = kb.get(key);
        const inResult = kr.get(key);
        if (inBase !== undefined && sameValue(inBase.value, e.value, field)) continue; // not this side's edit
        if (inResult === undefined) lost.push(`${path}[${key}] (dropped)`);
        else if (inBase === undefined) { if (!sameValue(inResult.value, e.value, field)) lost.push(`${path}[${key}]`); }
        else lost.push(...lostWrites(inBase.value, e.value, inResult.value, `${path}[${key}]`, field));
      }
      for (const key of kb.keys()) if (!ks.has(key) && kr.has(key)) lost.push(`${path}[${key}] (deletion undone)`);
      return lost;
    }
  }
  return sameValue(result, side, field) ? [] : [path];
}
