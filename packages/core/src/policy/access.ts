/**
 * Minimum necessary access (HIPAA 164.502(b), 164.514(d); access control 164.312(a)(1)): the one
 * pure decision used by the server and, offline, by the workstation. The policy is data
 * (`ACCESS_MATRIX`): per role, which resource types it may touch, under which relation to the
 * patient, with which actions. Anything not granted is denied.
 *
 * Relation is how the user stands to the patient the resource belongs to: on the care team, on
 * the same unit (ward, clinic), or neither. Resources not tied to one patient (Practitioner,
 * User, Device, AuditEvent) ignore the relation. Billing staff are never on a care team: the
 * server passes 'care-team' for the accounts assigned to a billing user and 'unit' for the rest
 * of their department's patients.
 *
 * Break-glass (emergency access) lets a physician or nurse READ (read, search) the clinical record
 * of a patient they could not otherwise read; it never grants a write, never reaches billing or
 * system data, and is always `flagged: true` for review. The time box and the stated reason are
 * the caller's: it passes `breakGlass: true` only while an unexpired, audited break-glass holds.
 *
 * Field-level limits (a nurse may update a MedicationRequest's status only, a signed note is
 * append-only) are decided by `decideWrite` (write.ts), which starts from this decision: this
 * function decides whether the action is allowed at all.
 */
import { assertNever } from '../result.ts';
import type { Role } from './roles.ts';

export const ACCESS_ACTIONS = ['read', 'create', 'update', 'delete', 'search'] as const;
export type Action = (typeof ACCESS_ACTIONS)[number];
export const ACCESS_RELATIONS = ['care-team', 'unit', 'none'] as const;
export type Relation = (typeof ACCESS_RELATIONS)[number];

export interface AccessRequest {
  role: Role;
  /** A FHIR resource type, or one of Lantern's system types 'AuditEvent' | 'User' | 'Device'. */
  resourceType: string;
  action: Action;
  relation: Relation;
  breakGlass?: boolean;
}

export type AccessDecision = { allowed: true; flagged: boolean } | { allowed: false; reason: string };

/** The patient's clinical record: everything a clinician charts or orders. */
export const POLICY_CLINICAL_TYPES = [
  'Patient', 'Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'MedicationStatement',
  'Observation', 'DiagnosticReport', 'ServiceRequest', 'DocumentReference', 'Composition', 'Provenance',
] as const;
/** Financial data about a patient. */
export const POLICY_BILLING_TYPES = ['Coverage', 'Account', 'Claim', 'ExplanationOfBenefit'] as const;
/** Not tied to one patient: the relation does not apply to them. */
export const POLICY_SYSTEM_TYPES = ['Practitioner', 'User', 'Device', 'AuditEvent'] as const;
export const POLICY_RESOURCE_TYPES = [...POLICY_CLINICAL_TYPES, ...POLICY_BILLING_TYPES, ...POLICY_SYSTEM_TYPES] as const;
export type PolicyResourceType = (typeof POLICY_RESOURCE_TYPES)[number];

type PatientType = (typeof POLICY_CLINICAL_TYPES)[number] | (typeof POLICY_BILLING_TYPES)[number];

const READ: readonly Action[] = ['read', 'search'];
const WRITE_ALL: readonly Action[] = ['read', 'search', 'create', 'update', 'delete'];
const READ_CREATE_UPDATE: readonly Action[] = ['read', 'search', 'create', 'update'];
const READ_UPDATE: readonly Action[] = ['read', 'search', 'update'];
const READ_CREATE: readonly Action[] = ['read', 'search', 'create'];

/** Per patient-tied type, the actions allowed under each relation. */
type PatientGrant = Partial<Record<Relation, readonly Action[]>>;
/** Per role: grants on patient-tied types (by relation) and on system types (any relation). */
interface RoleGrants {
  readonly patient: Partial<Record<PatientType, PatientGrant>>;
  readonly system: Partial<Record<(typeof POLICY_SYSTEM_TYPES)[number], readonly Action[]>>;
  /** Break-glass may lift this role to read-only on clinical types. */
  readonly breakGlass: boolean;
}

/** Provenance (signatures) is append-only; a Patient record is never deleted, only merged via `link`. */
const physicianWrites = (t: PatientType): readonly Action[] =>
  t === 'Provenance' ? READ_CREATE : t === 'Patient' ? READ_CREATE_UPDATE : WRITE_ALL;
const physicianClinical: Partial<Record<PatientType, PatientGrant>> = Object.fromEntries(
  POLICY_CLINICAL_TYPES.map((t) => [t, { 'care-team': physicianWrites(t), unit: READ }]),
);

