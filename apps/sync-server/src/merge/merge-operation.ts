/**
 * `POST Patient/$merge` for integrators (an MPI or registration system that decided two records are
 * one person). Parameters follow FHIR R5's Patient $merge
 * (https://hl7.org/fhir/R5/patient-operation-merge.html): `source-patient` (the record retired) and
 * `target-patient` (the survivor) as References, `preview` (true: nothing is changed). Lantern also
 * requires `reason` (valueString), kept with the merge and in the audit trail. `result-patient` and
 * the identifier forms are not supported (a 400 says so). The answer is a Parameters resource with
 * `input`, `outcome` and `result` (the survivor), as R5 describes. Only roles the policy lets merge
 * patients may call it (core `canMergePatients`); a refusal is audited.
 */
import { canMergePatients } from '@lantern/core';
import { z } from 'zod';
import { withTx } from '../db/database.ts';
import { fhirEvent, type FhirCtx } from '../fhir/context.ts';
import type { FhirReply } from '../fhir/http.ts';
import { badRequest, DeniedError, informational } from '../fhir/outcome.ts';
import { livePatient, mergePatients } from './merge-patients.ts';

export const MERGE_DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Patient-merge';

const Param = z.looseObject({
  name: z.string(),
  valueReference: z.object({ reference: z.string() }).optional(),
  valueBoolean: z.boolean().optional(),
  valueString: z.string().optional(),
});
const ParametersSchema = z.object({ resourceType: z.literal('Parameters'), parameter: z.array(Param).max(20) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function patientRef(p: z.infer<typeof Param> | undefined, name: string): string {
  const ref = p?.valueReference?.reference ?? '';
  const id = ref.startsWith('Patient/') ? ref.slice('Patient/'.length) : '';
  if (!UUID.test(id)) throw badRequest(`Parameters.parameter.${name}`, 'required: a Reference to Patient/<id>');
  return id.toLowerCase();
}

export async function mergeOperation(ctx: FhirCtx, body: unknown): Promise<FhirReply> {
  if (!canMergePatients(ctx.user.claims.role)) {
    throw new DeniedError(`Access denied: ${ctx.user.claims.role} may not merge patients`, [
      fhirEvent(ctx, { action: 'access-denied', outcome: 'denied', patientId: null, resourceType: 'Patient', resourceId: null, detail: { interaction: '$merge' } }),
    ]);
  }
  const parsed = ParametersSchema.safeParse(body);
  if (!parsed.success) throw badRequest('Parameters', 'the body must be a Parameters resource with source-patient, target-patient and reason');
  const param = (name: string) => parsed.data.parameter.find((x) => x.name === name);
  for (const unsupported of ['result-patient', 'source-patient-identifier', 'target-patient-identifier']) {
    if (param(unsupported) !== undefined) throw badRequest(`Parameters.parameter.${unsupported}`, 'not supported: name both records by reference');
  }
  const retiredId = patientRef(param('source-patient'), 'source-patient');
  const survivorId = patientRef(param('target-patient'), 'target-patient');
  const reason = param('reason')?.valueString?.trim() ?? '';
  if (reason.length < 3) throw badRequest('Parameters.parameter.reason', 'required: why the two records are one person');
  const preview = param('preview')?.valueBoolean === true;
  const pool = ctx.deps.services.pool;
  return withTx(pool, async (c) => {
    if (preview) {
      const target = await livePatient(c, survivorId);
      await livePatient(c, retiredId);
      return { status: 200, body: { resourceType: 'Parameters', parameter: [
        { name: 'input', resource: parsed.data }, { name: 'outcome', resource: informational('preview: nothing was changed') }, { name: 'result', resource: target.patient },
      ] } };
    }
    const out = await mergePatients(c, ctx.user.actor, { survivorId, retiredId, reason }, ctx.now);
    const target = await livePatient(c, survivorId);
    return { status: 200, body: { resourceType: 'Parameters', parameter: [
      { name: 'input', resource: parsed.data },
      { name: 'outcome', resource: informational(`merged: ${out.moved} resources moved to the target; merge ${out.mergeId}`) },
      { name: 'result', resource: target.patient },
    ] } };
  });
}
