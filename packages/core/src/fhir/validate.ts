/**
 * Validation of FHIR input at Lantern's trust boundaries (CONVENTIONS.md #3). Returns a Result
 * whose error is a BAD_INPUT LanternError listing every bad field by its FHIRPath-like path,
 * e.g. `MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value`.
 */
import type { z } from 'zod';
import { LanternError, type FieldIssue } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import type { ResourceMap, SupportedResourceType } from './types.ts';
import {
  AllergyIntoleranceSchema, AuditEventSchema, CompositionSchema, ConditionSchema, DiagnosticReportSchema,
  DocumentReferenceSchema, EncounterSchema, MedicationRequestSchema, MedicationStatementSchema, ObservationSchema,
  PatientSchema, PractitionerSchema, ProvenanceSchema, ServiceRequestSchema,
} from './resources.ts';

export const RESOURCE_SCHEMAS: Record<SupportedResourceType, z.ZodType> = {
  Patient: PatientSchema,
  Practitioner: PractitionerSchema,
  Encounter: EncounterSchema,
  Condition: ConditionSchema,
  AllergyIntolerance: AllergyIntoleranceSchema,
  MedicationRequest: MedicationRequestSchema,
  MedicationStatement: MedicationStatementSchema,
  Observation: ObservationSchema,
  DiagnosticReport: DiagnosticReportSchema,
  ServiceRequest: ServiceRequestSchema,
  DocumentReference: DocumentReferenceSchema,
  Composition: CompositionSchema,
  Provenance: ProvenanceSchema,
  AuditEvent: AuditEventSchema,
};

export const SUPPORTED_RESOURCE_TYPES = Object.keys(RESOURCE_SCHEMAS) as SupportedResourceType[];

export const isSupportedResourceType = (t: unknown): t is SupportedResourceType =>
  typeof t === 'string' && Object.prototype.hasOwnProperty.call(RESOURCE_SCHEMAS, t);

/** Formats a zod path as FHIRPath-ish text: `dosageInstruction[0].route`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export function zodIssuesToFieldIssues(prefix: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const path = formatPath(i.path);
    return { path: path === '' ? prefix : `${prefix}.${path}`, message: i.message };
  });
}

/** Validates any resource Lantern accepts. `expected` narrows the accepted type. */
export function validateResource<T extends SupportedResourceType = SupportedResourceType>(
  input: unknown,
  expected?: T,
): Result<ResourceMap[T], LanternError> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(new LanternError('BAD_INPUT', 'A FHIR resource must be a JSON object', { issues: [{ path: '', message: 'must be an object' }] }));
  }
  const resourceType = (input as { resourceType?: unknown }).resourceType;
  if (!isSupportedResourceType(resourceType)) {
    const shown = typeof resourceType === 'string' ? resourceType.slice(0, 64) : typeof resourceType;
    return err(new LanternError('BAD_INPUT', `Unsupported resourceType: ${shown}`, { issues: [{ path: 'resourceType', message: `must be one of ${SUPPORTED_RESOURCE_TYPES.join(', ')}` }] }));
  }
  if (expected !== undefined && resourceType !== expected) {
    return err(new LanternError('BAD_INPUT', `Expected a ${expected}, got a ${resourceType}`, { issues: [{ path: 'resourceType', message: `must be ${expected}` }] }));
  }
  const parsed = RESOURCE_SCHEMAS[resourceType].safeParse(input);
  if (!parsed.success) {
    const issues = zodIssuesToFieldIssues(resourceType, parsed.error);
    const first = issues[0];
    const summary = first === undefined ? 'invalid' : `${first.path}: ${first.message}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return err(new LanternError('BAD_INPUT', `Invalid ${resourceType}: ${summary}${more}`, { issues }));
  }
  // The schemas are loose, so the parsed value is the input with every checked field valid.
  return ok(parsed.data as ResourceMap[T]);
}

/**
 * `validateResource` for a type that arrives as a plain string (a FHIR URL segment, a sync
 * mutation's resourceType): a name Lantern does not support is refused like an unsupported body.
 */
export function validateResourceNamed(input: unknown, expected: string): Result<ResourceMap[SupportedResourceType], LanternError> {
  if (!isSupportedResourceType(expected)) {
    return err(new LanternError('BAD_INPUT', `Unsupported resourceType: ${expected.slice(0, 64)}`, { issues: [{ path: 'resourceType', message: `must be one of ${SUPPORTED_RESOURCE_TYPES.join(', ')}` }] }));
  }
  return validateResource(input, expected);
}
