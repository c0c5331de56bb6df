/**
 * What a write to a MedicationRequest changes in what the patient receives. Every such write
 * (new order, drug, dose, route, frequency, re-activation), however it arrives (workstation sign
 * flow, sync push, FHIR), goes through the same CDS gate; a write that changes none of it (a
 * note, a stop, a hold) does not run the engine.
 *
 * Only an `active` order is given to the patient (http://hl7.org/fhir/R4/valueset-medicationrequest-status.html),
 * so a write whose result is not active changes nothing the patient receives.
 */
import { canonicalJson } from '../audit/canonical-json.ts';

/** Most significant first. */
export const MEDICATION_CHANGES = ['none', 'new', 'drug', 'dose', 'route', 'frequency', 'reactivation'] as const;
export type MedicationChange = (typeof MEDICATION_CHANGES)[number];

type Json = Record<string, unknown>;
type Order = object | null | undefined;

const asJson = (o: Order): Json | null => (o === null || o === undefined ? null : (o as Json));
const isMedicationRequest = (o: Json | null): o is Json => o !== null && o['resourceType'] === 'MedicationRequest';
const statusOf = (o: Json): string => (typeof o['status'] === 'string' ? o['status'] : '');
const dosages = (o: Json): Json[] => (Array.isArray(o['dosageInstruction']) ? (o['dosageInstruction'] as unknown[]).filter((d): d is Json => typeof d === 'object' && d !== null) : []);

/** The drug: the coded concept, the reference, and a contained Medication it may point at. */
const drugOf = (o: Json): string => canonicalJson({
  code: codingsOf(o['medicationCodeableConcept']),
  ref: (o['medicationReference'] as Json | undefined)?.['reference'] ?? null,
  contained: Array.isArray(o['contained']) ? (o['contained'] as Json[]).filter((c) => c?.['resourceType'] === 'Medication') : [],
});

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

/** One projection per dosage line: the instruction count is part of each (adding a line changes dose). */
const project = (o: Json, pick: (d: Json) => unknown): string => canonicalJson(dosages(o).map((d) => pick(d) ?? null));
const doseOf = (o: Json): string => project(o, (d) => ({ doseAndRate: d['doseAndRate'] ?? null, maxDosePerPeriod: d['maxDosePerPeriod'] ?? null, maxDosePerAdministration: d['maxDosePerAdministration'] ?? null }));
const routeOf = (o: Json): string => project(o, (d) => ({ route: d['route'] ?? null, method: d['method'] ?? null }));
const frequencyOf = (o: Json): string => project(o, (d) => ({ timing: d['timing'] ?? null, asNeeded: d['asNeededBoolean'] ?? d['asNeededCodeableConcept'] ?? null }));

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
  const found = new Set<MedicationChange>();
  if (!isMedicationRequest(b)) {
    found.add('new');
    const drug = drugOf(a);
    const reorder = (opts.otherOrders ?? []).some((o) => {
      const x = asJson(o);
      return isMedicationRequest(x) && x['id'] !== a['id'] && statusOf(x) !== 'active' && statusOf(x) !== 'entered-in-error' && drugOf(x) === drug;
    });
    if (reorder) found.add('reactivation');
  } else {
    if (statusOf(b) !== 'active') found.add('reactivation');
    if (drugOf(b) !== drugOf(a)) found.add('drug');
    if (doseOf(b) !== doseOf(a)) found.add('dose');
    if (routeOf(b) !== routeOf(a)) found.add('route');
    if (frequencyOf(b) !== frequencyOf(a)) found.add('frequency');
  }
  const out = MEDICATION_CHANGES.filter((c) => found.has(c));
  return out.length === 0 ? ['none'] : out;
}

/** True when the write changes what the patient receives (the gate must run). */
export const changesMedication = (changes: readonly MedicationChange[]): boolean => changes.some((c) => c !== 'none');
