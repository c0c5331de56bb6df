/**
 * What a write to a MedicationRequest changes in what the patient receives. Every such write
 * (new order, drug, dose, route, frequency, re-activation), however it arrives (workstation sign
 * flow, sync push, FHIR), goes through the same CDS gate; a write that changes none of it (a
 * note, a stop, a hold) does not run the engine.
 *
 * Only an `active` order is given to the patient (http://hl7.org/fhir/R4/valueset-medicationrequest-status.html),
 * so a write whose result is not active changes nothing the patient receives.
 */

/** Most significant first. */
export const MEDICATION_CHANGES = ['none', 'new', 'drug', 'dose', 'route', 'frequency', 'reactivation'] as const;
export type MedicationChange = (typeof MEDICATION_CHANGES)[number];

type Json = Record<string, unknown>;
type Order = object | null | undefined;

const asJson = (o: Order): Json | null => (o === null || o === undefined ? null : (o as Json));
const isMedicationRequest = (o: Json | null): o is Json => o !== null && o['resourceType'] === 'MedicationRequest';
const statusOf = (o: Json): string => (typeof o['status'] === 'string' ? o['status'] : '');
const isJson = (d: unknown): d is Json => typeof d === 'object' && d !== null;
const NO_DOSAGES: Json[] = [];
/** The dosage lines (the order's own array when every line is an object, as in any valid order: no copy). */
function dosages(o: Json): readonly Json[] {
  const list: unknown = o['dosageInstruction'];
  if (!Array.isArray(list)) return NO_DOSAGES;
  return list.every(isJson) ? list : list.filter(isJson);
}

/**
 * JSON equality, object keys in any order; an absent key equals one holding undefined. Every
 * sync push of a medication order is compared this way, so it walks the values instead of
 * serialising them.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Json;
  const bo = b as Json;
  for (const k in ao) if (!same(ao[k], bo[k])) return false;
  for (const k in bo) if (!(k in ao) && bo[k] !== undefined) return false;
  return true;
}

/** Codings compared by system and code (display text and their order do not change the drug). */
function codingsOf(cc: unknown): string[] {
  const codings = (cc as Json | undefined)?.['coding'];
  const out = Array.isArray(codings) ? (codings as Json[]).map((c) => `${String(c?.['system'] ?? '')}|${String(c?.['code'] ?? '')}`) : [];
  if (out.length === 0) {
    const text = (cc as Json | undefined)?.['text'];
    if (typeof text === 'string') out.push(`text|${text.trim().toLowerCase()}`);
  }
  return out.sort();
}

/** The drug: the coded concept, the reference, and a contained Medication it may point at. */
const containedMedications = (o: Json): unknown[] => (Array.isArray(o['contained']) ? (o['contained'] as Json[]).filter((c) => c?.['resourceType'] === 'Medication') : []);
const sameDrug = (a: Json, b: Json): boolean =>
  // Equal concepts have equal codings: the codings are compared only when the concepts differ.
  (same(a['medicationCodeableConcept'], b['medicationCodeableConcept']) || same(codingsOf(a['medicationCodeableConcept']), codingsOf(b['medicationCodeableConcept'])))
  && same((a['medicationReference'] as Json | undefined)?.['reference'], (b['medicationReference'] as Json | undefined)?.['reference'])
  && ((a['contained'] === undefined && b['contained'] === undefined) || same(containedMedications(a), containedMedications(b)));

/** Per dosage line: the line count counts too (adding a line changes the dose). */
function sameDosage(da: readonly Json[], db: readonly Json[], keys: readonly string[]): boolean {
  if (da.length !== db.length) return false;
  for (let i = 0; i < da.length; i++) {
    const x = da[i];
    const y = db[i];
    for (const k of keys) if (!same(x?.[k], y?.[k])) return false;
  }
  return true;
}
const DOSE_KEYS = ['doseAndRate', 'maxDosePerPeriod', 'maxDosePerAdministration'] as const;
const ROUTE_KEYS = ['route', 'method'] as const;
const FREQUENCY_KEYS = ['timing', 'asNeededBoolean', 'asNeededCodeableConcept'] as const;

export interface MedicationChangeOptions {
  /**
   * The patient's other orders, when the caller has them: a new active order for a drug the
   * patient had before (stopped, completed, on hold) is a re-order and also reads as `reactivation`.
   */
  otherOrders?: readonly Order[];
}

/**
 * What `after` changes against `before` (null: the order did not exist or was deleted), as a
 * list, most significant first; `['none']` when the patient receives the same as before.
 */
export function medicationChange(before: Order, after: Order, opts: MedicationChangeOptions = {}): MedicationChange[] {
  const b = asJson(before);
  const a = asJson(after);
  if (!isMedicationRequest(a) || statusOf(a) !== 'active') return ['none'];
  // Built in MEDICATION_CHANGES order (every pushed order passes here: no set, no filtering).
  const out: MedicationChange[] = [];
  if (!isMedicationRequest(b)) {
    out.push('new');
    const reorder = (opts.otherOrders ?? []).some((o) => {
      const x = asJson(o);
      return isMedicationRequest(x) && x['id'] !== a['id'] && statusOf(x) !== 'active' && statusOf(x) !== 'entered-in-error' && sameDrug(x, a);
    });
    if (reorder) out.push('reactivation');
    return out;
  }
  if (!sameDrug(b, a)) out.push('drug');
  const db = dosages(b);
  const da = dosages(a);
  if (!sameDosage(db, da, DOSE_KEYS)) out.push('dose');
  if (!sameDosage(db, da, ROUTE_KEYS)) out.push('route');
  if (!sameDosage(db, da, FREQUENCY_KEYS)) out.push('frequency');
  if (statusOf(b) !== 'active') out.push('reactivation');
  return out.length === 0 ? ['none'] : out;
}

/** True when the write changes what the patient receives (the gate must run). */
export const changesMedication = (changes: readonly MedicationChange[]): boolean => changes.some((c) => c !== 'none');
