/**
 * A patient's CDS context carried forward across a change of one medication order, instead of
 * rebuilt from the whole record: the orders a clinician signs are nearly every change the gate
 * sees. The result is the context `buildPatientContext` would make from the changed record (its
 * medication list holds the patient's active and on-hold orders, sorted by id); everything else
 * in the context does not read medication orders, so it is shared as it is.
 */
import type { MedicationRequest } from '@lantern/core';
import type { PatientContext } from '@lantern/core/cds';

type Json = Record<string, unknown>;

/** Whether buildPatientContext lists this resource as one of the patient's medications. */
function listed(r: Json | null, patientId: string): r is Json & MedicationRequest {
  if (r === null || r['resourceType'] !== 'MedicationRequest' || (r['status'] !== 'active' && r['status'] !== 'on-hold')) return false;
  const subject = r['subject'];
  return typeof subject === 'object' && subject !== null && (subject as { reference?: unknown }).reference === `Patient/${patientId}`;
}

/** The context with medication order `id` now stored as `order` (null: deleted, or no longer read). */
export function withOrder(context: PatientContext, id: string, order: Json | null): PatientContext {
  const before = context.activeMedications;
  const add = listed(order, context.patientId) ? order : null;
  const at = before.findIndex((m) => m.id === id);
  if (at < 0 && add === null) return context;
  const list = at < 0 ? before.slice() : [...before.slice(0, at), ...before.slice(at + 1)];
  if (add !== null) {
    // Sorted by id as buildPatientContext sorts (ids are unique within the list).
    const key = add.id ?? '';
    let i = 0;
    while (i < list.length && (list[i]?.id ?? '') < key) i++;
    list.splice(i, 0, add);
  }
  return { ...context, activeMedications: list };
}
