/**
 * Which fields differ between two versions of a resource, as paths like `status`,
 * `dosageInstruction[id=d1].doseAndRate` or `telecom`: the deepest differing element, array
 * elements named by identity (array-identity.ts), never by index. `meta` is server-owned
 * and ignored; reordering an array of identifiable elements is not a change.
 */
import { LanternError } from '../errors.ts';
import type { ResourceJson } from './protocol.ts';
import { elementPath, keyArray } from './array-identity.ts';
import { isPlainObject, joinPath, sameValue } from './json-value.ts';

/** Paths under `path` where `a` and `b` differ; `field` is the property the values sit under. */
export function diffPaths(a: unknown, b: unknown, path: string, field: string, out: string[] = []): string[] {
  if (sameValue(a, b, field)) return out;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[k], b[k], joinPath(path, k), k, out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = keyArray(field, a);
    const kb = ka === null ? null : keyArray(field, b);
    if (ka !== null && kb !== null) {
      for (const [key, ea] of ka) {
        const eb = kb.get(key);
        if (eb === undefined) out.push(elementPath(path, ea.identity));
        else diffPaths(ea.value, eb.value, elementPath(path, ea.identity), field, out);
      }
      for (const [key, eb] of kb) if (!ka.has(key)) out.push(elementPath(path, eb.identity));
      return out;
    }
  }
  out.push(path);
  return out;
}

/** The top-level view of a resource the merge compares: everything but server-owned `meta`. */
export function withoutMeta(resource: ResourceJson): ResourceJson {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

/** Changed field paths from `a` to `b` (sorted, unique). Both must be `resourceType`. */
export function diffFields(a: ResourceJson, b: ResourceJson, resourceType: string): string[] {
  for (const r of [a, b]) {
    if (r['resourceType'] !== resourceType) throw new LanternError('BAD_INPUT', `diffFields: expected ${resourceType} resources`);
  }
  return [...new Set(diffPaths(withoutMeta(a), withoutMeta(b), '', ''))].sort();
}