export const ACCESS_MATRIX: Readonly<Record<Role, RoleGrants>> = {
  // Full clinical record for their care-team patients, read-only for the rest of the unit.
  physician: {
    patient: physicianClinical,
    system: { Practitioner: READ },
    breakGlass: true,
  },
  // Reads the whole clinical record of assigned patients; charts vitals, notes and allergies;
  // updates order status (no new medication orders: nurses do not sign them); no billing data.
  // On the unit: banner-level only (who the patient is, what they are allergic to).
  nurse: {
    patient: {
      Patient: { 'care-team': READ, unit: READ },
      AllergyIntolerance: { 'care-team': READ_CREATE_UPDATE, unit: READ },
      Encounter: { 'care-team': READ },
      Condition: { 'care-team': READ },
      MedicationStatement: { 'care-team': READ },
      DiagnosticReport: { 'care-team': READ },
      Observation: { 'care-team': READ_CREATE_UPDATE },
      DocumentReference: { 'care-team': READ_CREATE_UPDATE },
      Composition: { 'care-team': READ_CREATE_UPDATE },
      Provenance: { 'care-team': READ_CREATE },
      MedicationRequest: { 'care-team': READ_UPDATE },
      ServiceRequest: { 'care-team': READ_UPDATE },
    },
    system: { Practitioner: READ },
    breakGlass: true,
  },
  // Demographics, coverage, accounts, claims, encounters and diagnoses; never notes, results,
  // observations or medications. Writes only their own financial records, only when assigned.
  billing: {
    patient: {
      Patient: { 'care-team': READ, unit: READ },
      Encounter: { 'care-team': READ, unit: READ },
      Condition: { 'care-team': READ, unit: READ },
      Coverage: { 'care-team': READ_CREATE_UPDATE, unit: READ },
      Account: { 'care-team': READ_CREATE_UPDATE, unit: READ },
      Claim: { 'care-team': READ_CREATE_UPDATE, unit: READ },
      ExplanationOfBenefit: { 'care-team': READ, unit: READ },
    },
    system: {},
    breakGlass: false,
  },
  // Reads the audit log for any patient; nothing clinical. The log is append-only for everyone:
  // events enter through audit.ingest and the server's own recording, never through this matrix.
  privacy_officer: {
    patient: {},
    system: { AuditEvent: READ },
    breakGlass: false,
  },
  // Manages accounts, devices and the practitioner directory; no clinical data, no audit log.
  admin: {
    patient: {},
    system: { User: WRITE_ALL, Device: WRITE_ALL, Practitioner: WRITE_ALL },
    breakGlass: false,
  },
  // Front desk and HIM: registers patients and keeps demographics and coverage right; finds any
  // existing patient by demographics (to avoid a duplicate, and to review and merge duplicates),
  // hence Patient read/search without a relation. Never a clinical resource.
  registrar: {
    patient: {
      Patient: { 'care-team': READ_CREATE_UPDATE, unit: READ_CREATE_UPDATE, none: READ },
      Coverage: { 'care-team': READ_CREATE_UPDATE, unit: READ },
    },
    system: { Practitioner: READ },
    breakGlass: false,
  },
};

const isPolicyType = (t: string): t is PolicyResourceType => (POLICY_RESOURCE_TYPES as readonly string[]).includes(t);
const isSystemType = (t: PolicyResourceType): t is (typeof POLICY_SYSTEM_TYPES)[number] => (POLICY_SYSTEM_TYPES as readonly string[]).includes(t);
const isClinicalType = (t: PolicyResourceType): boolean => (POLICY_CLINICAL_TYPES as readonly string[]).includes(t);

function isReadAction(action: Action): boolean {
  switch (action) {
    case 'read':
    case 'search':
      return true;
    case 'create':
    case 'update':
    case 'delete':
      return false;
    default:
      return assertNever(action, 'action');
  }
}

function grantedActions(role: Role, type: PolicyResourceType, relation: Relation): readonly Action[] {
  const grants = ACCESS_MATRIX[role];
  if (isSystemType(type)) return grants.system[type] ?? [];
  return grants.patient[type]?.[relation] ?? [];
}

/** Decides one request. Reasons name the role, type, action and relation only: never PHI. */
export function decideAccess(req: AccessRequest): AccessDecision {
  const { role, resourceType, action, relation } = req;
  if (!isPolicyType(resourceType)) return { allowed: false, reason: `unknown resource type ${resourceType.slice(0, 64)}` };
  if (grantedActions(role, resourceType, relation).includes(action)) return { allowed: true, flagged: false };
  if (req.breakGlass === true && ACCESS_MATRIX[role].breakGlass && isClinicalType(resourceType) && isReadAction(action)) {
    return { allowed: true, flagged: true };
  }
  return { allowed: false, reason: denialReason(req) };
}

function denialReason({ role, resourceType, action, relation, breakGlass }: AccessRequest): string {
  const base = `${role} may not ${action} ${resourceType}`;
  switch (relation) {
    case 'care-team':
      return base;
    case 'unit':
      return `${base} for a patient on their unit who is not on their care team`;
    case 'none':
      return breakGlass === true ? `${base}: break-glass grants clinicians read access only` : `${base} without a care-team or unit relation (break-glass required)`;
    default:
      return assertNever(relation, 'relation');
  }
}

/** The types `role` may read under `relation` without break-glass, e.g. to filter sync.pull. */
export function readableResourceTypes(role: Role, relation: Relation): readonly string[] {
  return POLICY_RESOURCE_TYPES.filter((t) => grantedActions(role, t, relation).includes('read'));
}
