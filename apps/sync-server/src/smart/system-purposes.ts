/**
 * What a SMART Backend Services client is for, and therefore the most its `system/` scopes may
 * ever grant (https://hl7.org/fhir/smart-app-launch/backend-services.html#scopes). A registered
 * client's scopes, and every token's, are cut down to its purpose: a laboratory system may file
 * results (create Observation and DiagnosticReport) and read the orders it fulfils (ServiceRequest),
 * nothing else. Its service account's relation to each patient is still decided by the core policy.
 */
import type { Action } from '@lantern/core';
import { assertNever } from '@lantern/core';
import { scopesAllow, type ClinicalScope } from './scopes.ts';

export const SYSTEM_PURPOSES = ['lab'] as const;
export type SystemPurpose = (typeof SYSTEM_PURPOSES)[number];

const LAB: readonly ClinicalScope[] = [
  { context: 'system', type: 'Observation', actions: new Set<Action>(['create']) },
  { context: 'system', type: 'DiagnosticReport', actions: new Set<Action>(['create']) },
  { context: 'system', type: 'ServiceRequest', actions: new Set<Action>(['read', 'search']) },
];

export function purposeScopes(purpose: SystemPurpose): readonly ClinicalScope[] {
  switch (purpose) {
    case 'lab': return LAB;
    default: return assertNever(purpose);
  }
}

/** The scope strings a client of this purpose may be registered with (v2 and v1 forms). */
export function purposeScopeStrings(purpose: SystemPurpose): string[] {
  switch (purpose) {
    case 'lab': return ['system/Observation.c', 'system/DiagnosticReport.c', 'system/ServiceRequest.rs', 'system/ServiceRequest.read', 'system/ServiceRequest.r', 'system/ServiceRequest.s'];
    default: return assertNever(purpose);
  }
}

/** Whether the purpose allows this action on this type (a second bound on top of the token's scopes). */
export const purposeAllows = (purpose: SystemPurpose, type: string, action: Action): boolean => scopesAllow(purposeScopes(purpose), type, action);
