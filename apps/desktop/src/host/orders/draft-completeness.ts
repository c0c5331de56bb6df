/**
 * A medication order is signable only with a dose, a route and a frequency (FHIR R4 Dosage:
 * http://hl7.org/fhir/R4/dosage.html). A one-click suggestion or a hand-built draft that lacks one
 * would otherwise reach the patient as "amoxicillin, as directed"; the host refuses it on sign and
 * says which field is missing, so the screen can send the clinician to it.
 */
import { LanternError, type MedicationRequest } from '@lantern/core';
import type { DraftOrder } from '@lantern/core/cds';

export const DOSE_PATH = 'dosageInstruction[0].doseAndRate[0].doseQuantity.value';
export const ROUTE_PATH = 'dosageInstruction[0].route';
export const FREQUENCY_PATH = 'dosageInstruction[0].timing';

/** The FHIR paths of what the medication order lacks (empty = complete). */
export function missingDosage(order: MedicationRequest): { path: string; message: string }[] {
  const dosage = order.dosageInstruction?.[0];
  const missing: { path: string; message: string }[] = [];
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity?.value;
  if (typeof dose !== 'number' || !(dose > 0)) missing.push({ path: DOSE_PATH, message: 'a dose is required' });
  const route = dosage?.route;
  if (route === undefined || ((route.coding ?? []).length === 0 && (route.text ?? '') === '')) missing.push({ path: ROUTE_PATH, message: 'a route is required' });
  const timing = dosage?.timing;
  if (timing === undefined || ((timing.code?.coding ?? []).length === 0 && timing.repeat === undefined)) missing.push({ path: FREQUENCY_PATH, message: 'a frequency is required' });
  return missing;
}

/** Every draft's missing fields, as one BAD_INPUT naming each (path `drafts.<id>.<field>`), or null. */
export function incompleteDrafts(drafts: readonly DraftOrder[]): LanternError | null {
  const issues = drafts.flatMap((d) => (d.resourceType === 'MedicationRequest' ? missingDosage(d).map((m) => ({ path: `drafts.${d.id ?? ''}.${m.path}`, message: m.message })) : []));
  if (issues.length === 0) return null;
  const fields = [...new Set(issues.map((i) => i.message.replace(/^a (\w+) is required$/, '$1')))].join(', ');
  return new LanternError('BAD_INPUT', `A medication order needs a ${fields} before it can be signed`, { issues });
}
