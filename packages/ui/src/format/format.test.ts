import { describe, expect, it } from 'vitest';
import { displayUnit, formatAge, formatDate, formatDateTime } from './format.ts';
import { vitalValueText } from '../vitals/VitalValue.tsx';

describe('clinical display', () => {
  it('shows UCUM units as clinicians read them', () => {
    expect(vitalValueText({ value: 36.8, unit: 'Cel' })).toBe('36.8 °C');
    expect(vitalValueText({ value: 120, unit: 'mm[Hg]', secondary: { value: 80, unit: 'mm[Hg]' } })).toBe('120/80 mmHg');
    expect(displayUnit('kg/m2')).toBe('kg/m²');
    expect(displayUnit('mg/dL')).toBe('mg/dL');
  });

  it('writes dates unambiguously, never broken across lines', () => {
    expect(formatDate('1958-03-07')).toBe('07\u00a0Mar\u00a01958');
    expect(formatDate('1958-03-07').replace(/\s/g, ' ')).toBe('07 Mar 1958');
    expect(formatDateTime('2025-11-08T10:05:00')).toBe('08\u00a0Nov\u00a02025\u00a010:05');
    expect(formatDate(undefined)).toBe('—');
  });
});

it('an unknown age reads "Age unknown", never "0 y"', () => {
  expect(formatAge(null)).toBe('Age unknown');
  expect(formatAge(0)).toBe('0 y');
});
