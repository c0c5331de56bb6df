/**
 * What a SMART token may do, on top of the core policy for its user
 * (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
 * - `user/` scopes: the types and actions named, for any patient the user may reach;
 * - `patient/` scopes: the same, but only for the launch's patient (none without a patient context);
 * - `system/` scopes (Backend Services): the types and actions named, and never beyond the client's
 *   purpose (system-purposes.ts).
 * A scope only ever narrows: the FHIR API asks this after, never instead of, `decideAccess`.
 */
import type { Action } from '@lantern/core';
import { scopesAllow, type ClinicalScope } from './scopes.ts';
import { purposeAllows, type SystemPurpose } from './system-purposes.ts';

export interface SmartGrant {
  clientId: string;
  kind: 'user' | 'system';
  scopes: readonly ClinicalScope[];
  /** The launch context's patient (patient/ scopes apply to it alone). */
  patient: string | null;
  purpose: SystemPurpose | null;
}

export type SmartDecision = { allowed: true } | { allowed: false; reason: string };

const byContext = (g: SmartGrant, context: ClinicalScope['context']) => g.scopes.filter((s) => s.context === context);

/**
 * One action on one type, for `patientId` (null: a shared type, or a search across patients,
 * which `readablePatients` narrows).
 */
export function smartAllows(g: SmartGrant, type: string, action: Action, patientId: string | null): SmartDecision {
  if (g.kind === 'system') {
    if (g.purpose === null || !purposeAllows(g.purpose, type, action)) return { allowed: false, reason: `this system client is not for ${action} on ${type}` };
    return scopesAllow(byContext(g, 'system'), type, action) ? { allowed: true } : { allowed: false, reason: `the token's scopes do not allow ${action} on ${type}` };
  }
  if (scopesAllow(byContext(g, 'user'), type, action)) return { allowed: true };
  if (scopesAllow(byContext(g, 'patient'), type, action)) {
    if (g.patient === null) return { allowed: false, reason: 'patient/ scopes need a patient in the launch context' };
    if (patientId === null || patientId === g.patient) return patientId === null && action !== 'search' ? { allowed: false, reason: `${type} is outside the patient's record` } : { allowed: true };
    return { allowed: false, reason: 'this token is for another patient' };
  }
  return { allowed: false, reason: `the token's scopes do not allow ${action} on ${type}` };
}

/**
 * For a search: the patients a token may see among those the policy allows (null: no narrowing).
 * A patient-context token without a user/ scope for the type sees its patient alone.
 */
export function narrowPatients(g: SmartGrant, type: string, patients: string[] | null): string[] | null {
  if (g.kind === 'system' || scopesAllow(byContext(g, 'user'), type, 'search')) return patients;
  if (g.patient === null) return [];
  return patients === null ? null : patients.filter((p) => p === g.patient);
}
