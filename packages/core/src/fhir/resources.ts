/**
 * What Lantern accepts, per resource type (ARCHITECTURE.md, Data model). Each schema checks the
 * elements Lantern reads or that R4 marks as required (1..1), so a bad field is named precisely;
 * everything else passes through unchanged.
 */
import { z } from 'zod';
import {
  Address, Attachment, CodeableConcept, ContactPoint, Dosage, HumanName, Identifier, Meta,
  Period, Quantity, Range, Reference, fhirCode, fhirDate, fhirDateTime, fhirId, fhirInstant,
} from './datatypes.ts';

const base = <T extends string>(resourceType: T) => ({
  resourceType: z.literal(resourceType),
  id: fhirId.optional(),
  meta: Meta.optional(),
});

const requiredRef = Reference.refine((r) => r.reference !== undefined || r.identifier !== undefined, {
  message: 'must have a reference or an identifier',
});

export const PatientSchema = z.looseObject({
  ...base('Patient'),
  identifier: z.array(Identifier).optional(),
  active: z.boolean().optional(),
  name: z.array(HumanName).optional(),
  telecom: z.array(ContactPoint).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: fhirDate.optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: fhirDateTime.optional(),
  address: z.array(Address).optional(),
  generalPractitioner: z.array(Reference).optional(),
});

export const PractitionerSchema = z.looseObject({
  ...base('Practitioner'),
  identifier: z.array(Identifier).optional(),
  active: z.boolean().optional(),
  name: z.array(HumanName).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
});

