/**
 * Problems as problem-list Conditions (http://hl7.org/fhir/R4/condition.html):
 * add (ICD-10-CM or SNOMED CT), mark resolved (with abatement) or inactive, or entered-in-error.
 */
import { z } from 'zod';
import type { Condition, Practitioner, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { assertNever, err, ok, type Result } from '../result.ts';

export const ProblemInputSchema = z.object({
  id: z.string().uuid(),
  patientId: z.string().uuid(),
  code: z.object({ system: z.enum([SYSTEM.icd10cm, SYSTEM.snomed]), code: z.string().min(2).max(20), display: z.string().min(2) }),
  onset: z.string().min(4).optional(),
  recorder: z.object({ reference: z.string().regex(/^Practitioner\/.+/), display: z.string().min(1) }),
  recordedDate: z.string().min(10),
});
export type ProblemInput = z.input<typeof ProblemInputSchema>;

const cc = (system: string, code: string) => ({ coding: [{ system, code }] });

export function buildProblem(raw: ProblemInput): Result<Condition, LanternError> {
  const p = ProblemInputSchema.safeParse(raw);
  if (!p.success) return err(new LanternError('BAD_INPUT', 'The problem is incomplete or invalid', { issues: zodIssuesToFieldIssues('problem', p.error) }));
  const i = p.data;
  const recorder: Reference<Practitioner> = { reference: i.recorder.reference, display: i.recorder.display };
  return ok({
    resourceType: 'Condition', id: i.id, subject: { reference: `Patient/${i.patientId}` },
    clinicalStatus: cc(SYSTEM.conditionClinical, 'active'), verificationStatus: cc(SYSTEM.conditionVerification, 'confirmed'),
    category: [{ coding: [{ system: SYSTEM.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: { coding: [{ ...i.code }], text: i.code.display },
    ...(i.onset === undefined ? {} : { onsetDateTime: i.onset }),
    recordedDate: i.recordedDate, recorder,
  });
}

export type ProblemChange = 'resolved' | 'inactive' | 'active' | 'entered-in-error';

export function changeProblem(c: Condition, change: ProblemChange, at: string, reason?: string): Result<Condition, LanternError> {
  if (c.verificationStatus?.coding?.[0]?.code === 'entered-in-error') return err(new LanternError('CONFLICT', 'A problem entered in error cannot be changed'));
  const note = reason === undefined || reason.trim() === '' ? c.note : [...(c.note ?? []), { text: reason.trim() }];
  const withNote = note === undefined ? {} : { note };
  switch (change) {
    case 'resolved':
      return ok({ ...c, clinicalStatus: cc(SYSTEM.conditionClinical, 'resolved'), abatementDateTime: at, ...withNote });
    case 'inactive':
      return ok({ ...c, clinicalStatus: cc(SYSTEM.conditionClinical, 'inactive'), ...withNote });
    case 'active': {
      const { abatementDateTime: _a, ...rest } = c;
      return ok({ ...rest, clinicalStatus: cc(SYSTEM.conditionClinical, 'active'), ...withNote });
    }
    case 'entered-in-error': {
      if (reason === undefined || reason.trim() === '') return err(new LanternError('BAD_INPUT', 'Say why the problem was entered in error', { issues: [{ path: 'reason', message: 'required' }] }));
      // FHIR R4 con-5: clinicalStatus SHALL NOT be present when verificationStatus is entered-in-error.
      const { clinicalStatus: _c, ...rest } = c;
      return ok({ ...rest, verificationStatus: cc(SYSTEM.conditionVerification, 'entered-in-error'), ...withNote });
    }
    default:
      return assertNever(change, 'problem change');
  }
}
