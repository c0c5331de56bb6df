/**
 * Builds a draft MedicationRequest (http://hl7.org/fhir/R4/medicationrequest.html) from the order
 * form: RxNorm-coded medication, one dosageInstruction with timing (GTS code + repeat, with
 * boundsDuration for a course), route (SNOMED CT) and doseAndRate.doseQuantity (UCUM). The input
 * crosses a trust boundary (the renderer), so it is zod-validated and errors name the field.
 */
import { z } from 'zod';
import type { Dosage, MedicationRequest, Practitioner, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { err, ok, type Result } from '../result.ts';
import { DOSE_UNITS, FREQUENCIES, ROUTES, TIMING_SYSTEM, type DoseUnit, type FrequencyKey, type RouteKey } from './dosage-vocabulary.ts';

const uuid = z.string().uuid();
export const MedicationOrderInputSchema = z.object({
  id: uuid,
  patientId: uuid,
  requester: z.object({ reference: z.string().regex(/^Practitioner\/.+/), display: z.string().min(1) }),
  medication: z.object({ rxcui: z.string().regex(/^[0-9]{1,8}$/, 'must be an RxNorm code'), name: z.string().min(2).max(200) }),
  dose: z.object({ value: z.number().positive('must be more than 0').max(100_000), unit: z.enum(Object.keys(DOSE_UNITS) as [DoseUnit, ...DoseUnit[]]) }),
  route: z.enum(Object.keys(ROUTES) as [RouteKey, ...RouteKey[]]),
  frequency: z.enum(Object.keys(FREQUENCIES) as [FrequencyKey, ...FrequencyKey[]]),
  durationDays: z.number().int().positive().max(365).optional(),
  prn: z.object({ reason: z.string().max(200).optional() }).optional(),
  /** FHIR dateTime. */
  authoredOn: z.string().min(10),
  encounterId: uuid.optional(),
  note: z.string().max(1000).optional(),
});
export type MedicationOrderInput = z.input<typeof MedicationOrderInputSchema>;

const formatNumber = (n: number): string => String(Math.round(n * 1000) / 1000);

/** "20 mg oral once daily for 7 days" */
export function sigText(i: { dose: { value: number; unit: DoseUnit }; route: RouteKey; frequency: FrequencyKey; durationDays?: number | undefined; prn?: { reason?: string | undefined } | undefined }): string {
  const unit = DOSE_UNITS[i.dose.unit].label;
  const plural = i.dose.value !== 1 && ['tablet', 'capsule', 'puff', 'unit'].includes(unit) ? 's' : '';
  const parts = [`${formatNumber(i.dose.value)} ${unit}${plural}`, ROUTES[i.route].short, FREQUENCIES[i.frequency].label];
  if (i.prn !== undefined) parts.push(i.prn.reason === undefined || i.prn.reason === '' ? 'as needed' : `as needed for ${i.prn.reason}`);
  if (i.durationDays !== undefined) parts.push(`for ${i.durationDays} day${i.durationDays === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export function buildMedicationOrder(raw: MedicationOrderInput): Result<MedicationRequest, LanternError> {
  const parsed = MedicationOrderInputSchema.safeParse(raw);
  if (!parsed.success) return err(new LanternError('BAD_INPUT', 'The medication order is incomplete or invalid', { issues: zodIssuesToFieldIssues('order', parsed.error) }));
  const i = parsed.data;
  const f = FREQUENCIES[i.frequency];
  const unit = DOSE_UNITS[i.dose.unit];
  const dosage: Dosage = {
    sequence: 1,
    text: sigText(i),
    timing: {
      code: { coding: [{ system: TIMING_SYSTEM, code: i.frequency }], text: f.label },
      repeat: {
        frequency: f.frequency, period: f.period, periodUnit: f.periodUnit,
        ...('when' in f ? { when: [f.when] } : {}),
        ...(i.durationDays === undefined ? {} : { boundsDuration: { value: i.durationDays, unit: 'd', system: SYSTEM.ucum, code: 'd' } }),
      },
    },
    route: { coding: [{ system: SYSTEM.snomed, code: ROUTES[i.route].code, display: ROUTES[i.route].display }], text: ROUTES[i.route].short },
    doseAndRate: [{ doseQuantity: { value: i.dose.value, unit: unit.label, system: SYSTEM.ucum, code: unit.ucum } }],
    ...(i.prn === undefined ? {} : i.prn.reason === undefined ? { asNeededBoolean: true } : { asNeededCodeableConcept: { text: i.prn.reason } }),
  };
  const requester: Reference<Practitioner> = { reference: i.requester.reference, display: i.requester.display };
  const mr: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: i.id,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: i.medication.rxcui, display: i.medication.name }], text: i.medication.name },
    subject: { reference: `Patient/${i.patientId}` },
    authoredOn: i.authoredOn,
    requester,
    dosageInstruction: [dosage],
    ...(i.encounterId === undefined ? {} : { encounter: { reference: `Encounter/${i.encounterId}` } }),
    ...(i.note === undefined ? {} : { note: [{ text: i.note }] }),
  };
  return ok(mr);
}
