/**
 * Small helpers over resource JSON for the merge: plain-object checks and equality that treats
 * arrays of identifiable elements as unordered (array-identity.ts), so reordering an array is not
 * an edit.
 */
import { keyArray } from './array-identity.ts';

export type JsonObject = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `parent.key` with no leading dot at the root. */
export const joinPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Deep equality of two JSON values. `field` is the property name the values sit under, which
 * decides how array elements are identified. Arrays whose elements all have a unique identity
 * compare as sets keyed by identity; other arrays compare position by position. A property set
 * to undefined equals an absent one.
 */
export function sameValue(a: unknown, b: unknown, field: string): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return sameArray(a, b, field);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k], k)) return false;
    return true;
  }
  return false;
}

function sameArray(a: readonly unknown[], b: readonly unknown[], field: string): boolean {
  if (a.length !== b.length) return false;
  const ka = keyArray(field, a);
  const kb = ka === null ? null : keyArray(field, b);
  if (ka !== null && kb !== null) {
    for (const [key, ea] of ka) {
      const eb = kb.get(key);
      if (eb === undefined || !sameValue(ea.value, eb.value, field)) return false;
    }
    return true;
  }
  return a.every((item, i) => sameValue(item, b[i], field));
}
