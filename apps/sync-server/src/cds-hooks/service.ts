/**
 * `POST /cds-services/{id}`: one CDS Hooks 2.0 call (https://cds-hooks.hl7.org/2.0/#calling-a-cds-service).
 * Validates the request, takes the patient's data from prefetch or, for keys the client did not
 * send, from Lantern's store under the caller's access policy, runs the engine with the caller's
 * own earlier overrides, and answers `{ cards }` exactly as the engine produced them.
 * 412 when required prefetch is missing and the store cannot supply it (patient unknown to it).
 * Every call is audited (ids and counts only); the event is committed before any card leaves.
 */
import { isUuid, LanternError, type LanternResource, type Patient } from '@lantern/core';
import {
  evaluate, parseCdsHooksRequest, prefetchResources, toEvaluateInput, type Card, type CdsHooksRequest, type CdsServiceDefinition, type PrefetchKey,
} from '@lantern/core/cds';
import type { FastifyRequest } from 'fastify';
import { callerState, authenticate, type Caller } from './caller.ts';
import type { CdsDeps } from './deps.ts';
import { findService } from './discovery.ts';
import { cdsError, CdsHttpError } from './errors.ts';
import { authorizeFetch, cdsEvent, requireCdsRole } from './policy.ts';
import { fetchPrefetch } from './store-prefetch.ts';
import { loadSuppressions } from './suppressions.ts';

interface PatientData {
  patient: Patient;
  resources: LanternResource[];
  /** Prefetch keys read from the store. */
  fetched: PrefetchKey[];
  /** Client prefetch entries that were not valid FHIR and were skipped. */
  rejected: number;
  flagged: boolean;
}

export function requireService(serviceId: string): CdsServiceDefinition {
  const service = findService(serviceId);
  if (service === undefined) throw cdsError('NOT_FOUND', `No CDS service '${serviceId.slice(0, 64)}': see GET /cds-services`);
  return service;
}

function parse(service: CdsServiceDefinition, body: unknown): CdsHooksRequest {
  const parsed = parseCdsHooksRequest(body);
  if (!parsed.ok) {
    const first = parsed.error.issues[0];
    throw cdsError('BAD_INPUT', first === undefined ? parsed.error.message : `${parsed.error.message}: ${first.path}: ${first.message}`, { issues: parsed.error.issues });
  }
  const request = parsed.value;
  if (request.hook !== service.hook) {
    throw cdsError('BAD_INPUT', `Service ${service.id} answers the ${service.hook} hook, not ${request.hook}`, { issues: [{ path: 'hook', message: `must be ${service.hook}` }] });
  }
  if (!isUuid(request.context.patientId)) {
    throw cdsError('BAD_INPUT', 'context.patientId must be a Lantern patient id (a UUID)', { issues: [{ path: 'context.patientId', message: 'must be a UUID' }] });
  }
  return request;
}

/** Client prefetch first; what is missing from the store, if the store knows the patient and policy allows. */
async function patientData(deps: CdsDeps, caller: Caller, request: CdsHooksRequest, state: Awaited<ReturnType<typeof callerState>>, now: Date): Promise<PatientData> {
  const patientId = request.context.patientId;
  const pre = prefetchResources(request);
  let { patient } = pre;
  const resources = pre.resources;
  let rejected = pre.rejected;
  let flagged = false;
  if (pre.missing.length > 0) {
    if (!state.patientKnown) {
      throw new CdsHttpError(
        new LanternError('PRECONDITION_REQUIRED', `Required prefetch missing (${pre.missing.join(', ')}) and the patient is not in Lantern's store: send it as prefetch`),
        412,
        [cdsEvent(caller, { action: 'search', outcome: 'failure', patientId, detail: { reason: 'prefetch-missing', missing: pre.missing.join(',') } }, now)],
        { missing: pre.missing },
      );
    }
    flagged = authorizeFetch(caller, state, patientId, pre.missing, now).flagged;
    const fetched = await fetchPrefetch(deps.services.pool, patientId, pre.missing);
    // The same unpacking and validation as client prefetch, so both paths give the same cards.
    const more = prefetchResources({ ...request, prefetch: fetched });
    patient ??= more.patient;
    resources.push(...more.resources);
    rejected += more.rejected;
  }
  if (patient === null) {
    throw cdsError('BAD_INPUT', 'prefetch.patient is not a valid FHIR Patient', { issues: [{ path: 'prefetch.patient', message: 'not a valid Patient' }] });
  }
  if (patient.id !== patientId) {
    throw cdsError('BAD_INPUT', 'prefetch.patient is not the patient of context.patientId', { issues: [{ path: 'prefetch.patient.id', message: 'must equal context.patientId' }] });
  }
  return { patient, resources, fetched: pre.missing, rejected, flagged };
}

/** Returns the cards and the response body `{ cards }`, serialised once (it is also what is stored). */
export async function callService(deps: CdsDeps, serviceId: string, req: FastifyRequest): Promise<{ cards: Card[]; body: string }> {
  const { services } = deps;
  const service = requireService(serviceId);
  const caller = await authenticate(deps.tokens, req);
  const request = parse(service, req.body);
  const patientId = request.context.patientId;
  const now = services.clock.now();
  requireCdsRole(caller, patientId, now);
  const [state, suppressions] = await Promise.all([
    callerState(services.pool, caller, patientId, now),
    loadSuppressions(services.pool, caller.claims.userId, patientId, now),
  ]);
  const data = await patientData(deps, caller, request, state, now);
  const input = toEvaluateInput(request, data.patient, data.resources, now.toISOString(), suppressions);
  if (!input.ok) throw new CdsHttpError(input.error);
  // Suppressions are the signed-in clinician's own: context.userId is the client's claim, not identity.
  const result = evaluate({ ...input.value, userId: caller.claims.userId });
  if (!result.ok) throw new CdsHttpError(result.error);
  const cards = result.value;
  if (data.rejected > 0) services.logger.warn({ service: serviceId, rejected: data.rejected }, 'cds-hooks: invalid prefetch entries skipped');
  const event = cdsEvent(caller, {
    action: 'search', outcome: 'success', patientId,
    purposeOfUse: data.flagged ? 'ETREAT' : 'TREAT', breakGlass: data.flagged,
    detail: {
      service: serviceId, hook: request.hook, cards: cards.length, critical: cards.filter((c) => c.indicator === 'critical').length,
      fetched: data.fetched.join(','), suppressions: suppressions.length,
    },
  }, now);
  const cardsJson = JSON.stringify(cards);
  await Promise.all([
    deps.cards.store(services.pool, { patientId, userId: caller.claims.userId, serviceId, hookInstance: request.hookInstance, now }, cards, cardsJson),
    deps.audit.record([event]),
  ]);
  return { cards, body: `{"cards":${cardsJson}}` };
}
