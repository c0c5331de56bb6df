/**
 * References in written resources (http://hl7.org/fhir/R4/references.html): which patient's record
 * a resource belongs to, the rule that a relative reference must name a type this server stores,
 * and the rewriting of `urn:uuid:` references inside transaction and batch Bundles.
 */
import { isUuid, type ResourceJson } from '@lantern/core';
import type { Queryable } from '../db/database.ts';
import { badRequest, unprocessable } from './outcome.ts';
import { SHARED_PARTITION, typeDef } from './registry.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const RELATIVE_REF = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Every `reference` string in a resource (contained resources excluded), with its FHIRPath-ish path. */
export function collectReferences(resource: unknown, prefix: string): { path: string; reference: string }[] {
  const out: { path: string; reference: string }[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'contained') continue;
        if (k === 'reference' && typeof x === 'string') out.push({ path: `${path}.reference`, reference: x });
        else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(resource, prefix);
  return out;
}

/**
 * A `urn:uuid:` reference only means something inside a Bundle. References to resource types
 * Lantern does not store (Organization, Medication, Location, ...) are kept as given: they are
 * links to records held elsewhere, and Lantern neither resolves nor rejects them.
 */
export function checkReferences(resource: ResourceJson, type: string): void {
  for (const { path, reference } of collectReferences(resource, type)) {
    if (reference.startsWith('urn:uuid:')) throw badRequest(path, 'a urn:uuid reference is only resolved inside a transaction or batch Bundle');
  }
}

/** Rewrites `urn:uuid:` references through `map` (fullUrl -> Type/id); returns the unresolved ones. */
export function rewriteUrnReferences(resource: unknown, map: ReadonlyMap<string, string>): string[] {
  const missing: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string' && x.startsWith('urn:')) {
          const to = map.get(x);
          if (to === undefined) missing.push(x);
          else v[k] = to;
        } else {
          walk(x);
        }
      }
    }
  };
  walk(resource);
  return missing;
}

function patientIdOf(reference: unknown): string | null {
  if (typeof reference !== 'string') return null;
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/\d+)?$/.exec(reference);
  return m === null ? null : (m[1] as string);
}

/**
 * The patient whose record holds this resource (the partition key). `known` maps `Type/id` to
 * the patient of resources written earlier in the same Bundle.
 */
export async function patientOf(q: Queryable, type: string, id: string, resource: ResourceJson, known: ReadonlyMap<string, string> = new Map()): Promise<string> {
  const link = typeDef(type)?.link;
  if (link === undefined) throw badRequest('resourceType', `unsupported type ${type}`);
  switch (link.kind) {
    case 'self':
      if (!isUuid(id)) throw badRequest(`${type}.id`, 'Lantern patient ids are UUIDs');
      return id;
    case 'shared':
      return SHARED_PARTITION;
    case 'reference': {
      const path = `${type}.${link.element}`;
      const el = resource[link.element];
      const ref = isObj(el) ? el['reference'] : undefined;
      if (ref === undefined) throw unprocessable(path, 'Lantern keeps every clinical record in a patient\'s chart: reference the Patient (Patient/<id>)');
      const pid = patientIdOf(ref);
      if (pid === null) throw unprocessable(`${path}.reference`, 'must reference a Patient (Lantern stores Patient subjects only)');
      if (!isUuid(pid)) throw unprocessable(`${path}.reference`, `Patient/${pid.slice(0, 64)} does not exist on this server`);
      return pid;
    }
    case 'target': {
      const targets = Array.isArray(resource['target']) ? (resource['target'] as unknown[]) : [];
      for (const t of targets) {
        const pid = patientIdOf(isObj(t) ? t['reference'] : undefined);
        if (pid !== null && isUuid(pid)) return pid;
      }
      for (const [i, t] of targets.entries()) {
        const ref = isObj(t) ? t['reference'] : undefined;
        const m = typeof ref === 'string' ? RELATIVE_REF.exec(ref) : null;
        if (m === null) continue;
        const k = `${m[1]}/${m[2]}`;
        const fromBundle = known.get(k);
        if (fromBundle !== undefined) return fromBundle;
        const r = await q.query('SELECT patient_id FROM resources WHERE resource_type = $1 AND id = $2 AND NOT deleted', [m[1], m[2]]);
        const row = r.rows[0] as { patient_id: string } | undefined;
        if (row === undefined) throw unprocessable(`${type}.target[${i}].reference`, `${k} does not exist on this server`);
        return row.patient_id;
      }
      throw unprocessable(`${type}.target`, 'must reference a resource of a patient\'s record on this server');
    }
    default: {
      const never: never = link;
      throw new Error(`unknown link ${String(never)}`);
    }
  }
}

/** The resource's patient must exist (checked after the writes of a Bundle, inside its transaction). */
export async function assertPatientExists(q: Queryable, type: string, patientId: string): Promise<void> {
  if (patientId === SHARED_PARTITION || type === 'Patient') return;
  const r = await q.query("SELECT 1 FROM resources WHERE patient_id = $1 AND resource_type = 'Patient' AND id = $2 AND NOT deleted", [patientId, patientId]);
  if (r.rowCount === 0) throw unprocessable(`${type}.${typeDef(type)?.link.kind === 'reference' ? (typeDef(type)?.link as { element: string }).element : 'target'}`, `Patient/${patientId} does not exist on this server`);
}
