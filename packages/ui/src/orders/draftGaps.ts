import type { DraftOrder } from '@lantern/core/cds';

const nameOf = (d: DraftOrder): string => (d.resourceType === 'MedicationRequest' ? d.medicationCodeableConcept?.text ?? 'A medication' : 'An order');

/**
 * What a medication draft lacks before it can be signed (dose, route, frequency), as the host's
 * sign refuses it: shown beside the draft so a one-click suggestion never reaches Sign half-written.
 */
export function draftGaps(drafts: readonly DraftOrder[]): { path: string; message: string }[] {
  const gaps: { path: string; message: string }[] = [];
  for (const d of drafts) {
    if (d.resourceType !== 'MedicationRequest') continue;
    const dosage = d.dosageInstruction?.[0];
    const missing = [
      ...(typeof dosage?.doseAndRate?.[0]?.doseQuantity?.value === 'number' ? [] : ['a dose']),
      ...(dosage?.route === undefined ? ['a route'] : []),
      ...(dosage?.timing === undefined ? ['a frequency'] : []),
    ];
    if (missing.length > 0) gaps.push({ path: `drafts.${d.id ?? ''}`, message: `${nameOf(d)} needs ${missing.join(', ')}: remove it and enter it with the dose form.` });
  }
  return gaps;
}
