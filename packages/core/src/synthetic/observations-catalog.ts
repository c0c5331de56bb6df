/**
 * Vital signs and labs: LOINC codes, UCUM units (https://ucum.org), adult reference ranges and
 * critical limits as a typical hospital laboratory reports them. Vital signs follow the FHIR R4
 * vital-signs profile (http://hl7.org/fhir/R4/observation-vitalsigns.html): blood pressure is the
 * 85354-9 panel with systolic and diastolic components.
 */

export type VitalKey = 'heartRate' | 'systolic' | 'diastolic' | 'temperature' | 'respRate' | 'spo2' | 'weight' | 'height' | 'bmi';
export type LabKey =
  | 'glucose' | 'creatinine' | 'egfr' | 'potassium' | 'sodium' | 'hemoglobin' | 'hba1c' | 'wbc' | 'platelets'
  | 'cholesterol' | 'ldl' | 'inr' | 'tsh' | 'bnp';
export type AnalyteKey = VitalKey | LabKey;

export interface Limits {
  low?: number;
  high?: number;
}

export interface AnalyteDef {
  key: AnalyteKey;
  loinc: string;
  display: string;
  /** Short label for notes and charts. */
  label: string;
  unit: string;
  ucum: string;
  decimals: number;
  category: 'vital-signs' | 'laboratory';
  /** A second LOINC code sent alongside (the vital-signs profile codes SpO2 as 59408-5 + 2708-6). */
  alsoLoinc?: { code: string; display: string };
  /** Physiologically possible values; generated values are clamped into this. */
  bounds: readonly [number, number];
}

const a = (d: AnalyteDef): AnalyteDef => d;

