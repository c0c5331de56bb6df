import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from '../fhir/types.ts';
import { changeDosage, currentDosage } from './dosage-change.ts';
import { medicationChange } from './medication-change.ts';
import { buildMedicationOrder } from './medication-order.ts';
import { orderInput } from './test-support.ts';

const methotrexate = (): MedicationRequest => {
  const r = buildMedicationOrder(orderInput({ medication: { rxcui: '6851', name: 'methotrexate' }, dose: { value: 7.5, unit: 'mg' }, frequency: 'QWK', durationDays: 84 }));
  if (!r.ok) throw r.error;
  return { ...r.value, status: 'active' };
};
const changed = (o: MedicationRequest, c: Parameters<typeof changeDosage>[1]): MedicationRequest => {
  const r = changeDosage(o, c);
  if (!r.ok) throw r.error;
  return r.value;
};

describe('changeDosage: a new dose, route or frequency as the changed order', () => {
  it('reads the order in the form\'s terms', () => {
    expect(currentDosage(methotrexate())).toEqual({ dose: { value: 7.5, unit: 'mg' }, route: 'oral', frequency: 'QWK' });
  });

  it('a frequency change rewrites the timing and the sig a nurse reads, and keeps the course length', () => {
    const daily = changed(methotrexate(), { frequency: 'QD' });
    const d = daily.dosageInstruction?.[0];
    expect(d?.text).toBe('7.5 mg oral once daily for 84 days');
    expect(d?.timing?.code?.coding?.[0]?.code).toBe('QD');
    expect(d?.timing?.repeat).toMatchObject({ frequency: 1, period: 1, periodUnit: 'd', boundsDuration: { value: 84 } });
    expect(medicationChange(methotrexate(), daily)).toEqual(['frequency']);
  });

  it('a route change rewrites the SNOMED CT route and the sig', () => {
    const iv = changed(methotrexate(), { route: 'subcut' });
    expect(iv.dosageInstruction?.[0]?.route?.coding?.[0]?.code).toBe('34206005');
    expect(iv.dosageInstruction?.[0]?.text).toBe('7.5 mg subcut once weekly for 84 days');
    expect(medicationChange(methotrexate(), iv)).toEqual(['route']);
  });

  it('dose, route and frequency together are each named', () => {
    const all = changed(methotrexate(), { dose: 10, route: 'subcut', frequency: 'QD' });
    expect(all.dosageInstruction?.[0]?.text).toBe('10 mg subcut once daily for 84 days');
    expect(medicationChange(methotrexate(), all)).toEqual(['dose', 'route', 'frequency']);
  });

  it('bedtime drops and adds the HS marker with the frequency', () => {
    const hs = changed(methotrexate(), { frequency: 'HS' });
    expect(hs.dosageInstruction?.[0]?.timing?.repeat?.when).toEqual(['HS']);
    expect(changed(hs, { frequency: 'BID' }).dosageInstruction?.[0]?.timing?.repeat?.when).toBeUndefined();
  });

  it('refuses a change that changes nothing, and a dose of zero', () => {
    expect(changeDosage(methotrexate(), { frequency: 'QWK' }).ok).toBe(false);
    expect(changeDosage(methotrexate(), {}).ok).toBe(false);
    expect(changeDosage(methotrexate(), { dose: 0 }).ok).toBe(false);
  });

  it('an order written without a GTS code is read from its repeat (synthetic and FHIR-imported orders)', () => {
    const o = methotrexate();
    const { code: _code, ...timing } = o.dosageInstruction?.[0]?.timing ?? {};
    const plain: MedicationRequest = { ...o, dosageInstruction: [{ ...o.dosageInstruction?.[0], timing }] };
    expect(currentDosage(plain).frequency).toBe('QWK');
    expect(changed(plain, { frequency: 'QD' }).dosageInstruction?.[0]?.text).toBe('7.5 mg oral once daily for 84 days');
  });
});
