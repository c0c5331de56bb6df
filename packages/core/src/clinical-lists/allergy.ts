/**
 * Allergies: record one, mark it inactive or resolved, or entered-in-error
 * (http://hl7.org/fhir/R4/allergyintolerance.html; clinical status
 * http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical, verification
 * .../allergyintolerance-verification). Substances are RxNorm ingredients, drug classes (Lantern's
 * class system, which the CDS allergy rule reads) or free text, so the CDS engine can check them.
 */
import { z } from 'zod';
import type { AllergyIntolerance, Coding, Practitioner, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { assertNever, err, ok, type Result } from '../result.ts';
import { LANTERN_CLASS_SYSTEM } from '../cds/kb/allergy.data.ts';

export const AllergyInputSchema = z.object({
  id: z.string().uuid(),
  patientId: z.string().uuid(),
  substance: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ingredient'), rxcui: z.string().regex(/^[0-9]{1,8}$/), name: z.string().min(2) }),
    z.object({ kind: z.literal('class'), classId: z.string().min(2), name: z.string().min(2) }),
    z.object({ kind: z.literal('text'), text: z.string().trim().min(2).max(200) }),
  ]),
  category: z.enum(['medication', 'food', 'environment', 'biologic']).default('medication'),
  criticality: z.enum(['low', 'high', 'unable-to-assess']),
  verification: z.enum(['confirmed', 'unconfirmed']).default('confirmed'),
  reaction: z.string().max(200).optional(),
  recorder: z.object({ reference: z.string().regex(/^Practitioner\/.+/), display: z.string().min(1) }),
  recordedDate: z.string().min(10),
});
export type AllergyInput = z.input<typeof AllergyInputSchema>;

const cc = (system: string, code: string) => ({ coding: [{ system, code }] });

export function buildAllergy(raw: AllergyInput): Result<AllergyIntolerance, LanternError> {
  const p = AllergyInputSchema.safeParse(raw);
  if (!p.success) return err(new LanternError('BAD_INPUT', 'The allergy is incomplete or invalid', { issues: zodIssuesToFieldIssues('allergy', p.error) }));
  const i = p.data;
  const s = i.substance;
  let code: AllergyIntolerance['code'];
  switch (s.kind) {
    case 'ingredient': code = { coding: [{ system: SYSTEM.rxnorm, code: s.rxcui, display: s.name } as Coding], text: s.name }; break;
    case 'class': code = { coding: [{ system: LANTERN_CLASS_SYSTEM, code: s.classId, display: s.name }], text: s.name }; break;
    case 'text': code = { text: s.text }; break;
    default: return assertNever(s, 'substance');
  }
  const recorder: Reference<Practitioner> = { reference: i.recorder.reference, display: i.recorder.display };
  return ok({
    resourceType: 'AllergyIntolerance', id: i.id, patient: { reference: `Patient/${i.patientId}` },
    clinicalStatus: cc(SYSTEM.allergyClinical, 'active'), verificationStatus: cc(SYSTEM.allergyVerification, i.verification),
    type: 'allergy', category: [i.category], criticality: i.criticality, code, recordedDate: i.recordedDate, recorder,
    ...(i.reaction === undefined ? {} : { reaction: [{ manifestation: [{ text: i.reaction }] }] }),
  });
}

export type AllergyChange = 'inactive' | 'resolved' | 'entered-in-error' | 'active';

/** Marks an allergy inactive/resolved/active again, or entered-in-error (verification). A reason is required for entered-in-error. */
export function changeAllergy(a: AllergyIntolerance, change: AllergyChange, reason?: string): Result<AllergyIntolerance, LanternError> {
  if (a.verificationStatus?.coding?.[0]?.code === 'entered-in-error') return err(new LanternError('CONFLICT', 'An allergy entered in error cannot be changed'));
  const note = reason === undefined || reason.trim() === '' ? a.note : [...(a.note ?? []), { text: reason.trim() }];
  switch (change) {
    case 'active':
    case 'inactive':
    case 'resolved':
      return ok({ ...a, clinicalStatus: cc(SYSTEM.allergyClinical, change), ...(note === undefined ? {} : { note }) });
    case 'entered-in-error': {
      if (reason === undefined || reason.trim() === '') return err(new LanternError('BAD_INPUT', 'Say why the allergy was entered in error', { issues: [{ path: 'reason', message: 'required' }] }));
      // FHIR R4: clinicalStatus SHALL be absent when verificationStatus is entered-in-error.
      const { clinicalStatus: _c, ...rest } = a;
      return ok({ ...rest, verificationStatus: cc(SYSTEM.allergyVerification, 'entered-in-error'), ...(note === undefined ? {} : { note }) });
    }
    default:
      return assertNever(change, 'allergy change');
  }
}
