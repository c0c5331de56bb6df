/**
 * Capabilities: the questions screens, routers and procedures ask of the policy ("may this user
 * sign orders?", "read the audit log?"), each answered from `decideAccess` / `mayChange`, so no
 * code outside this folder compares role strings and a change to the policy table changes every
 * caller at once.
 */
import { decideAccess, type Action } from './access.ts';
import type { Role } from './roles.ts';
import { mayChange } from './write.ts';
import { RESEARCH_EXPORT_ROLES } from './research-export.ts';

/** Care-team access to a patient-tied type, or any access to a system type. */
const can = (role: Role, resourceType: string, action: Action): boolean =>
  decideAccess({ role, resourceType, action, relation: 'care-team' }).allowed;

/** Create and sign medication orders (and change what a patient receives). */
export const canSignOrders = (role: Role): boolean =>
  can(role, 'MedicationRequest', 'create') && mayChange(role, 'MedicationRequest', 'prescription');

/** Change an existing order's dose, drug, route or frequency. */
export const canChangePrescription = (role: Role): boolean =>
  can(role, 'MedicationRequest', 'update') && mayChange(role, 'MedicationRequest', 'prescription');

/** Hold or resume an order (its status) without changing what it prescribes. */
export const canChangeOrderStatus = (role: Role): boolean =>
  can(role, 'MedicationRequest', 'update') && mayChange(role, 'MedicationRequest', 'status');

/** Order labs and imaging. */
export const canOrderServices = (role: Role): boolean => can(role, 'ServiceRequest', 'create');

/** Write (and sign) clinical notes. */
export const canWriteNotes = (role: Role): boolean => can(role, 'DocumentReference', 'create');

/** Add to the problem list. */
export const canWriteProblems = (role: Role): boolean => can(role, 'Condition', 'create');

/** Record allergies. */
export const canWriteAllergies = (role: Role): boolean => can(role, 'AllergyIntolerance', 'create');

/** Record vitals and other observations. */
export const canRecordObservations = (role: Role): boolean => can(role, 'Observation', 'create');

/** Read the central audit log (and review break-glass use). */
export const canReadAudit = (role: Role): boolean => can(role, 'AuditEvent', 'read');

/** Manage accounts, devices and care-team / unit assignments. */
export const canAdminister = (role: Role): boolean => can(role, 'User', 'update');

/** Whether break-glass could ever open a chart for this role. */
export const canBreakGlass = (role: Role): boolean => {
  // Flagged: break-glass itself opened it (a registrar finds any patient's demographics without it).
  const d = decideAccess({ role, resourceType: 'Patient', action: 'read', relation: 'none', breakGlass: true });
  return d.allowed && d.flagged;
};

/** Register a new patient (workstation screen, FHIR `POST Patient`). */
export const canRegisterPatients = (role: Role): boolean => can(role, 'Patient', 'create');

/** Find any patient by demographics, care team or not (registration's duplicate check, `$match`). */
export const canSearchAllPatients = (role: Role): boolean =>
  decideAccess({ role, resourceType: 'Patient', action: 'search', relation: 'none' }).allowed;

/**
 * Review suspected duplicates and merge or unmerge two records: changes `Patient.link` and
 * `active` (the record-link group) on records the user may find without a relation.
 */
export const canMergePatients = (role: Role): boolean =>
  canSearchAllPatients(role) && can(role, 'Patient', 'update') && mayChange(role, 'Patient', 'record-link');

/**
 * The `research-export` capability: request a de-identified (Safe Harbor, 45 CFR 164.514(b)(2))
 * bulk export for research. Never a clinician's or an administrator's: see research-export.ts.
 */
export const canExportDeidentified = (role: Role): boolean => RESEARCH_EXPORT_ROLES.includes(role);
