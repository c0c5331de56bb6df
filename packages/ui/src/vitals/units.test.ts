import { describe, expect, it } from 'vitest';
import { toCelsius, toKilograms } from './units.ts';

describe('bedside units to stored units', () => {
  it('°F to °C', () => {
    expect(toCelsius(98.6, 'F')).toBe(37);
    expect(toCelsius(101.3, 'F')).toBe(38.5);
    expect(toCelsius(32, 'F')).toBe(0);
    expect(toCelsius(37.2, 'C')).toBe(37.2);
  });
  it('lb to kg with the exact international pound', () => {
    expect(toKilograms(154, 'lb')).toBe(69.85);
    expect(toKilograms(1, 'lb')).toBe(0.45);
    expect(toKilograms(70, 'kg')).toBe(70);
  });
});
