/**
 * Safety-critical fields (ARCHITECTURE.md, Sync protocol): if the client changed one of these
 * while the server's copy also moved on, the merge is a conflict even when the server did not
 * touch that field, because the clinician decided on a dose, a status or a code while looking at
 * a record that has since changed. A clinician resolves it; the server keeps its state.
 *
 * Names are top-level FHIR R4 elements; `name[x]` is a choice element (`medication[x]` covers
 * medicationCodeableConcept and medicationReference); a whole element covers everything under it
 * (`dosageInstruction` covers dose, route, timing, ...). `*` means every field. FHIR's `_field`
 * primitive extensions count as their field.
 *
 * Signed notes are append-only: once a DocumentReference's docStatus, or a Composition's status,
 * is final or amended, on the client's base or on the server, every field of it is critical.
 */
import type { JsonObject } from './json-value.ts';

const SAFETY_CRITICAL: Readonly<Record<string, readonly string[]>> = {
  MedicationRequest: ['status', 'intent', 'doNotPerform', 'medication[x]', 'dosageInstruction', 'dispenseRequest', 'subject'],
  MedicationStatement: ['status', 'medication[x]', 'dosage', 'subject'],
  AllergyIntolerance: ['clinicalStatus', 'verificationStatus', 'type', 'category', 'criticality', 'code', 'reaction', 'patient'],
  Observation: ['status', 'code', 'value[x]', 'dataAbsentReason', 'interpretation', 'component', 'effective[x]', 'subject'],
  Condition: ['clinicalStatus', 'verificationStatus', 'code', 'subject'],
  ServiceRequest: ['status', 'intent', 'doNotPerform', 'code', 'priority', 'subject'],
  DiagnosticReport: ['status', 'code', 'result', 'conclusion', 'conclusionCode', 'presentedForm', 'subject'],
  DocumentReference: ['status', 'docStatus', 'relatesTo', 'subject'],
  Composition: ['status', 'subject'],
  Encounter: ['status', 'class', 'subject'],
  // Age and death drive dosing and decision support; `link` merges two patients' records.
  Patient: ['birthDate', 'deceased[x]', 'link', 'active'],
  Practitioner: [],
  // Signatures and the audit trail are never edited.
  Provenance: ['*'],
  AuditEvent: ['*'],
};

/** The documented list for `resourceType` (empty for types with none; see the file comment). */
export function safetyCriticalFields(resourceType: string): readonly string[] {
  return SAFETY_CRITICAL[resourceType] ?? [];
}

const SIGNED = new Set(['final', 'amended']);

/** A note that has been signed, whose content may change only by addendum or amendment. */
export function isSignedNote(resourceType: string, resource: JsonObject | null): boolean {
  if (resource === null) return false;
  switch (resourceType) {
    case 'DocumentReference':
      return SIGNED.has(String(resource['docStatus']));
    case 'Composition':
      return SIGNED.has(String(resource['status']));
    default:
      return false;
  }
}

/** Does top-level element `key` (e.g. `valueQuantity`, `_status`) fall under one of `patterns`? */
export function matchesCriticalField(patterns: readonly string[], key: string): boolean {
  const name = key.startsWith('_') ? key.slice(1) : key;
  return patterns.some((p) => {
    if (p === '*') return true;
    if (!p.endsWith('[x]')) return p === name;
    const stem = p.slice(0, -3);
    return name.length > stem.length && name.startsWith(stem) && /[A-Z]/.test(name.charAt(stem.length));
  });
}
