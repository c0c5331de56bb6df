import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from '../fhir/types.ts';
import { buildMedicationOrder } from './medication-order.ts';
import { medicationChange } from './medication-change.ts';
import { orderInput } from './test-support.ts';

const order = (over: Parameters<typeof orderInput>[0] = {}): MedicationRequest => {
  const r = buildMedicationOrder(orderInput(over));
  if (!r.ok) throw r.error;
  return { ...r.value, status: 'active' };
};

describe('medicationChange: what a write changes in what the patient receives', () => {
  const active = order();

  it('a new active order is new; a new draft or a deleted order changes nothing yet', () => {
    expect(medicationChange(null, active)).toEqual(['new']);
    expect(medicationChange(null, { ...active, status: 'draft' })).toEqual(['none']);
    expect(medicationChange(active, null)).toEqual(['none']);
  });

  it('names the dose, route, frequency and drug changes, most significant first', () => {
    expect(medicationChange(active, order({ dose: { value: 40, unit: 'mg' } }))).toEqual(['dose']);
    expect(medicationChange(active, order({ route: 'iv' }))).toEqual(['route']);
    expect(medicationChange(active, order({ frequency: 'BID' }))).toEqual(['frequency']);
    expect(medicationChange(active, order({ medication: { rxcui: '83367', name: 'atorvastatin' } }))).toEqual(['drug']);
    expect(medicationChange(active, order({ dose: { value: 40, unit: 'mg' }, frequency: 'BID' }))).toEqual(['dose', 'frequency']);
  });

  it('a dose range or a rate is a dose change too, and so is a second dosage line', () => {
    const ranged = structuredClone(active);
    ranged.dosageInstruction![0]!.doseAndRate = [{ doseRange: { low: { value: 10, unit: 'mg' }, high: { value: 20, unit: 'mg' } } }];
    expect(medicationChange(active, ranged)).toEqual(['dose']);
    const rated = structuredClone(active);
    rated.dosageInstruction![0]!.doseAndRate = [{ ...rated.dosageInstruction![0]!.doseAndRate![0], rateQuantity: { value: 5, unit: 'mL/h' } }];
    expect(medicationChange(active, rated)).toEqual(['dose']);
    expect(medicationChange(active, { ...active, dosageInstruction: [...active.dosageInstruction!, ...active.dosageInstruction!] })).toContain('dose');
  });

  it('on hold, stopped, completed or draft back to active is a re-activation', () => {
    for (const status of ['on-hold', 'stopped', 'completed', 'draft'] as const) {
      expect(medicationChange({ ...active, status }, active)).toEqual(['reactivation']);
    }
    expect(medicationChange({ ...active, status: 'on-hold' }, order({ dose: { value: 40, unit: 'mg' } }))).toEqual(['dose', 'reactivation']);
  });

  it('a new active order for a drug the patient had stopped is a re-order', () => {
    const stopped = { ...order({ id: '88888888-8888-4888-8888-0000000000aa' }), status: 'stopped' as const };
    expect(medicationChange(null, active, { otherOrders: [stopped] })).toEqual(['new', 'reactivation']);
    expect(medicationChange(null, active, { otherOrders: [{ ...stopped, status: 'entered-in-error' as const }] })).toEqual(['new']);
  });

  it('a stop, a hold, a note, a display text or a new override change nothing the patient receives', () => {
    expect(medicationChange(active, { ...active, status: 'stopped' })).toEqual(['none']);
    expect(medicationChange(active, { ...active, status: 'on-hold' })).toEqual(['none']);
    expect(medicationChange(active, { ...active, note: [{ text: 'take with food' }] })).toEqual(['none']);
    const relabelled = structuredClone(active);
    relabelled.medicationCodeableConcept!.coding![0]!.display = 'Simvastatin (Zocor)';
    expect(medicationChange(active, relabelled)).toEqual(['none']);
    expect(medicationChange(active, { ...active, extension: [{ url: 'https://example.org/x', valueString: 'y' }] })).toEqual(['none']);
  });

  it('a dose change on a stopped order (not given) changes nothing', () => {
    const stopped = { ...active, status: 'stopped' as const };
    expect(medicationChange(stopped, { ...order({ dose: { value: 80, unit: 'mg' } }), status: 'stopped' })).toEqual(['none']);
  });

  it('is not fooled by resources that are not medication orders', () => {
    expect(medicationChange(null, { resourceType: 'Observation', status: 'active' })).toEqual(['none']);
  });
});
