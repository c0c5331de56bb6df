/**
 * The search columns of a resource row, pulled out of the FHIR JSON on write so that chart
 * queries read only indexes (see migrations/0001_init.sql).
 */
import type { CodeableConcept, LanternResource, Observation, Quantity } from '@lantern/core';

export interface ResourceColumns {
  status: string | null;
  code: string | null;
  label: string | null;
  category: string | null;
  effective: string | null;
  value_num: number | null;
  value_unit: string | null;
  value2_num: number | null;
  value2_unit: string | null;
  interpretation: string | null;
  ref_low: number | null;
  ref_high: number | null;
  author: string | null;
}

const EMPTY: ResourceColumns = {
  status: null, code: null, label: null, category: null, effective: null, value_num: null, value_unit: null,
  value2_num: null, value2_unit: null, interpretation: null, ref_low: null, ref_high: null, author: null,
};

/** LOINC blood pressure panel and its components (https://loinc.org/85354-9). */
export const LOINC_BP_PANEL = '85354-9';
export const LOINC_SYSTOLIC = '8480-6';
export const LOINC_DIASTOLIC = '8462-4';

const firstCode = (cc: CodeableConcept | undefined): string | null => {
  const c = cc?.coding?.[0];
  return c?.code === undefined ? null : `${c.system ?? ''}|${c.code}`;
};
const codeOf = (cc: CodeableConcept | undefined): string | null => cc?.coding?.[0]?.code ?? null;
const labelOf = (cc: CodeableConcept | undefined): string | null => cc?.text ?? cc?.coding?.find((c) => c.display !== undefined)?.display ?? null;
const num = (q: Quantity | undefined): number | null => (typeof q?.value === 'number' ? q.value : null);
const unit = (q: Quantity | undefined): string | null => q?.unit ?? q?.code ?? null;

/** A verification status that takes a record off the chart. */
const withdrawn = (cc: CodeableConcept | undefined, status: string | null): string | null => {
  const v = codeOf(cc);
  return v === 'entered-in-error' || v === 'refuted' ? v : status;
};

function observationColumns(o: Observation): ResourceColumns {
  const code = firstCode(o.code);
  const loinc = codeOf(o.code);
  let value = o.valueQuantity;
  let value2: Quantity | undefined;
  if (loinc === LOINC_BP_PANEL) {
    const comp = (c: string): Quantity | undefined => o.component?.find((x) => x.code.coding?.some((k) => k.code === c))?.valueQuantity;
    value = comp(LOINC_SYSTOLIC);
    value2 = comp(LOINC_DIASTOLIC);
  }
  const range = o.referenceRange?.[0];
  return {
    ...EMPTY,
    status: o.status,
    code,
    label: labelOf(o.code),
    category: o.category?.map(codeOf).find((c) => c !== null) ?? null,
    effective: o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued ?? null,
    value_num: num(value),
    value_unit: unit(value),
    value2_num: num(value2),
    value2_unit: unit(value2),
    interpretation: o.interpretation?.map(codeOf).find((c) => c !== null) ?? null,
    ref_low: num(range?.low),
    ref_high: num(range?.high),
  };
}

export function extractColumns(r: LanternResource): ResourceColumns {
  switch (r.resourceType) {
    case 'Observation':
      return observationColumns(r);
    case 'Condition':
      return {
        ...EMPTY,
        status: withdrawn(r.verificationStatus, codeOf(r.clinicalStatus)),
        code: firstCode(r.code),
        label: labelOf(r.code),
        category: r.category?.map(codeOf).find((c) => c !== null) ?? null,
        effective: r.onsetDateTime ?? r.onsetPeriod?.start ?? r.recordedDate ?? null,
      };
    case 'AllergyIntolerance':
      return {
        ...EMPTY,
        status: withdrawn(r.verificationStatus, codeOf(r.clinicalStatus)),
        code: firstCode(r.code),
        label: labelOf(r.code),
        category: r.category?.[0] ?? null,
        effective: r.recordedDate ?? r.onsetDateTime ?? null,
      };
    case 'MedicationRequest':
      return { ...EMPTY, status: r.status, code: firstCode(r.medicationCodeableConcept), label: labelOf(r.medicationCodeableConcept), effective: r.authoredOn ?? null };
    case 'MedicationStatement':
      return { ...EMPTY, status: r.status, code: firstCode(r.medicationCodeableConcept), label: labelOf(r.medicationCodeableConcept), effective: r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.dateAsserted ?? null };
    case 'Encounter':
      return { ...EMPTY, status: r.status, code: r.class?.code === undefined ? null : `${r.class.system ?? ''}|${r.class.code}`, label: labelOf(r.type?.[0]), category: r.class?.code ?? null, effective: r.period?.start ?? null };
    case 'DocumentReference':
      return {
        ...EMPTY,
        status: r.docStatus ?? r.status,
        code: firstCode(r.type),
        label: r.description ?? labelOf(r.type) ?? r.content[0]?.attachment.title ?? 'Note',
        effective: r.date ?? r.context?.period?.start ?? null,
        author: r.author?.[0]?.display ?? null,
      };
    case 'Composition':
      return { ...EMPTY, status: r.status, code: firstCode(r.type), label: r.title, effective: r.date, author: r.author[0]?.display ?? null };
    case 'DiagnosticReport':
      return { ...EMPTY, status: r.status, code: firstCode(r.code), label: labelOf(r.code), category: r.category?.map(codeOf).find((c) => c !== null) ?? null, effective: r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued ?? null };
    case 'ServiceRequest':
      return { ...EMPTY, status: r.status, code: firstCode(r.code), label: labelOf(r.code), effective: r.authoredOn ?? null };
    case 'Patient':
    case 'Practitioner':
    case 'Provenance':
    case 'AuditEvent':
      return EMPTY;
  }
}

/** The patient a resource belongs to, from its subject/patient reference (`Patient/<id>`). */
export function patientIdOf(r: LanternResource): string | null {
  if (r.resourceType === 'Patient') return r.id ?? null;
  let ref: string | undefined;
  switch (r.resourceType) {
    case 'AllergyIntolerance':
      ref = r.patient.reference;
      break;
    case 'Observation': case 'Condition': case 'MedicationRequest': case 'MedicationStatement': case 'Encounter':
    case 'DocumentReference': case 'Composition': case 'DiagnosticReport': case 'ServiceRequest':
      ref = r.subject?.reference;
      break;
    case 'Practitioner': case 'Provenance': case 'AuditEvent':
      return null;
  }
  const m = ref === undefined ? null : /^(?:.*\/)?Patient\/([^/]+)$/.exec(ref);
  return m?.[1] ?? null;
}
