/** Fixtures for order tests: synthetic ids, real RxNorm and LOINC codes. */
import { med, patient } from '../cds/test-fixtures.ts';
import type { MedicationOrderInput } from './medication-order.ts';

export const PATIENT_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const NOW = '2026-11-23T12:00:00Z';
export const REQUESTER = { reference: 'Practitioner/22222222-2222-4222-8222-222222222222', display: 'Dr. Test Prescriber' };
export const SIMVASTATIN = { rxcui: '36567', name: 'simvastatin' };
export const CLARITHROMYCIN = '21212';

export const orderInput = (over: Partial<MedicationOrderInput> = {}): MedicationOrderInput => ({
  id: '88888888-8888-4888-8888-000000000001', patientId: PATIENT_ID, requester: REQUESTER, medication: SIMVASTATIN,
  dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'HS', authoredOn: NOW, ...over,
});

/** A patient on clarithromycin (active), as in the must-show scenario. */
export const onClarithromycin = () => patient({ activeMedications: [med(CLARITHROMYCIN, { dose: { value: 500, unit: 'mg', perDay: 2 } })] });
