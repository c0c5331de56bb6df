/**
 * The CDS Hooks 2.0 surface of the engine, so the server's service is a thin adapter:
 * discovery (https://cds-hooks.hl7.org/2.0/#discovery), request validation
 * (https://cds-hooks.hl7.org/2.0/#http-request), prefetch unpacking
 * (https://cds-hooks.hl7.org/2.0/#prefetch-template) and the mapping to `evaluate`'s input.
 * The adapter answers 412 when `prefetchResources` reports missing keys it cannot fetch itself.
 */
import { z } from 'zod';
import type { LanternResource, MedicationRequest, Patient, ServiceRequest } from '../fhir/types.ts';
import { LanternError, type FieldIssue } from '../errors.ts';
import { isSupportedResourceType, validateResource, zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { err, ok, type Result } from '../result.ts';
import { BODY_HEIGHT_LOINC, BODY_WEIGHT_LOINC, buildPatientContext } from './context.ts';
import { CREATININE_LOINC, EGFR_LOINC } from './renal-function.ts';
import type { EvaluateInput, Suppression } from './types.ts';

const labCodes = [...EGFR_LOINC, ...CREATININE_LOINC, ...BODY_WEIGHT_LOINC, ...BODY_HEIGHT_LOINC].map((c) => `http://loinc.org|${c}`).join(',');

/** Prefetch templates: what the engine reads, keyed as the services ask for it. */
export const PREFETCH_TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  medications: 'MedicationRequest?patient={{context.patientId}}&status=active,on-hold',
  allergies: 'AllergyIntolerance?patient={{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  labs: `Observation?patient={{context.patientId}}&code=${labCodes}`,
  orders: 'ServiceRequest?patient={{context.patientId}}',
} as const;
export type PrefetchKey = keyof typeof PREFETCH_TEMPLATES;
export const PREFETCH_KEYS = Object.keys(PREFETCH_TEMPLATES) as PrefetchKey[];

export interface CdsServiceDefinition {
  hook: 'order-select' | 'order-sign';
  id: string;
  title: string;
  description: string;
  prefetch: Record<PrefetchKey, string>;
}

/** `GET /cds-services` body: `{ services: CDS_SERVICES }`. */
export const CDS_SERVICES: readonly CdsServiceDefinition[] = [
  {
    hook: 'order-select', id: 'lantern-order-select', title: 'Lantern medication and order safety (select)',
    description: 'Hard stops (impossible doses and units), drug interactions, allergies, dose range, renal dosing, frequency, drug-disease, age, duplication and duplicate orders for the selected orders.',
    prefetch: { ...PREFETCH_TEMPLATES },
  },
  {
    hook: 'order-sign', id: 'lantern-order-sign', title: 'Lantern medication and order safety (sign)',
    description: 'The same checks over every draft order before signing; critical cards need an override reason, hard stops cannot be overridden.',
    prefetch: { ...PREFETCH_TEMPLATES },
  },
];

const bundleOf = z.looseObject({ resourceType: z.literal('Bundle'), entry: z.array(z.looseObject({ resource: z.unknown().optional() })).optional() });

/** https://cds-hooks.hl7.org/2.0/#http-request, with the order-select/order-sign context. */
export const CdsHooksRequestSchema = z.object({
  hook: z.enum(['order-select', 'order-sign']),
  hookInstance: z.string().min(1).max(128),
  fhirServer: z.string().optional(),
  context: z.looseObject({
    userId: z.string().min(1).max(256),
    patientId: z.string().min(1).max(64),
    encounterId: z.string().max(64).optional(),
    selections: z.array(z.string().max(200)).optional(),
    draftOrders: bundleOf,
  }),
  prefetch: z.record(z.string(), z.unknown().nullable()).optional(),
});
export type CdsHooksRequest = z.infer<typeof CdsHooksRequestSchema>;

export function parseCdsHooksRequest(body: unknown): Result<CdsHooksRequest, LanternError> {
  const r = CdsHooksRequestSchema.safeParse(body);
  if (!r.success) return err(new LanternError('BAD_INPUT', 'Invalid CDS Hooks request', { issues: zodIssuesToFieldIssues('request', r.error) }));
  return ok(r.data);
}

const resourcesOf = (value: unknown): unknown[] => {
  if (typeof value !== 'object' || value === null) return [];
  const v = value as { resourceType?: unknown; entry?: { resource?: unknown }[] };
  if (v.resourceType === 'Bundle') return (v.entry ?? []).map((e) => e.resource).filter((x) => x !== undefined);
  return [value];
};
const isResource = (x: unknown): x is LanternResource =>
  typeof x === 'object' && x !== null && isSupportedResourceType((x as { resourceType?: unknown }).resourceType);

/**
 * The draft orders of `context.draftOrders`, each validated as FHIR: a malformed order is a
 * BAD_INPUT naming the entry and field, never silently skipped (it could hide an interaction).
 */
export function draftOrdersOf(request: CdsHooksRequest): Result<(MedicationRequest | ServiceRequest)[], LanternError> {
  const out: (MedicationRequest | ServiceRequest)[] = [];
  const issues: FieldIssue[] = [];
  resourcesOf(request.context.draftOrders).forEach((r, i) => {
    const t = (r as { resourceType?: unknown } | null)?.resourceType;
    const v = t === 'ServiceRequest' ? validateResource(r, 'ServiceRequest') : validateResource(r, 'MedicationRequest');
    if (v.ok) out.push(v.value);
    else issues.push(...v.error.issues.map((x) => ({ path: `context.draftOrders.entry[${i}].${x.path}`, message: x.message })));
  });
  if (issues.length > 0) return err(new LanternError('BAD_INPUT', 'Invalid draft order in context.draftOrders', { issues }));
  return ok(out);
}

/**
 * Unpacks prefetch. Keys absent (or null, which CDS Hooks uses for "could not fetch") are returned
 * in `missing` for the adapter to fetch from Lantern's own store, or to answer 412.
 */
export function prefetchResources(request: CdsHooksRequest): { patient: Patient | null; resources: LanternResource[]; missing: PrefetchKey[]; rejected: number } {
  const missing: PrefetchKey[] = [];
  let rejected = 0;
  const resources: LanternResource[] = [];
  let patient: Patient | null = null;
  for (const key of PREFETCH_KEYS) {
    const value = request.prefetch?.[key];
    if (value === undefined || value === null) {
      missing.push(key);
      continue;
    }
    for (const r of resourcesOf(value)) {
      // Prefetch comes from another system: invalid entries are counted (for the log) and skipped.
      const v = isResource(r) ? validateResource(r) : null;
      if (v === null || !v.ok) {
        rejected++;
        continue;
      }
      if (v.value.resourceType === 'Patient') patient = v.value;
      else resources.push(v.value);
    }
  }
  return { patient, resources, missing, rejected };
}

/** Builds the engine input from a validated request and the patient's resources. */
export function toEvaluateInput(
  request: CdsHooksRequest, patient: Patient, resources: readonly LanternResource[], now: string, suppressions: Suppression[] = [],
): Result<EvaluateInput, LanternError> {
  const drafts = draftOrdersOf(request);
  if (!drafts.ok) return drafts;
  const selections = request.context.selections;
  return ok({
    hook: request.hook,
    context: buildPatientContext(resources, patient, now),
    draftOrders: drafts.value,
    now,
    userId: request.context.userId,
    suppressions,
    ...(selections === undefined ? {} : { selections }),
  });
}
