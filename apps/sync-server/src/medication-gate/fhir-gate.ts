/**
 * The medication gate on FHIR writes (create, update, conditional create, transaction and batch
 * entries all pass `fhirWrite`). Refusals leave as OperationOutcome
 * (http://hl7.org/fhir/R4/operationoutcome.html) with one issue per field or card:
 * - a hard stop: 400, `expression` naming the resource's field (e.g.
 *   `MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value`);
 * - a critical card without an override carried by the order: 422, one issue per card
 *   (`cards.<uuid>`, the card's summary). 422 rather than 428: FHIR's RESTful API names 422 for
 *   content that breaks a server business rule (http://hl7.org/fhir/R4/http.html#2.21.0.8), while
 *   HTTP 428 (RFC 6585 section 3) tells a client to make its request conditional (If-Match), which
 *   is not what would make this write acceptable: an override reason carried by the order is.
 */
import type { AuditEventInput } from '@lantern/core';
import type pg from 'pg';
import type { FhirCtx } from '../fhir/context.ts';
import { FhirError } from '../fhir/outcome.ts';
import { PatientContexts } from './patient-contexts.ts';
import { checkMedicationWrite, needsMedicationGate, overrideAuditEvents, type GatedWrite } from './server-gate.ts';

/** Checks one FHIR write; returns the audit events to append with it, or throws the refusal. */
export async function gateFhirWrite(c: pg.ClientBase, ctx: FhirCtx, w: GatedWrite): Promise<AuditEventInput[]> {
  if (!needsMedicationGate(w.resourceType, w.before, w.after)) return [];
  const contexts = await PatientContexts.load(c, [w.patientId]);
  const r = checkMedicationWrite(contexts, w, { userId: ctx.user.actor.userId, now: ctx.now });
  if (r.ok) return overrideAuditEvents(ctx.user.actor, w, r.value, ctx.now, 'fhir');
  const e = r.error;
  switch (e.code) {
    case 'BAD_INPUT':
      throw new FhirError('BAD_INPUT', `${w.resourceType}.${e.message}`, { issues: e.issues.map((i) => ({ path: i.path.startsWith('cards.') ? i.path : `${w.resourceType}.${i.path}`, message: i.message })) });
    case 'PRECONDITION_REQUIRED':
      throw new FhirError('PRECONDITION_REQUIRED', e.message, { status: 422, issues: e.issues });
    default:
      throw e;
  }
}