export const EncounterSchema = z.looseObject({
  ...base('Encounter'),
  status: z.enum(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']),
  class: z.looseObject({ system: z.string().optional(), code: fhirCode.optional(), display: z.string().optional() }),
  type: z.array(CodeableConcept).optional(),
  subject: requiredRef.optional(),
  participant: z.array(z.looseObject({ individual: Reference.optional() })).optional(),
  period: Period.optional(),
  reasonCode: z.array(CodeableConcept).optional(),
  location: z.array(z.looseObject({ location: requiredRef })).optional(),
});

const clinicalStatus = CodeableConcept;
export const ConditionSchema = z.looseObject({
  ...base('Condition'),
  clinicalStatus: clinicalStatus.optional(),
  verificationStatus: CodeableConcept.optional(),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept.optional(),
  subject: requiredRef,
  encounter: Reference.optional(),
  onsetDateTime: fhirDateTime.optional(),
  abatementDateTime: fhirDateTime.optional(),
  recordedDate: fhirDateTime.optional(),
});

export const AllergyIntoleranceSchema = z.looseObject({
  ...base('AllergyIntolerance'),
  clinicalStatus: CodeableConcept.optional(),
  verificationStatus: CodeableConcept.optional(),
  type: z.enum(['allergy', 'intolerance']).optional(),
  category: z.array(z.enum(['food', 'medication', 'environment', 'biologic'])).optional(),
  criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
  code: CodeableConcept.optional(),
  patient: requiredRef,
  recordedDate: fhirDateTime.optional(),
  reaction: z
    .array(z.looseObject({ manifestation: z.array(CodeableConcept), severity: z.enum(['mild', 'moderate', 'severe']).optional() }))
    .optional(),
});

const medicationRequestStatus = z.enum(['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown']);
export const MedicationRequestSchema = z.looseObject({
  ...base('MedicationRequest'),
  identifier: z.array(Identifier).optional(),
  status: medicationRequestStatus,
  intent: z.enum(['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option']),
  medicationCodeableConcept: CodeableConcept.optional(),
  medicationReference: Reference.optional(),
  subject: requiredRef,
  encounter: Reference.optional(),
  authoredOn: fhirDateTime.optional(),
  requester: Reference.optional(),
  dosageInstruction: z.array(Dosage).optional(),
  dispenseRequest: z.looseObject({ expectedSupplyDuration: Quantity.optional() }).optional(),
}).refine((m) => m.medicationCodeableConcept !== undefined || m.medicationReference !== undefined, {
  message: 'must have medicationCodeableConcept or medicationReference',
  path: ['medicationCodeableConcept'],
});

export const MedicationStatementSchema = z.looseObject({
  ...base('MedicationStatement'),
  status: z.enum(['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken']),
  medicationCodeableConcept: CodeableConcept.optional(),
  medicationReference: Reference.optional(),
  subject: requiredRef,
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: Period.optional(),
  dosage: z.array(Dosage).optional(),
});

export const ObservationSchema = z.looseObject({
  ...base('Observation'),
  status: z.enum(['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown']),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept,
  subject: requiredRef.optional(),
  encounter: Reference.optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: Period.optional(),
  issued: fhirInstant.optional(),
  valueQuantity: Quantity.optional(),
  valueCodeableConcept: CodeableConcept.optional(),
  valueString: z.string().optional(),
  interpretation: z.array(CodeableConcept).optional(),
  referenceRange: z.array(z.looseObject({ low: Quantity.optional(), high: Quantity.optional(), text: z.string().optional() })).optional(),
  component: z.array(z.looseObject({ code: CodeableConcept, valueQuantity: Quantity.optional(), interpretation: z.array(CodeableConcept).optional() })).optional(),
});

export const DiagnosticReportSchema = z.looseObject({
  ...base('DiagnosticReport'),
  status: z.enum(['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown']),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: fhirDateTime.optional(),
  issued: fhirInstant.optional(),
  result: z.array(Reference).optional(),
  conclusion: z.string().optional(),
});

export const ServiceRequestSchema = z.looseObject({
  ...base('ServiceRequest'),
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum(['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option']),
  category: z.array(CodeableConcept).optional(),
  priority: z.enum(['routine', 'urgent', 'asap', 'stat']).optional(),
  code: CodeableConcept.optional(),
  subject: requiredRef,
  authoredOn: fhirDateTime.optional(),
  requester: Reference.optional(),
  occurrenceDateTime: fhirDateTime.optional(),
});

export const DocumentReferenceSchema = z.looseObject({
  ...base('DocumentReference'),
  status: z.enum(['current', 'superseded', 'entered-in-error']),
  docStatus: z.enum(['preliminary', 'final', 'amended', 'entered-in-error']).optional(),
  type: CodeableConcept.optional(),
  category: z.array(CodeableConcept).optional(),
  subject: Reference.optional(),
  date: fhirInstant.optional(),
  author: z.array(Reference).optional(),
  relatesTo: z.array(z.looseObject({ code: z.enum(['replaces', 'transforms', 'signs', 'appends']), target: requiredRef })).optional(),
  content: z.array(z.looseObject({ attachment: Attachment })).min(1, 'must have at least one content attachment'),
  context: z.looseObject({ encounter: z.array(Reference).optional(), period: Period.optional() }).optional(),
});

export const CompositionSchema = z.looseObject({
  ...base('Composition'),
  status: z.enum(['preliminary', 'final', 'amended', 'entered-in-error']),
  type: CodeableConcept,
  subject: Reference.optional(),
  encounter: Reference.optional(),
  date: fhirDateTime,
  author: z.array(Reference).min(1, 'must have at least one author'),
  title: z.string().min(1, 'must not be empty'),
  section: z.array(z.looseObject({ title: z.string().optional(), code: CodeableConcept.optional(), text: z.looseObject({ status: z.string(), div: z.string() }).optional() })).optional(),
});

export const ProvenanceSchema = z.looseObject({
  ...base('Provenance'),
  target: z.array(requiredRef).min(1, 'must have at least one target'),
  recorded: fhirInstant,
  agent: z.array(z.looseObject({ who: requiredRef })).min(1, 'must have at least one agent'),
  signature: z.array(z.looseObject({ type: z.array(z.looseObject({ system: z.string().optional(), code: z.string().optional() })).min(1), when: fhirInstant, who: requiredRef, data: z.string().optional(), sigFormat: z.string().optional() })).optional(),
});

export const AuditEventSchema = z.looseObject({
  ...base('AuditEvent'),
  type: z.looseObject({ system: z.string().optional(), code: z.string().optional() }),
  action: z.enum(['C', 'R', 'U', 'D', 'E']).optional(),
  recorded: fhirInstant,
  outcome: z.enum(['0', '4', '8', '12']).optional(),
  agent: z.array(z.looseObject({ who: Reference.optional(), requestor: z.boolean() })).min(1),
  source: z.looseObject({ observer: Reference }),
  entity: z.array(z.looseObject({ what: Reference.optional() })).optional(),
});

export { Range };
