/**
 * What the FHIR API serves: one table of resource types and the interactions each supports. The
 * router registers its routes from these tables and `GET /metadata` is generated from the same
 * ones, so the CapabilityStatement cannot drift from what the server does.
 */
import { SHARED_PARTITION } from '../db/resources.ts';

/** http://hl7.org/fhir/R4/valueset-type-restful-interaction.html (type level). */
export type TypeInteraction = 'read' | 'vread' | 'update' | 'delete' | 'history-instance' | 'history-type' | 'create' | 'search-type';
/** System level. */
export type SystemInteraction = 'transaction' | 'batch';

/** Where a resource's record lives: its own id (Patient), the shared partition, or a patient reference. */
export type PatientLink =
  | { kind: 'self' }
  | { kind: 'shared' }
  | { kind: 'reference'; element: 'subject' | 'patient' }
  /** Provenance: the Patient among its targets, or the record of the first target it names. */
  | { kind: 'target' };

export interface FhirTypeDef {
  type: string;
  link: PatientLink;
  interactions: readonly TypeInteraction[];
}

const ALL: readonly TypeInteraction[] = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];
const ref = (element: 'subject' | 'patient'): PatientLink => ({ kind: 'reference', element });

export const FHIR_TYPES: readonly FhirTypeDef[] = [
  { type: 'Patient', link: { kind: 'self' }, interactions: ALL },
  { type: 'Practitioner', link: { kind: 'shared' }, interactions: ALL },
  { type: 'Encounter', link: ref('subject'), interactions: ALL },
  { type: 'Condition', link: ref('subject'), interactions: ALL },
  { type: 'AllergyIntolerance', link: ref('patient'), interactions: ALL },
  { type: 'MedicationRequest', link: ref('subject'), interactions: ALL },
  { type: 'MedicationStatement', link: ref('subject'), interactions: ALL },
  { type: 'Observation', link: ref('subject'), interactions: ALL },
  { type: 'DiagnosticReport', link: ref('subject'), interactions: ALL },
  { type: 'ServiceRequest', link: ref('subject'), interactions: ALL },
  { type: 'DocumentReference', link: ref('subject'), interactions: ALL },
  { type: 'Composition', link: ref('subject'), interactions: ALL },
  { type: 'Provenance', link: { kind: 'target' }, interactions: ALL },
];

export const SYSTEM_INTERACTIONS: readonly SystemInteraction[] = ['transaction', 'batch'];

const BY_TYPE = new Map(FHIR_TYPES.map((t) => [t.type, t]));

export function typeDef(type: string): FhirTypeDef | undefined {
  return BY_TYPE.get(type);
}

export const isFhirType = (type: string): boolean => BY_TYPE.has(type);

export function supports(type: string, interaction: TypeInteraction): boolean {
  return BY_TYPE.get(type)?.interactions.includes(interaction) ?? false;
}

/** Types whose records are not tied to one patient. */
export const isSharedType = (type: string): boolean => BY_TYPE.get(type)?.link.kind === 'shared';

export { SHARED_PARTITION };

/** FHIR's `id` datatype (http://hl7.org/fhir/R4/datatypes.html#id). */
export const FHIR_ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