export const ANALYTES: Readonly<Record<AnalyteKey, AnalyteDef>> = {
  heartRate: a({ key: 'heartRate', loinc: '8867-4', display: 'Heart rate', label: 'HR', unit: '/min', ucum: '/min', decimals: 0, category: 'vital-signs', bounds: [30, 220] }),
  systolic: a({ key: 'systolic', loinc: '8480-6', display: 'Systolic blood pressure', label: 'SBP', unit: 'mmHg', ucum: 'mm[Hg]', decimals: 0, category: 'vital-signs', bounds: [60, 240] }),
  diastolic: a({ key: 'diastolic', loinc: '8462-4', display: 'Diastolic blood pressure', label: 'DBP', unit: 'mmHg', ucum: 'mm[Hg]', decimals: 0, category: 'vital-signs', bounds: [30, 140] }),
  temperature: a({ key: 'temperature', loinc: '8310-5', display: 'Body temperature', label: 'Temp', unit: 'Cel', ucum: 'Cel', decimals: 1, category: 'vital-signs', bounds: [34, 41.5] }),
  respRate: a({ key: 'respRate', loinc: '9279-1', display: 'Respiratory rate', label: 'RR', unit: '/min', ucum: '/min', decimals: 0, category: 'vital-signs', bounds: [8, 60] }),
  // Pulse oximetry first (what the bedside measures, and what the workstation records), plus the
  // 2708-6 code the R4 vital-signs profile requires.
  spo2: a({ key: 'spo2', loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', alsoLoinc: { code: '2708-6', display: 'Oxygen saturation in Arterial blood' }, label: 'SpO2', unit: '%', ucum: '%', decimals: 0, category: 'vital-signs', bounds: [70, 100] }),
  weight: a({ key: 'weight', loinc: '29463-7', display: 'Body weight', label: 'Weight', unit: 'kg', ucum: 'kg', decimals: 1, category: 'vital-signs', bounds: [1.5, 250] }),
  height: a({ key: 'height', loinc: '8302-2', display: 'Body height', label: 'Height', unit: 'cm', ucum: 'cm', decimals: 1, category: 'vital-signs', bounds: [40, 215] }),
  bmi: a({ key: 'bmi', loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', label: 'BMI', unit: 'kg/m2', ucum: 'kg/m2', decimals: 1, category: 'vital-signs', bounds: [10, 70] }),
  glucose: a({ key: 'glucose', loinc: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', label: 'Glucose', unit: 'mg/dL', ucum: 'mg/dL', decimals: 0, category: 'laboratory', bounds: [25, 700] }),
  creatinine: a({ key: 'creatinine', loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', label: 'Creatinine', unit: 'mg/dL', ucum: 'mg/dL', decimals: 2, category: 'laboratory', bounds: [0.15, 12] }),
  egfr: a({ key: 'egfr', loinc: '62238-1', display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)', label: 'eGFR', unit: 'mL/min/1.73m2', ucum: 'mL/min/{1.73_m2}', decimals: 0, category: 'laboratory', bounds: [3, 150] }),
  potassium: a({ key: 'potassium', loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', label: 'K', unit: 'mmol/L', ucum: 'mmol/L', decimals: 1, category: 'laboratory', bounds: [2.2, 7.5] }),
  sodium: a({ key: 'sodium', loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', label: 'Na', unit: 'mmol/L', ucum: 'mmol/L', decimals: 0, category: 'laboratory', bounds: [115, 165] }),
  hemoglobin: a({ key: 'hemoglobin', loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', label: 'Hgb', unit: 'g/dL', ucum: 'g/dL', decimals: 1, category: 'laboratory', bounds: [5, 20] }),
  hba1c: a({ key: 'hba1c', loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', label: 'HbA1c', unit: '%', ucum: '%', decimals: 1, category: 'laboratory', bounds: [4, 15] }),
  wbc: a({ key: 'wbc', loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', label: 'WBC', unit: '10*3/uL', ucum: '10*3/uL', decimals: 1, category: 'laboratory', bounds: [1, 40] }),
  platelets: a({ key: 'platelets', loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', label: 'Plt', unit: '10*3/uL', ucum: '10*3/uL', decimals: 0, category: 'laboratory', bounds: [20, 900] }),
  cholesterol: a({ key: 'cholesterol', loinc: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', label: 'Total cholesterol', unit: 'mg/dL', ucum: 'mg/dL', decimals: 0, category: 'laboratory', bounds: [90, 400] }),
  ldl: a({ key: 'ldl', loinc: '13457-7', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', label: 'LDL', unit: 'mg/dL', ucum: 'mg/dL', decimals: 0, category: 'laboratory', bounds: [30, 300] }),
  inr: a({ key: 'inr', loinc: '6301-6', display: 'INR in Platelet poor plasma by Coagulation assay', label: 'INR', unit: 'INR', ucum: '{INR}', decimals: 1, category: 'laboratory', bounds: [0.8, 8] }),
  tsh: a({ key: 'tsh', loinc: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma', label: 'TSH', unit: 'mIU/L', ucum: 'm[IU]/L', decimals: 2, category: 'laboratory', bounds: [0.01, 40] }),
  bnp: a({ key: 'bnp', loinc: '30934-4', display: 'Natriuretic peptide B [Mass/volume] in Serum or Plasma', label: 'BNP', unit: 'pg/mL', ucum: 'pg/mL', decimals: 0, category: 'laboratory', bounds: [5, 4000] }),
};

/** The blood pressure panel that carries systolic and diastolic as components. */
export const BP_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional' } as const;

export type Sex = 'male' | 'female';

/**
 * Reference range for a result, by sex and age. Weight and height have none (they are judged on
 * growth charts, not ranges); BMI only for adults.
 */
export function referenceRange(key: AnalyteKey, sex: Sex, ageYears: number): Limits | null {
  // Memoized by the age bands the ranges change at, so every result shares one frozen range object.
  const band = ageYears < 1 ? 0 : ageYears < 3 ? 1 : ageYears < 6 ? 2 : ageYears < 12 ? 3 : ageYears < 18 ? 4 : 5;
  const cacheKey = `${key}|${sex}|${band}`;
  let hit = RANGE_CACHE.get(cacheKey);
  if (hit === undefined) {
    const r = computeRange(key, sex, ageYears);
    hit = r === null ? null : Object.freeze(r);
    RANGE_CACHE.set(cacheKey, hit);
  }
  return hit;
}

const RANGE_CACHE = new Map<string, Readonly<Limits> | null>();

function computeRange(key: AnalyteKey, sex: Sex, ageYears: number): Limits | null {
  const child = ageYears < 18;
  switch (key) {
    case 'heartRate':
      if (ageYears < 1) return { low: 100, high: 160 };
      if (ageYears < 3) return { low: 90, high: 150 };
      if (ageYears < 6) return { low: 80, high: 140 };
      if (ageYears < 12) return { low: 70, high: 120 };
      return { low: 60, high: 100 };
    case 'systolic': return child ? { low: 80, high: 120 } : { low: 90, high: 139 };
    case 'diastolic': return child ? { low: 45, high: 80 } : { low: 60, high: 89 };
    case 'temperature': return { low: 36.1, high: 37.9 };
    case 'respRate':
      if (ageYears < 1) return { low: 30, high: 60 };
      if (ageYears < 6) return { low: 22, high: 34 };
      if (ageYears < 12) return { low: 18, high: 30 };
      return { low: 12, high: 20 };
    case 'spo2': return { low: 95, high: 100 };
    case 'weight':
    case 'height': return null;
    case 'bmi': return child ? null : { low: 18.5, high: 24.9 };
    case 'glucose': return { low: 70, high: 99 };
    case 'creatinine': return sex === 'male' ? { low: 0.74, high: 1.35 } : { low: 0.59, high: 1.04 };
    case 'egfr': return { low: 60 };
    case 'potassium': return { low: 3.5, high: 5.1 };
    case 'sodium': return { low: 136, high: 145 };
    case 'hemoglobin': return child ? { low: 11.5, high: 15.5 } : sex === 'male' ? { low: 13.5, high: 17.5 } : { low: 12.0, high: 15.5 };
    case 'hba1c': return { low: 4.0, high: 5.6 };
    case 'wbc': return { low: 4.5, high: 11.0 };
    case 'platelets': return { low: 150, high: 400 };
    case 'cholesterol': return { high: 199 };
    case 'ldl': return { high: 99 };
    case 'inr': return { low: 0.8, high: 1.2 };
    case 'tsh': return { low: 0.4, high: 4.0 };
    case 'bnp': return { high: 100 };
  }
}

/** Critical (panic) limits: a result beyond them is HH or LL and is phoned to the clinician. */
export const CRITICAL: Readonly<Partial<Record<AnalyteKey, Limits>>> = {
  heartRate: { low: 40, high: 150 },
  systolic: { low: 70, high: 200 },
  diastolic: { high: 120 },
  temperature: { low: 35, high: 40 },
  respRate: { low: 8, high: 35 },
  spo2: { low: 88 },
  glucose: { low: 50, high: 400 },
  creatinine: { high: 7 },
  egfr: { low: 15 },
  potassium: { low: 2.8, high: 6.2 },
  sodium: { low: 125, high: 155 },
  hemoglobin: { low: 7, high: 20 },
  hba1c: { high: 12 },
  wbc: { low: 2, high: 30 },
  platelets: { low: 50, high: 800 },
  inr: { high: 5 },
  tsh: { high: 20 },
  bnp: { high: 1500 },
};

/** Critical limits for a patient's age: children's heart and breathing rates run faster. */
export function criticalLimits(key: AnalyteKey, ageYears: number): Limits | undefined {
  if (key === 'heartRate' && ageYears < 12) return ageYears < 1 ? { low: 80, high: 200 } : { low: 60, high: 180 };
  if (key === 'respRate' && ageYears < 12) return ageYears < 1 ? { low: 20, high: 70 } : ageYears < 6 ? { low: 15, high: 50 } : { low: 12, high: 40 };
  return CRITICAL[key];
}

export type InterpretationCode = 'N' | 'H' | 'L' | 'HH' | 'LL';

export const INTERPRETATION_DISPLAY: Readonly<Record<InterpretationCode, string>> = {
  N: 'Normal', H: 'High', L: 'Low', HH: 'Critical high', LL: 'Critical low',
};

/**
 * HL7 v3 ObservationInterpretation of a value against its range and critical limits
 * (http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation). Ranges are inclusive.
 */
export function interpret(value: number, range: Limits | null, critical: Limits | undefined): InterpretationCode {
  if (critical?.high !== undefined && value > critical.high) return 'HH';
  if (critical?.low !== undefined && value < critical.low) return 'LL';
  if (range?.high !== undefined && value > range.high) return 'H';
  if (range?.low !== undefined && value < range.low) return 'L';
  return 'N';
}

/** Rounds to the analyte's reporting precision. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** CKD-EPI 2021 creatinine equation, race-free (Inker et al., NEJM 2021;385:1737). Adults only. */
export function ckdEpi2021(creatinineMgDl: number, ageYears: number, sex: Sex): number {
  const kappa = sex === 'female' ? 0.7 : 0.9;
  const alpha = sex === 'female' ? -0.241 : -0.302;
  const r = creatinineMgDl / kappa;
  const egfr = 142 * Math.min(r, 1) ** alpha * Math.max(r, 1) ** -1.2 * 0.9938 ** ageYears * (sex === 'female' ? 1.012 : 1);
  return egfr;
}

/** Median weight (kg) and height (cm) of children by whole year of age, roughly the CDC 2000 charts. */
export const CHILD_WEIGHT_KG: readonly number[] = [3.4, 9.6, 12.2, 14.3, 16.3, 18.4, 20.7, 23.1, 25.8, 28.6, 32, 35.6, 39.9, 45.3, 50.8, 56, 60, 63, 65];
export const CHILD_HEIGHT_CM: readonly number[] = [50, 75, 87, 95, 102, 109, 115, 122, 128, 133, 138, 143, 149, 156, 163, 169, 173, 175, 176];

/** Linear interpolation in a by-year table, for fractional ages. */
export function byAge(table: readonly number[], ageYears: number): number {
  const i = Math.max(0, Math.min(table.length - 1, Math.floor(ageYears)));
  const lo = table[i] as number;
  const hi = (table[Math.min(table.length - 1, i + 1)] as number);
  return lo + (hi - lo) * Math.max(0, Math.min(1, ageYears - i));
}
