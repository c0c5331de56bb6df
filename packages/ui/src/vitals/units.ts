/**
 * Temperature and weight as typed at the bedside (°F, lb in US practice) converted to what the chart
 * stores (°C, kg: UCUM `Cel`, `kg`). Exact factors: °C = (°F − 32) × 5/9; 1 lb = 0.45359237 kg
 * (international avoirdupois pound). Rounded to what the instrument reads (0.1 °C, 0.01 kg).
 */
export type TemperatureUnit = 'C' | 'F';
export type WeightUnit = 'kg' | 'lb';

export const LB_IN_KG = 0.45359237;

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;

export function toCelsius(value: number, unit: TemperatureUnit): number {
  return unit === 'C' ? value : round(((value - 32) * 5) / 9, 1);
}

export function toKilograms(value: number, unit: WeightUnit): number {
  return unit === 'kg' ? value : round(value * LB_IN_KG, 2);
}
