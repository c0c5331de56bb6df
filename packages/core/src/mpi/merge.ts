/**
 * Patient merge as data (FHIR R4 Patient.link, https://hl7.org/fhir/R4/patient-definitions.html#Patient.link):
 * the retired record becomes inactive with a `replaced-by` link to the survivor, the survivor gains a
 * `replaces` link, and every reference to the retired patient inside a moved resource is re-pointed.
 * Pure, so the server (which merges) and the workstation (which re-points its local copies on pull)
 * apply exactly the same rules. An unmerge is the exact inverse of each step.
 */
import type { Patient } from '../fhir/index.ts';

type PatientLink = NonNullable<Patient['link']>[number];

const refTo = (id: string): string => `Patient/${id}`;
const linksTo = (l: PatientLink, id: string, type: PatientLink['type']): boolean => l.type === type && l.other?.reference === refTo(id);

/** The retired record: inactive, `replaced-by` the survivor (a tombstone for reads, kept for history). */
export function retiredPatient(p: Patient, survivorId: string): Patient {
  const link = (p.link ?? []).filter((l) => !linksTo(l, survivorId, 'replaced-by'));
  return { ...p, active: false, link: [...link, { other: { reference: refTo(survivorId) }, type: 'replaced-by' }] };
}

/** The survivor, with a `replaces` link to the retired record. */
export function survivingPatient(p: Patient, retiredId: string): Patient {
  const link = (p.link ?? []).filter((l) => !linksTo(l, retiredId, 'replaces'));
  return { ...p, link: [...link, { other: { reference: refTo(retiredId) }, type: 'replaces' }] };
}

/** Undoes `retiredPatient`: the link goes, `active` is what it was before (absent when `wasActive` is null). */
export function restoredPatient(p: Patient, survivorId: string, wasActive: boolean | null): Patient {
  const { active: _drop, link, ...rest } = p;
  const kept = (link ?? []).filter((l) => !linksTo(l, survivorId, 'replaced-by'));
  return { ...rest, ...(wasActive === null ? {} : { active: wasActive }), ...(kept.length > 0 ? { link: kept } : {}) };
}

/** Undoes `survivingPatient`. */
export function unlinkedSurvivor(p: Patient, retiredId: string): Patient {
  const { link, ...rest } = p;
  const kept = (link ?? []).filter((l) => !linksTo(l, retiredId, 'replaces'));
  return { ...rest, ...(kept.length > 0 ? { link: kept } : {}) };
}

/** The survivor's id when `p` was merged into another record (inactive with a replaced-by link), else null. */
export function mergedInto(p: Patient): string | null {
  if (p.active !== false) return null;
  const ref = p.link?.find((l) => l.type === 'replaced-by')?.other?.reference;
  return ref?.startsWith('Patient/') === true ? ref.slice('Patient/'.length) : null;
}

/**
 * A copy of any JSON value with every `reference` to `Patient/<fromId>` (with or without a
 * `_history` suffix or an absolute base) pointing at `Patient/<toId>`. Other fields are untouched.
 */
export function repointReferences<T>(value: T, fromId: string, toId: string): T {
  const from = refTo(fromId);
  const rewrite = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) return v.map((x) => rewrite(x, null));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x, k)]));
    }
    if (key === 'reference' && typeof v === 'string') {
      const at = v.indexOf(from);
      const after = v.slice(at + from.length);
      const isAbsoluteOrRelative = at === 0 || v[at - 1] === '/';
      if (at >= 0 && isAbsoluteOrRelative && (after === '' || after.startsWith('/_history/'))) {
        return `${v.slice(0, at)}${refTo(toId)}${after.startsWith('/_history/') ? '' : after}`;
      }
    }
    return v;
  };
  return rewrite(value, null) as T;
}

/** The meta.tag a moved resource carries while it lives on the survivor: where it came from. */
export const MERGED_FROM_SYSTEM = 'urn:lantern:merged-from';

interface Tagged { meta?: { tag?: { system?: string; code?: string }[] } }

/** Marks a resource moved by a merge with the record it came from (so an unmerge on a workstation can find it). */
export function tagMergedFrom<T extends Tagged>(r: T, retiredId: string): T {
  const tag = (r.meta?.tag ?? []).filter((t) => t.system !== MERGED_FROM_SYSTEM);
  return { ...r, meta: { ...r.meta, tag: [...tag, { system: MERGED_FROM_SYSTEM, code: retiredId }] } };
}

/** Removes the merge tag (an unmerge gives the resource back exactly as it was). */
export function untagMergedFrom<T extends Tagged>(r: T): T {
  if (r.meta?.tag === undefined) return r;
  const tag = r.meta.tag.filter((t) => t.system !== MERGED_FROM_SYSTEM);
  const { tag: _drop, ...meta } = r.meta;
  return { ...r, meta: tag.length > 0 ? { ...meta, tag } : meta };
}

/** The record a resource was moved from by a live merge, or null. */
export const mergedFrom = (r: Tagged): string | null => r.meta?.tag?.find((t) => t.system === MERGED_FROM_SYSTEM)?.code ?? null;
