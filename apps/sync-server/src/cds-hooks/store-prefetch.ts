/**
 * Prefetch from Lantern's own store (https://cds-hooks.hl7.org/2.0/#prefetch-template): when a
 * client sends no (or a null) prefetch key, the service reads what that key's template names,
 * and hands it to the engine through the same `prefetchResources` path as client prefetch, so a
 * request answered from the store gives exactly the cards the same data sent as prefetch gives.
 * One query, by patient and type on the primary key, with the templates' filters:
 * medications active or on hold, labs by LOINC code (eGFR, creatinine, body weight and height).
 */
import { BODY_HEIGHT_LOINC, BODY_WEIGHT_LOINC, CREATININE_LOINC, EGFR_LOINC, type PrefetchKey } from '@lantern/core/cds';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { PREFETCH_TYPE } from './policy.ts';

const LAB_CODES = [...EGFR_LOINC, ...CREATININE_LOINC, ...BODY_WEIGHT_LOINC, ...BODY_HEIGHT_LOINC].map((c) => `http://loinc.org|${c}`);
const MEDICATION_STATUSES = ['active', 'on-hold'];

const Row = z.object({ patient_id: z.string(), resource_type: z.string(), resource: z.record(z.string(), z.unknown()) });

type Bundle = { resourceType: 'Bundle'; type: 'searchset'; entry: { resource: unknown }[] };

export interface StoreRow { patientId: string; resourceType: string; resource: Record<string, unknown> }

/**
 * What the prefetch templates name, for any number of patients at once (the CDS Hooks service asks
 * for one; the server's medication gate for every patient of a push batch): one set-based query.
 */
export async function fetchStoreResources(q: Queryable, patientIds: readonly string[], types: readonly string[]): Promise<StoreRow[]> {
  if (patientIds.length === 0 || types.length === 0) return [];
  const r = await q.query({
    name: 'cds-store-prefetch-many',
    text: `SELECT patient_id::text, resource_type, resource FROM resources
     WHERE patient_id = ANY($1::uuid[]) AND resource_type = ANY($2::text[]) AND NOT deleted AND (
       (resource_type = 'Patient' AND id = patient_id::text)
       OR resource_type IN ('AllergyIntolerance', 'Condition', 'ServiceRequest')
       OR (resource_type = 'MedicationRequest' AND status = ANY($3::text[]))
       OR (resource_type = 'Observation' AND codes && $4::text[]))`,
    values: [patientIds, types, MEDICATION_STATUSES, LAB_CODES],
  });
  return r.rows.map((row) => {
    const { patient_id: patientId, resource_type: resourceType, resource } = Row.parse(row);
    return { patientId, resourceType, resource };
  });
}

/**
 * The prefetch values of `keys`, as the templates would return them: a searchset Bundle per
 * search key, the Patient resource for `patient` (absent from the result if the store lacks it).
 */
export async function fetchPrefetch(q: Queryable, patientId: string, keys: readonly PrefetchKey[]): Promise<Partial<Record<PrefetchKey, unknown>>> {
  if (keys.length === 0) return {};
  const rows = await fetchStoreResources(q, [patientId], keys.map((k) => PREFETCH_TYPE[k]));
  const byType = new Map<string, unknown[]>();
  for (const { resourceType: type, resource } of rows) {
    const list = byType.get(type);
    if (list === undefined) byType.set(type, [resource]);
    else list.push(resource);
  }
  const out: Partial<Record<PrefetchKey, unknown>> = {};
  for (const key of keys) {
    const found = byType.get(PREFETCH_TYPE[key]) ?? [];
    if (key === 'patient') {
      if (found[0] !== undefined) out.patient = found[0];
      continue;
    }
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: found.map((resource) => ({ resource })) };
    out[key] = bundle;
  }
  return out;
}
