import { expect, it } from 'vitest';
import { weightBasedDose } from './weight-dose.ts';

const APAP = '161';

it('mg/kg × weight, rounded to a measurable amount', () => {
  const r = weightBasedDose({ rxcui: APAP, mgPerKg: 12, weightKg: 21.37, ageYears: 6, dosesPerDay: 4 });
  expect(r.ok && r.value).toMatchObject({ doseMg: 256, capped: false, message: null });
  // At exactly the per-kg maximum, rounding never goes over it, and that is not reported as a cap.
  const atMax = weightBasedDose({ rxcui: APAP, mgPerKg: 15, weightKg: 21.3, ageYears: 6, dosesPerDay: 4 });
  expect(atMax.ok && atMax.value).toMatchObject({ doseMg: 319, capped: false, message: null });
});

it('caps a teenager\'s acetaminophen at the 1000 mg single-dose maximum and says why', () => {
  const r = weightBasedDose({ rxcui: APAP, mgPerKg: 15, weightKg: 82, ageYears: 16, dosesPerDay: 4 });
  if (!r.ok) throw r.error;
  expect(r.value.doseMg).toBe(1000);
  expect(r.value.capped).toBe(true);
  expect(r.value.calculatedMg).toBe(1230);
  expect(r.value.message).toMatch(/^Capped at 1000 mg \(pediatric maximum 1000 mg per dose; .+\); 1230 mg calculated\.$/);
});

it('the daily maximum divided by doses per day caps too (adult amoxicillin 3000 mg/day, TID)', () => {
  const r = weightBasedDose({ rxcui: '723', mgPerKg: 25, weightKg: 80, ageYears: 40, dosesPerDay: 3 });
  expect(r.ok && r.value.doseMg).toBe(1000);
  expect(r.ok && r.value.limitMg).toBe(1000);
});

it('a drug without limits is not capped; nonsense input is refused', () => {
  expect(weightBasedDose({ rxcui: '999999', mgPerKg: 1, weightKg: 70, ageYears: 40, dosesPerDay: 1 }).ok).toBe(true);
  const bad = weightBasedDose({ rxcui: APAP, mgPerKg: 15, weightKg: 0, ageYears: 6, dosesPerDay: 4 });
  expect(!bad.ok && bad.error.issues[0]?.path).toBe('weightKg');
});

it('an unknown age (bad birth date) is refused: neither the pediatric nor the adult limit can be chosen', () => {
  const r = weightBasedDose({ rxcui: APAP, mgPerKg: 15, weightKg: 21.3, ageYears: null, dosesPerDay: 4 });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.issues.map((i) => i.path)).toContain('ageYears');
});
