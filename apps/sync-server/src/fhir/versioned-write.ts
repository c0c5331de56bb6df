/**
 * Version-aware FHIR writes (http://hl7.org/fhir/R4/http.html#concurrency): an update or delete of
 * a patient's clinical record must say which version it was made on, so a FHIR client can never
 * silently undo a workstation's change. The base is `If-Match: W/"n"`, else `meta.versionId` in
 * the body; with neither the answer is 428 Precondition Required. A stale base goes through the
 * same three-way merge as sync.push (core's `threeWayMerge`): a clean merge is written, a conflict
 * (both sides changed a field, or a safety-critical field such as a dose) is 409 and nothing is
 * overwritten. A base the server never had is 412.
 *
 * Shared types (Practitioner) keep plain optimistic locking: If-Match is optional, a stale one 412.
 */
import { threeWayMerge, validateResourceNamed, type ResourceJson } from '@lantern/core';
import type pg from 'pg';
import { vreadResource, type StoredResource } from '../db/resources.ts';
import { FhirError } from './outcome.ts';

/** What the write is based on and what it finally writes. */
export interface VersionedWrite {
  /** The version the client edited (for the field-level policy): the stored base or the current. */
  edited: ResourceJson | null;
  /** What to write: the client's resource, or the merge of it onto the current version. */
  resource: ResourceJson | null;
  /** The merge kept exactly what the server holds: nothing to write. */
  unchanged: boolean;
}

/** `meta.versionId` of a body, when it is a version number. */
export function bodyVersion(resource: ResourceJson | null): number | null {
  const v = (resource?.['meta'] as { versionId?: unknown } | undefined)?.versionId;
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

const same = (a: ResourceJson | null, b: ResourceJson | null): boolean => {
  const strip = (r: ResourceJson | null) => (r === null ? null : JSON.stringify({ ...r, meta: undefined }));
  return strip(a) === strip(b);
};

/**
 * Resolves the base of a write to an existing record and merges when it is stale. `current` is
 * the locked current row (not deleted); `mine` is the client's resource (null: delete).
 */
export async function versionedWrite(
  c: pg.ClientBase,
  w: { type: string; id: string; shared: boolean; ifMatch: number | null; mine: ResourceJson | null; current: StoredResource },
): Promise<VersionedWrite> {
  const theirs = w.current.resource;
  const base = w.ifMatch ?? bodyVersion(w.mine);
  if (base === null) {
    if (w.shared) return { edited: theirs, resource: w.mine, unchanged: false };
    throw new FhirError('PRECONDITION_REQUIRED', `${w.mine === null ? 'A delete' : 'An update'} of ${w.type}/${w.id} needs the version it was made on: send If-Match: W/"${w.current.version}" (or meta.versionId) so a newer version is never silently replaced`, {
      issues: [{ path: 'If-Match', message: 'required for updates and deletes of clinical records' }],
    });
  }
  if (base === w.current.version) return { edited: theirs, resource: w.mine, unchanged: false };
  const stored = w.shared || base > w.current.version ? null : await vreadResource(c, w.type, w.id, base);
  if (stored === null) {
    throw new FhirError('VERSION_MISMATCH', `If-Match W/"${base}" does not match the current version W/"${w.current.version}" of ${w.type}/${w.id}`);
  }
  const mine = w.mine === null ? null : { ...w.mine, meta: theirs?.['meta'] };
  const merged = threeWayMerge({ resourceType: w.type, base: stored.resource, mine, theirs });
  if (merged.kind === 'conflict') {
    throw new FhirError('CONFLICT', `${w.type}/${w.id} changed on the server since version ${base} (now ${w.current.version}) in ${merged.fields.join(', ').slice(0, 300)}: read the current version and decide again; nothing was written`, {
      issues: merged.fields.slice(0, 50).map((path) => ({ path: `${w.type}.${path}`, message: `changed since version ${base}` })),
    });
  }
  if (merged.resource !== null) {
    const v = validateResourceNamed(merged.resource, w.type);
    if (!v.ok) throw new FhirError('CONFLICT', `${w.type}/${w.id}: merging onto version ${w.current.version} gives an invalid resource; read it and decide again`, { issues: v.error.issues });
  }
  return { edited: stored.resource, resource: merged.resource, unchanged: same(merged.resource, theirs) };
}
