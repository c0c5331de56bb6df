/**
 * The search columns extracted from a resource when it is written, so reads by patient, type,
 * code, status and date use indexes instead of JSONB scans.
 */
import type { ResourceJson } from '@lantern/core';

export interface SearchColumns {
  /** 'system|code' for every coding of the resource's main concept. */
  codes: string[];
  status: string | null;
  effective: string | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Which element holds the main concept of each type (FHIR R4 search parameter `code`). */
const CODE_ELEMENT: Record<string, string> = {
  Observation: 'code',
  Condition: 'code',
  AllergyIntolerance: 'code',
  DiagnosticReport: 'code',
  ServiceRequest: 'code',
  MedicationRequest: 'medicationCodeableConcept',
  MedicationStatement: 'medicationCodeableConcept',
  DocumentReference: 'type',
  Composition: 'type',
  Encounter: 'type',
};

function codings(concept: unknown): string[] {
  const list = Array.isArray(concept) ? concept : [concept];
  const out: string[] = [];
  for (const c of list) {
    const coding = obj(c)?.['coding'];
    if (!Array.isArray(coding)) continue;
    for (const cd of coding) {
      const o = obj(cd);
      const code = str(o?.['code']);
      if (code !== null) out.push(`${str(o?.['system']) ?? ''}|${code}`);
    }
  }
  return out;
}

function status(r: Json): string | null {
  const s = str(r['status']) ?? str(r['docStatus']);
  if (s !== null) return s;
  // Condition and AllergyIntolerance carry a CodeableConcept clinicalStatus.
  const cs = codings(r['clinicalStatus'])[0];
  return cs === undefined ? null : cs.slice(cs.indexOf('|') + 1);
}

function effective(r: Json): string | null {
  for (const k of ['effectiveDateTime', 'authoredOn', 'recordedDate', 'onsetDateTime', 'issued', 'date', 'recorded', 'birthDate']) {
    const v = str(r[k]);
    if (v !== null) return v;
  }
  for (const k of ['effectivePeriod', 'period']) {
    const v = str(obj(r[k])?.['start']);
    if (v !== null) return v;
  }
  return null;
}

export function extractSearchColumns(resource: ResourceJson): SearchColumns {
  const type = str(resource['resourceType']) ?? '';
  const element = CODE_ELEMENT[type];
  return {
    codes: element === undefined ? [] : codings(resource[element]),
    status: status(resource),
    effective: effective(resource),
  };
}
