/**
 * Three-way merge of one resource for `sync.push` (ARCHITECTURE.md, Sync protocol). `base` is the
 * version the client edited, `theirs` the server's current version, `mine` the client's; null
 * means deleted (or, for `base`, not yet created). Safety rule: a clinical write is never silently
 * lost or overwritten, so anything ambiguous is a conflict.
 *
 * - Field by field (recursing into objects): a field changed on one side only takes that side's
 *   value; the same change on both sides is fine; different changes are a conflict at that path.
 * - Arrays are merged element by element matched by identity, never by index (array-identity.ts).
 *   Elements added on either side survive; an element deleted on one side and edited on the other
 *   is a conflict; two different replacements of the same weakly identified element (a code
 *   changed two ways) are a conflict. Order: the server's, then the client's new elements.
 * - Any client change to a safety-critical field (safety-critical.ts) while the server has also
 *   moved on is a conflict, unless the server already holds exactly the client's value.
 * - Delete vs edit, either way, is a conflict; a delete of an unchanged resource, or deletes on
 *   both sides, is a clean deletion: `{ kind: 'clean', resource: null }`.
 * - `meta` is server-owned: not compared, and a clean result carries `theirs.meta` (the server sets
 *   the new version when it stores it). `resourceType` and `id` must agree, or it throws BAD_INPUT.
 *
 * On a conflict nothing is merged: the caller keeps the server's state, records the conflict with
 * `fields` (paths as in diff.ts) and returns it to the client for a clinician to resolve.
 * The inputs are never mutated; a clean result may share unchanged sub-objects with them.
 */
import { LanternError } from '../errors.ts';
import type { ResourceJson } from './protocol.ts';
import { elementPath, keyArray, type KeyedElement } from './array-identity.ts';
import { diffFields, diffPaths, withoutMeta } from './diff.ts';
import { isPlainObject, joinPath, sameValue, type JsonObject } from './json-value.ts';
import { isSignedNote, matchesCriticalField, safetyCriticalFields } from './safety-critical.ts';

export { diffFields } from './diff.ts';
export { safetyCriticalFields, isSignedNote } from './safety-critical.ts';

export type MergeOutcome =
  | { kind: 'clean'; resource: ResourceJson | null }
  | { kind: 'conflict'; fields: string[] };

export interface MergeInput {
  resourceType: string;
  base: ResourceJson | null;
  mine: ResourceJson | null;
  theirs: ResourceJson | null;
}

/** Fields every resource carries that are not merged as content. */
const ENVELOPE = new Set(['resourceType', 'id', 'meta']);

export function threeWayMerge({ resourceType, base, mine, theirs }: MergeInput): MergeOutcome {
  const id = checkSameResource(resourceType, [base, mine, theirs]);
  if (mine === null && theirs === null) return clean(null);
  if (base === null && mine === null) return clean(theirs);
  if (base === null && theirs === null) return clean(mine);
  const b: ResourceJson = base ?? { resourceType, id };
  if (mine === null) return theirs === null || sameResource(theirs, b) ? clean(null) : conflict(diffFields(b, theirs, resourceType));
  if (theirs === null) return sameResource(mine, b) ? clean(null) : conflict(diffFields(b, mine, resourceType));
  if (sameResource(mine, b)) return clean(theirs);

  // Not short-cut when only the client changed: the merge still keeps the server's array order.
  const serverMovedOn = !sameResource(theirs, b);
  const conflicts = new Set<string>(serverMovedOn ? safetyConflicts(resourceType, b, mine, theirs) : []);
  const merged = mergeObject(b, mine, theirs, '', conflicts, ENVELOPE);
  if (conflicts.size > 0) return conflict([...conflicts]);
  return clean(withMetaOf({ resourceType, id, ...merged }, theirs));
}

const clean = (resource: ResourceJson | null): MergeOutcome => ({ kind: 'clean', resource });
const conflict = (fields: Iterable<string>): MergeOutcome => ({ kind: 'conflict', fields: [...new Set(fields)].sort() });

const sameResource = (a: ResourceJson, b: ResourceJson): boolean => sameValue(withoutMeta(a), withoutMeta(b), '');

/** `resource` with the server's `meta` (or none if the server's copy has none). */
function withMetaOf(resource: ResourceJson, theirs: ResourceJson): ResourceJson {
  const { meta: _stale, ...rest } = resource;
  const meta = theirs['meta'];
  return meta === undefined ? rest : { resourceType: rest['resourceType'], id: rest['id'], meta, ...rest };
}

