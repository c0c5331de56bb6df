/**
 * Builds the engine's PatientContext from the patient's FHIR resources (the local chart cache on
 * the workstation, the store or prefetch on the server).
 */
import type {
  AllergyIntolerance, Condition, MedicationRequest, Observation, Patient, ServiceRequest,
} from '../fhir/types.ts';
import type { LanternResource } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { PatientContext } from './types.ts';
import { ageInYears } from '../chart/age.ts';

export const BODY_WEIGHT_LOINC = ['29463-7', '3141-9'] as const;
/** Body height (8302-2), for ideal body weight in Cockcroft-Gault. */
export const BODY_HEIGHT_LOINC = ['8302-2'] as const;

const subjectIs = (ref: string | undefined, patientId: string): boolean => ref === `Patient/${patientId}`;
const hasCode = (o: Observation, codes: readonly string[]): boolean =>
  (o.code.coding ?? []).some((c) => c.system === SYSTEM.loinc && codes.includes(c.code ?? ''));
const whenOf = (o: Observation): string => o.effectiveDateTime ?? o.effectivePeriod?.end ?? o.issued ?? '';
const statusCode = (cc: { coding?: { code?: string }[] } | undefined): string | undefined => cc?.coding?.[0]?.code;

function heightCm(o: Observation): number | null {
  const q = o.valueQuantity;
  if (q?.value === undefined) return null;
  const unit = q.code ?? q.unit ?? 'cm';
  if (unit === 'cm') return q.value;
  if (unit === 'm') return q.value * 100;
  if (unit === '[in_i]' || unit === 'in') return q.value * 2.54;
  return null;
}

function weightKg(o: Observation): number | null {
  const q = o.valueQuantity;
  if (q?.value === undefined) return null;
  const unit = q.code ?? q.unit ?? 'kg';
  if (unit === 'kg') return q.value;
  if (unit === 'g') return q.value / 1000;
  if (unit === '[lb_av]' || unit === 'lb' || unit === 'lbs') return q.value * 0.45359237;
  return null;
}

const byId = <T extends { id?: string }>(a: T, b: T): number => ((a.id ?? '') < (b.id ?? '') ? -1 : 1);

export function buildPatientContext(resources: readonly LanternResource[], patient: Patient, now: string): PatientContext {
  const patientId = patient.id ?? '';
  const activeMedications: MedicationRequest[] = [];
  const allergies: AllergyIntolerance[] = [];
  const conditions: Condition[] = [];
  const recentOrders: ServiceRequest[] = [];
  const latestByCode = new Map<string, Observation>();
  let weight: { kg: number; when: string } | null = null;
  let height: { cm: number; when: string } | null = null;

  for (const r of resources) {
    switch (r.resourceType) {
      case 'MedicationRequest':
        if (subjectIs(r.subject.reference, patientId) && (r.status === 'active' || r.status === 'on-hold')) activeMedications.push(r);
        break;
      case 'AllergyIntolerance': {
        const v = statusCode(r.verificationStatus);
        const c = statusCode(r.clinicalStatus);
        if (subjectIs(r.patient.reference, patientId) && v !== 'refuted' && v !== 'entered-in-error' && (c === undefined || c === 'active')) allergies.push(r);
        break;
      }
      case 'Condition': {
        const c = statusCode(r.clinicalStatus);
        if (subjectIs(r.subject.reference, patientId) && (c === undefined || c === 'active' || c === 'recurrence' || c === 'relapse')) conditions.push(r);
        break;
      }
      case 'ServiceRequest':
        if (subjectIs(r.subject.reference, patientId) && r.status !== 'revoked' && r.status !== 'entered-in-error' && r.status !== 'draft') recentOrders.push(r);
        break;
      case 'Observation': {
        if (!subjectIs(r.subject?.reference, patientId) || r.status === 'cancelled' || r.status === 'entered-in-error') break;
        if (hasCode(r, BODY_HEIGHT_LOINC)) {
          const cm = heightCm(r);
          if (cm !== null && (height === null || whenOf(r) > height.when)) height = { cm, when: whenOf(r) };
          break;
        }
        if (hasCode(r, BODY_WEIGHT_LOINC)) {
          const kg = weightKg(r);
          if (kg !== null && (weight === null || whenOf(r) > weight.when)) weight = { kg, when: whenOf(r) };
          break;
        }
        const code = (r.code.coding ?? []).find((c) => c.system === SYSTEM.loinc)?.code;
        if (code === undefined || r.valueQuantity === undefined) break;
        const prev = latestByCode.get(code);
        if (prev === undefined || whenOf(r) > whenOf(prev)) latestByCode.set(code, r);
        break;
      }
      default:
        break;
    }
  }
  return {
    patientId,
    // The engine's rules read an unknown age as NaN (every age comparison is false): see PatientContext.
    ageYears: ageInYears(patient.birthDate, now) ?? Number.NaN,
    sex: patient.gender ?? 'unknown',
    weightKg: weight === null ? null : Math.round(weight.kg * 10) / 10,
    heightCm: height === null ? null : Math.round(height.cm * 10) / 10,
    activeMedications: activeMedications.sort(byId),
    allergies: allergies.sort(byId),
    conditions: conditions.sort(byId),
    labs: [...latestByCode.values()].sort(byId),
    recentOrders: recentOrders.sort(byId),
  };
}
