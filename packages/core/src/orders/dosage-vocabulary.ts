/**
 * The routes, frequencies and dose units the order form offers, with their codes: routes in SNOMED
 * CT (FHIR R4 route-codes value set), timing abbreviations from HL7 v3 GTSAbbreviation
 * (http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation), units in UCUM. The CDS engine reads
 * the same timing (`repeat.frequency/period`) and units (cds/medication.ts).
 */
export const ROUTES = {
  oral: { code: '26643006', display: 'Oral route', short: 'oral' },
  iv: { code: '47625008', display: 'Intravenous route', short: 'IV' },
  im: { code: '78421000', display: 'Intramuscular route', short: 'IM' },
  subcut: { code: '34206005', display: 'Subcutaneous route', short: 'subcut' },
  inhaled: { code: '447694001', display: 'Respiratory tract route', short: 'inhaled' },
  sublingual: { code: '37839007', display: 'Sublingual route', short: 'SL' },
  topical: { code: '6064005', display: 'Topical route', short: 'topical' },
  rectal: { code: '37161004', display: 'Rectal route', short: 'PR' },
} as const;
export type RouteKey = keyof typeof ROUTES;
export const ROUTE_KEYS = Object.keys(ROUTES) as RouteKey[];

type Freq = { label: string; frequency: number; period: number; periodUnit: 'h' | 'd' | 'wk'; when?: 'HS' };
export const FREQUENCIES = {
  QD: { label: 'once daily', frequency: 1, period: 1, periodUnit: 'd' },
  BID: { label: 'twice daily', frequency: 2, period: 1, periodUnit: 'd' },
  TID: { label: 'three times daily', frequency: 3, period: 1, periodUnit: 'd' },
  QID: { label: 'four times daily', frequency: 4, period: 1, periodUnit: 'd' },
  Q4H: { label: 'every 4 hours', frequency: 1, period: 4, periodUnit: 'h' },
  Q6H: { label: 'every 6 hours', frequency: 1, period: 6, periodUnit: 'h' },
  Q8H: { label: 'every 8 hours', frequency: 1, period: 8, periodUnit: 'h' },
  Q12H: { label: 'every 12 hours', frequency: 1, period: 12, periodUnit: 'h' },
  HS: { label: 'at bedtime', frequency: 1, period: 1, periodUnit: 'd', when: 'HS' },
  QWK: { label: 'once weekly', frequency: 1, period: 1, periodUnit: 'wk' },
} as const satisfies Record<string, Freq>;
export type FrequencyKey = keyof typeof FREQUENCIES;
export const FREQUENCY_KEYS = Object.keys(FREQUENCIES) as FrequencyKey[];
export const TIMING_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation';

const PER_DAY = { h: 24, d: 1, wk: 1 / 7 } as const;
export const dosesPerDayOf = (f: FrequencyKey): number => {
  const x: Freq = FREQUENCIES[f];
  return (x.frequency * PER_DAY[x.periodUnit]) / x.period;
};

/** Dose units: what the clinician picks -> UCUM code (the CDS engine reads both forms). */
export const DOSE_UNITS = {
  mg: { ucum: 'mg', label: 'mg' },
  g: { ucum: 'g', label: 'g' },
  mcg: { ucum: 'ug', label: 'mcg' },
  mL: { ucum: 'mL', label: 'mL' },
  tablet: { ucum: '{tbl}', label: 'tablet' },
  capsule: { ucum: '{capsule}', label: 'capsule' },
  puff: { ucum: '{actuat}', label: 'puff' },
  unit: { ucum: '[iU]', label: 'unit' },
} as const;
export type DoseUnit = keyof typeof DOSE_UNITS;
export const DOSE_UNIT_KEYS = Object.keys(DOSE_UNITS) as DoseUnit[];