/** All versions must be the same resource; returns its id. A mismatch is the caller's bug. */
function checkSameResource(resourceType: string, versions: readonly (ResourceJson | null)[]): string {
  let id: string | undefined;
  for (const v of versions) {
    if (v === null) continue;
    if (v['resourceType'] !== resourceType) throw new LanternError('BAD_INPUT', `threeWayMerge: every version must be a ${resourceType}`);
    const vid = v['id'];
    if (typeof vid !== 'string' || (id !== undefined && vid !== id)) throw new LanternError('BAD_INPUT', 'threeWayMerge: every version must have the same id');
    id = vid;
  }
  if (id === undefined) throw new LanternError('BAD_INPUT', 'threeWayMerge: at least one version must exist');
  return id;
}

/** Paths of safety-critical fields the client changed to something the server does not hold. */
function safetyConflicts(resourceType: string, base: JsonObject, mine: JsonObject, theirs: JsonObject): string[] {
  const signed = isSignedNote(resourceType, base) || isSignedNote(resourceType, theirs);
  const critical = signed ? ['*'] : safetyCriticalFields(resourceType);
  const out: string[] = [];
  for (const key of new Set([...Object.keys(base), ...Object.keys(mine)])) {
    if (ENVELOPE.has(key) || !matchesCriticalField(critical, key)) continue;
    if (sameValue(mine[key], base[key], key) || sameValue(mine[key], theirs[key], key)) continue;
    diffPaths(base[key], mine[key], key, key, out);
  }
  return out;
}

function mergeValue(b: unknown, m: unknown, t: unknown, path: string, field: string, conflicts: Set<string>): unknown {
  if (sameValue(m, b, field)) return t;
  const serverUnchanged = sameValue(t, b, field);
  if (!serverUnchanged && sameValue(m, t, field)) return t; // the same change on both sides
  // Recurse even when only the client changed: the result keeps the server's array order.
  if (isPlainObject(b) && isPlainObject(m) && isPlainObject(t)) return mergeObject(b, m, t, path, conflicts);
  if (Array.isArray(m) && Array.isArray(t) && (b === undefined || Array.isArray(b))) {
    const merged = mergeArray(b ?? [], m, t, path, field, conflicts);
    if (merged !== null) return merged;
  }
  if (serverUnchanged) return m;
  conflicts.add(path);
  return t;
}

function mergeObject(b: JsonObject, m: JsonObject, t: JsonObject, path: string, conflicts: Set<string>, skip?: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(t), ...Object.keys(m), ...Object.keys(b)])) {
    if (skip?.has(key) === true) continue;
    const v = mergeValue(b[key], m[key], t[key], joinPath(path, key), key, conflicts);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function mergeArray(b: readonly unknown[], m: readonly unknown[], t: readonly unknown[], path: string, field: string, conflicts: Set<string>): unknown[] | null {
  const kb = keyArray(field, b);
  const km = keyArray(field, m);
  const kt = keyArray(field, t);
  if (kb === null || km === null || kt === null) return null; // no identities: merged as one value
  if (replacedBothWays(kb, km, kt)) {
    conflicts.add(path);
    return [...t];
  }
  const at = (e: KeyedElement) => elementPath(path, e.identity);
  const out: unknown[] = [];
  for (const [key, te] of kt) {
    const be = kb.get(key);
    const me = km.get(key);
    if (me !== undefined) out.push(mergeValue(be?.value, me.value, te.value, at(te), field, conflicts));
    else if (be === undefined) out.push(te.value); // added by the server
    else if (!sameValue(te.value, be.value, field)) conflicts.add(at(te)); // client deleted what the server edited
    // else: the client deleted an element the server left alone
  }
  for (const [key, me] of km) {
    if (kt.has(key)) continue;
    const be = kb.get(key);
    if (be === undefined) out.push(me.value); // added by the client
    else if (!sameValue(me.value, be.value, field)) conflicts.add(at(me)); // server deleted what the client edited
  }
  return out;
}

/**
 * Both sides dropped the same weakly identified element and each added something the other did
 * not: most likely the same code, phone or address edited two ways. Ambiguous, so a conflict.
 */
function replacedBothWays(kb: Map<string, KeyedElement>, km: Map<string, KeyedElement>, kt: Map<string, KeyedElement>): boolean {
  const droppedByBoth = [...kb.values()].some((e) => !e.identity.strong && !km.has(e.identity.key) && !kt.has(e.identity.key));
  if (!droppedByBoth) return false;
  const mineOnly = [...km.keys()].some((k) => !kb.has(k) && !kt.has(k));
  const theirsOnly = [...kt.keys()].some((k) => !kb.has(k) && !km.has(k));
  return mineOnly && theirsOnly;
}
