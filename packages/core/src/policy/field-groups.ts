/**
 * Field groups: the parts of a resource the access policy decides about separately (minimum
 * necessary, HIPAA 164.514(d); a nurse may hold an order but never change what the patient
 * receives). Per resource type, each group lists top-level FHIR R4 elements; `name[x]` is a choice
 * element (`medication[x]` covers medicationCodeableConcept and medicationReference) and FHIR's
 * `_field` primitive extensions count as their field. An element not listed falls into the type's
 * default group, so a new or unexpected element is guarded as strictly as the most sensitive part
 * (for a MedicationRequest: the prescription).
 *
 * `changedFieldGroups` is a pure diff of two versions at the top level, using the merge's equality
 * (arrays of identifiable elements compare as sets, so reordering is not a change). `meta`, `id`
 * and `resourceType` are server- or identity-owned and never count.
 */
import { isPlainObject, sameValue, type JsonObject } from '../sync/json-value.ts';

/** The pseudo-group of a signed note's content: nobody overwrites it (ARCHITECTURE.md, Data model). */
export const SIGNED_CONTENT = 'signed-content';

interface TypeGroups {
  /** Group name -> top-level elements. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** The group of every element not listed. */
  readonly rest: string;
}

/** Order and request status: status + statusReason (+ FHIR's `_status`). */
const STATUS = ['status', 'statusReason'];

export const FIELD_GROUPS: Readonly<Record<string, TypeGroups>> = {
  // http://hl7.org/fhir/R4/medicationrequest.html: what the patient receives and who ordered it is
  // the prescription (medication[x], dosageInstruction, dispenseRequest, substitution, intent,
  // requester, subject, priority, ...); status/statusReason is the administration state.
  MedicationRequest: {
    groups: {
      prescription: [
        'medication[x]', 'dosageInstruction', 'dispenseRequest', 'substitution', 'intent', 'requester', 'subject', 'priority',
        'doNotPerform', 'category', 'reported[x]', 'performer', 'performerType', 'recorder', 'reasonCode', 'reasonReference',
        'courseOfTherapyType', 'authoredOn', 'basedOn', 'priorPrescription', 'groupIdentifier', 'encounter', 'extension',
      ],
      status: STATUS,
      annotation: ['note'],
    },
    rest: 'prescription',
  },
  ServiceRequest: {
    groups: {
      order: ['code', 'orderDetail', 'quantity[x]', 'intent', 'requester', 'subject', 'priority', 'doNotPerform', 'occurrence[x]', 'asNeeded[x]', 'bodySite', 'reasonCode', 'reasonReference', 'extension'],
      status: STATUS,
      annotation: ['note'],
    },
    rest: 'order',
  },
  Observation: {
    groups: {
      result: ['value[x]', 'interpretation', 'dataAbsentReason', 'component', 'referenceRange', 'hasMember', 'derivedFrom'],
      status: ['status'],
      annotation: ['note'],
    },
    rest: 'result',
  },
  // Notes: the signing state is `docStatus` (DocumentReference) or `status` (Composition); once
  // signed, any other change is SIGNED_CONTENT (see decideWrite).
  DocumentReference: { groups: { 'note-status': ['docStatus', 'status'] }, rest: 'note-content' },
  Composition: { groups: { 'note-status': ['status'] }, rest: 'note-content' },
  AllergyIntolerance: { groups: { annotation: ['note'] }, rest: 'allergy' },
  Patient: { groups: { 'record-link': ['link', 'active'] }, rest: 'demographics' },
  Coverage: { groups: {}, rest: 'financial' },
  Account: { groups: {}, rest: 'financial' },
  Claim: { groups: {}, rest: 'financial' },
  ExplanationOfBenefit: { groups: {}, rest: 'financial' },
};

/** Types without a table: one group, `content`. */
const DEFAULT_GROUPS: TypeGroups = { groups: {}, rest: 'content' };
const IGNORED = new Set(['resourceType', 'id', 'meta']);

export function fieldGroupsOf(resourceType: string): TypeGroups {
  return FIELD_GROUPS[resourceType] ?? DEFAULT_GROUPS;
}

/** Every group name of `resourceType` (the listed ones and the default). */
export function allFieldGroups(resourceType: string): string[] {
  const t = fieldGroupsOf(resourceType);
  return [...new Set([...Object.keys(t.groups), t.rest])].sort();
}

function matches(pattern: string, key: string): boolean {
  const name = key.startsWith('_') ? key.slice(1) : key;
  if (pattern.endsWith('[x]')) {
    const stem = pattern.slice(0, -3);
    return name.startsWith(stem) && name.length > stem.length && /[A-Z]/.test(name.charAt(stem.length));
  }
  return name === pattern;
}

/** The group of one top-level element of `resourceType`. */
export function fieldGroupOf(resourceType: string, key: string): string {
  const t = fieldGroupsOf(resourceType);
  for (const [group, fields] of Object.entries(t.groups)) if (fields.some((f) => matches(f, key))) return group;
  return t.rest;
}

/** Top-level elements that differ between two versions (null = absent: a create or a delete). */
export function changedElements(before: JsonObject | null, after: JsonObject | null): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !IGNORED.has(k) && !sameValue(a[k], b[k], k)).sort();
}

/** The field groups a write from `before` to `after` changes (sorted, unique). */
export function changedFieldGroups(resourceType: string, before: JsonObject | null, after: JsonObject | null): string[] {
  if (before !== null && !isPlainObject(before)) return allFieldGroups(resourceType);
  return [...new Set(changedElements(before, after).map((k) => fieldGroupOf(resourceType, k)))].sort();
}
