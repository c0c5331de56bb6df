/**
 * `POST Patient/$match` (http://hl7.org/fhir/R4/patient-operation-match.html): a Patient in,
 * scored candidates out, as a searchset Bundle whose entries carry `search.mode = match`,
 * `search.score` (0..1) and the match-grade extension
 * (http://hl7.org/fhir/R4/extension-match-grade.html). `onlyCertainMatches` keeps certain ones;
 * `count` limits the answer. Candidates come from the whole index, but only those the caller may
 * read (core policy, with their relation to each) are returned, each audited as a read.
 */
import { validateResource } from '@lantern/core';
import { z } from 'zod';
import { authorize, purpose, relationOf } from '../fhir/access.ts';
import { fhirEvent, type FhirCtx } from '../fhir/context.ts';
import type { FhirReply } from '../fhir/http.ts';
import { badRequest } from '../fhir/outcome.ts';
import { findCandidates } from './candidates.ts';
import { catchUpPatientIndex } from './patient-index.ts';

export const MATCH_DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Patient-match';
export const MATCH_GRADE_URL = 'http://hl7.org/fhir/StructureDefinition/match-grade';
const MAX_COUNT = 50;

const ParametersSchema = z.object({
  resourceType: z.literal('Parameters'),
  parameter: z.array(z.looseObject({
    name: z.string(),
    resource: z.unknown().optional(),
    valueBoolean: z.boolean().optional(),
    valueInteger: z.number().int().optional(),
  })).max(20),
});

export interface MatchRequest {
  patient: ReturnType<typeof parsePatient>;
  onlyCertain: boolean;
  count: number;
}

function parsePatient(resource: unknown) {
  const v = validateResource(resource, 'Patient');
  if (!v.ok) throw badRequest('Parameters.parameter.resource', v.error.message);
  return v.value;
}

export function parseMatchRequest(body: unknown): MatchRequest {
  const p = ParametersSchema.safeParse(body);
  if (!p.success) throw badRequest('Parameters', 'the body must be a Parameters resource with a `resource` parameter holding a Patient');
  const param = (name: string) => p.data.parameter.find((x) => x.name === name);
  const resource = param('resource')?.resource;
  if (resource === undefined) throw badRequest('Parameters.parameter.resource', 'required: the Patient to match');
  const count = param('count')?.valueInteger ?? 10;
  if (count < 1) throw badRequest('Parameters.parameter.count', 'must be a positive integer');
  return { patient: parsePatient(resource), onlyCertain: param('onlyCertainMatches')?.valueBoolean === true, count: Math.min(count, MAX_COUNT) };
}

export async function matchOperation(ctx: FhirCtx, body: unknown): Promise<FhirReply> {
  // Anyone who may not search patients under any relation is refused (and the refusal audited).
  authorize(ctx, 'Patient', 'search', null, { relation: 'care-team', breakGlass: false });
  const req = parseMatchRequest(body);
  const pool = ctx.deps.services.pool;
  await catchUpPatientIndex(pool);
  // Ask for more than `count`: some candidates may be outside what the caller may read.
  const found = await findCandidates(pool, { ...req.patient, id: req.patient.id ?? '' }, { onlyCertain: req.onlyCertain, count: req.count * 4, config: ctx.deps.services.config.matchConfig });
  const entries: object[] = [];
  const events = [];
  for (const cand of found) {
    if (entries.length >= req.count) break;
    const rel = await relationOf(pool, ctx, cand.match.id);
    let flagged: boolean;
    try {
      ({ flagged } = authorize(ctx, 'Patient', 'read', cand.match.id, rel, cand.match.id));
    } catch {
      continue; // not the caller's to see: not listed (its existence is not disclosed either)
    }
    events.push(fhirEvent(ctx, {
      action: 'resource-read', outcome: 'success', patientId: cand.match.id, resourceType: 'Patient', resourceId: cand.match.id, ...purpose(flagged),
      detail: { version: cand.version, interaction: '$match', grade: cand.match.grade },
    }));
    entries.push({
      fullUrl: `${ctx.base}/Patient/${cand.match.id}`,
      resource: cand.patient,
      search: { mode: 'match', score: Math.round(cand.match.score * 10_000) / 10_000, extension: [{ url: MATCH_GRADE_URL, valueCode: cand.match.grade }] },
    });
  }
  events.push(fhirEvent(ctx, { action: 'search', outcome: 'success', patientId: null, resourceType: 'Patient', resourceId: null, detail: { interaction: '$match', returned: entries.length } }));
  await ctx.deps.audit.record(events);
  return { status: 200, body: { resourceType: 'Bundle', type: 'searchset', total: entries.length, entry: entries } };
}
