/**
 * The access policy applied to CDS Hooks calls: core's `decideAccess`, as everywhere else.
 * - Using the service at all needs a role that may read a patient's medication orders (the cards
 *   speak about them): billing, privacy officers and admins are refused whatever the prefetch.
 * - Each prefetch key Lantern fetches from its own store is a search of that resource type for the
 *   patient, decided with the caller's relation (care team, unit, break-glass, flagged for review).
 * Every refusal carries its `access-denied` audit event (ids and codes only).
 */
import { decideAccess, LanternError, type AuditEventInput } from '@lantern/core';
import type { PrefetchKey } from '@lantern/core/cds';
import { serverEvent, type ServerAuditEvent } from '../db/audit-log.ts';
import type { Caller, CallerState } from './caller.ts';
import { CdsHttpError } from './errors.ts';

/** The FHIR type each prefetch template reads (see PREFETCH_TEMPLATES). */
export const PREFETCH_TYPE: Record<PrefetchKey, string> = {
  patient: 'Patient',
  medications: 'MedicationRequest',
  allergies: 'AllergyIntolerance',
  conditions: 'Condition',
  labs: 'Observation',
  orders: 'ServiceRequest',
};

/** A server audit event for a CDS Hooks call (`via: 'cds-hooks'` tells it apart from sync and FHIR). */
export function cdsEvent(caller: Caller, e: ServerAuditEvent, now: Date): AuditEventInput {
  return serverEvent(caller.actor, { ...e, detail: { via: 'cds-hooks', ...e.detail } }, now);
}

function denied(caller: Caller, now: Date, reason: string, e: Pick<ServerAuditEvent, 'patientId' | 'resourceType' | 'detail'>): CdsHttpError {
  return new CdsHttpError(new LanternError('FORBIDDEN', `Access denied: ${reason}`), 403, [
    cdsEvent(caller, { ...e, action: 'access-denied', outcome: 'denied' }, now),
  ]);
}

export function requireCdsRole(caller: Caller, patientId: string | null, now: Date): void {
  const d = decideAccess({ role: caller.claims.role, resourceType: 'MedicationRequest', action: 'read', relation: 'care-team' });
  if (!d.allowed) throw denied(caller, now, `the ${caller.claims.role} role may not use clinical decision support`, { patientId, resourceType: 'MedicationRequest', detail: { action: 'cds' } });
}

/** Decides the store fetch of `keys` for the patient; returns whether it is break-glass access (flagged). */
export function authorizeFetch(caller: Caller, state: CallerState, patientId: string, keys: readonly PrefetchKey[], now: Date): { flagged: boolean } {
  let flagged = false;
  for (const key of keys) {
    const resourceType = PREFETCH_TYPE[key];
    const d = decideAccess({ role: caller.claims.role, resourceType, action: 'search', relation: state.relation, breakGlass: state.breakGlass });
    if (!d.allowed) throw denied(caller, now, d.reason, { patientId, resourceType, detail: { action: 'search', relation: state.relation, prefetch: key } });
    flagged ||= d.flagged;
  }
  return { flagged };
}
