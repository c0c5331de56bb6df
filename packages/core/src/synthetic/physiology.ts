/**
 * A patient's physiology over time, so that results trend plausibly instead of being independent
 * draws. Each analyte is a baseline (set by age, sex, problems and current drugs; e.g. CKD raises
 * creatinine and lowers hemoglobin, diabetes raises HbA1c until metformin starts, warfarin raises
 * the INR) plus a per-person offset plus a mean-reverting random walk (an AR(1)/Ornstein-Uhlenbeck
 * process whose correlation decays with the time between samples), plus acute illness effects.
 */
import type { Rng } from './rng.ts';
import type { ChronicKey, ConditionKey } from './conditions-catalog.ts';
import type { MedKey } from './medications-catalog.ts';
import { ANALYTES, byAge, CHILD_HEIGHT_CM, CHILD_WEIGHT_KG, type AnalyteKey, type Sex } from './observations-catalog.ts';
import { activeProblemsAt, type Plan } from './plan.ts';
import type { MedCourse } from './medications.ts';
import { DAY, YEAR } from './time.ts';

/** Analytes sampled by the walk (eGFR and BMI are derived from creatinine and weight/height). */
export type SampledKey = Exclude<AnalyteKey, 'egfr' | 'bmi'>;

interface WalkSpec {
  /** Multiplicative (log-normal) analytes vary by ratio, additive ones by amount. */
  log: boolean;
  /** Stationary within-person SD (log units for log analytes). */
  sd: number;
  /** Between-person SD of the baseline. */
  between: number;
  /** Correlation time in days. */
  tauDays: number;
}

const WALK: Readonly<Record<SampledKey, WalkSpec>> = {
  heartRate: { log: false, sd: 6, between: 5, tauDays: 10 },
  systolic: { log: false, sd: 8, between: 7, tauDays: 60 },
  diastolic: { log: false, sd: 5, between: 5, tauDays: 60 },
  temperature: { log: false, sd: 0.2, between: 0.1, tauDays: 0.5 },
  respRate: { log: false, sd: 1.3, between: 1, tauDays: 5 },
  spo2: { log: false, sd: 0.9, between: 0.5, tauDays: 10 },
  weight: { log: true, sd: 0.025, between: 0, tauDays: 300 },
  height: { log: false, sd: 0.3, between: 0, tauDays: 0.01 },
  glucose: { log: true, sd: 0.1, between: 0.06, tauDays: 20 },
  creatinine: { log: true, sd: 0.07, between: 0.08, tauDays: 120 },
  potassium: { log: false, sd: 0.25, between: 0.15, tauDays: 30 },
  sodium: { log: false, sd: 1.8, between: 1.2, tauDays: 30 },
  hemoglobin: { log: false, sd: 0.5, between: 0.7, tauDays: 90 },
  hba1c: { log: false, sd: 0.3, between: 0.2, tauDays: 120 },
  wbc: { log: true, sd: 0.16, between: 0.15, tauDays: 20 },
  platelets: { log: true, sd: 0.1, between: 0.15, tauDays: 60 },
  cholesterol: { log: false, sd: 14, between: 20, tauDays: 180 },
  ldl: { log: false, sd: 12, between: 18, tauDays: 180 },
  inr: { log: true, sd: 0.05, between: 0.03, tauDays: 10 },
  tsh: { log: true, sd: 0.25, between: 0.3, tauDays: 90 },
  bnp: { log: true, sd: 0.25, between: 0.3, tauDays: 30 },
};

/** What an acute illness does at its peak (log units for log analytes, kg for weight). */
const ACUTE_EFFECT: Readonly<Partial<Record<ConditionKey, Partial<Record<SampledKey, number>>>>> = {
  pneumonia: { temperature: 1.7, wbc: 0.6, heartRate: 18, respRate: 7, spo2: -5, glucose: 0.12, sodium: -3 },
  cellulitis: { temperature: 1.1, wbc: 0.4, heartRate: 10 },
  uti: { temperature: 0.9, wbc: 0.3, heartRate: 8 },
  gastroenteritis: { heartRate: 16, potassium: -0.5, sodium: -4, creatinine: 0.25, systolic: -10 },
  copdExacerbation: { spo2: -5, respRate: 8, heartRate: 15, wbc: 0.2 },
  chestPain: { heartRate: 10, systolic: 14 },
  strepThroat: { temperature: 1.3, heartRate: 12 },
  otitisMedia: { temperature: 0.9, heartRate: 8 },
  sinusitis: { temperature: 0.3 },
  bronchitis: { temperature: 0.4, respRate: 2 },
  heartFailure: { bnp: 1.2, spo2: -4, respRate: 5, weight: 3, sodium: -3, heartRate: 12 },
  asthma: { spo2: -4, respRate: 8, heartRate: 18 },
  copd: { spo2: -5, respRate: 8, heartRate: 15 },
  afib: { heartRate: 45, systolic: -6 },
};

export function acuteEffect(reason: ConditionKey | null, intensity: number): Partial<Record<SampledKey, number>> | null {
  if (reason === null || intensity <= 0) return null;
  const e = ACUTE_EFFECT[reason];
  if (e === undefined) return null;
  if (intensity === 1) return e;
  const out: Partial<Record<SampledKey, number>> = {};
  for (const [k, v] of Object.entries(e) as [SampledKey, number][]) out[k] = v * intensity;
  return out;
}

const STATINS: readonly MedKey[] = ['atorvastatin', 'simvastatin', 'rosuvastatin'];
const ANTIHYPERTENSIVES: readonly MedKey[] = ['lisinopril', 'losartan', 'amlodipine', 'hydrochlorothiazide', 'metoprolol', 'carvedilol', 'diltiazem'];

interface Moment {
  ageYears: number;
  problems: Set<ChronicKey>;
  meds: Set<string>;
  ckdYears: number;
}

/** 0 before 10 years, 1 after 15: girls' growth curves part from boys' gradually, not in a step. */
function pubertyShare(age: number): number {
  return Math.max(0, Math.min(1, (age - 10) / 5));
}

export interface Physiology {
  /** A value for `key` at `atMs`, unrounded and within the analyte's physiological bounds. */
  sample(key: SampledKey, atMs: number, effect: Partial<Record<SampledKey, number>> | null): number;
  ageAt(atMs: number): number;
}

export function createPhysiology(rng: Rng, sex: Sex, birthMs: number, plan: Plan, courses: readonly MedCourse[]): Physiology {
  const offset = {} as Record<SampledKey, number>;
  for (const k of Object.keys(WALK) as SampledKey[]) offset[k] = rng.normal(0, WALK[k].between);
  const growthZ = Math.max(-2, Math.min(2, rng.normal(0, 1)));
  const obese = plan.chronic.some((c) => c.key === 'obesity');
  const adultBmi = obese ? Math.max(30.5, rng.normal(35, 3.5)) : Math.min(29.5, Math.max(18, rng.normal(25, 3)));
  const childWeightFactor = obese ? 1.35 : 1 + growthZ * 0.08 + rng.normal(0, 0.05);
  const diabetic = plan.chronic.some((c) => c.key === 'diabetes');
  const a1cUntreated = diabetic ? rng.float(7.6, 10.2) : 0;
  const ckdOnset = plan.chronic.find((c) => c.key === 'ckd3' || c.key === 'ckd4')?.onsetMs ?? null;

  let momentAt = Number.NaN;
  let moment: Moment = { ageYears: 0, problems: new Set(), meds: new Set(), ckdYears: 0 };
  const at = (ms: number): Moment => {
    if (ms !== momentAt) {
      momentAt = ms;
      const meds = new Set<string>();
      for (const c of courses) if (c.startMs <= ms && (c.endMs === null || c.endMs > ms)) meds.add(c.def.key);
      moment = {
        ageYears: (ms - birthMs) / YEAR,
        problems: new Set(activeProblemsAt(plan, ms).map((p) => p.key)),
        meds,
        ckdYears: ckdOnset === null || ms < ckdOnset ? 0 : (ms - ckdOnset) / YEAR,
      };
    }
    return moment;
  };
  // Children follow the growth tables and adults keep the height the table reaches at 18, so
  // height only grows; weight blends from the child curve into the adult one between 14 and 18,
  // so a chart shows no step on the 18th birthday.
  const childHeight = (age: number): number => {
    const median = byAge(CHILD_HEIGHT_CM, age) * (sex === 'female' ? 1 - 0.074 * pubertyShare(age) : 1);
    return median * (1 + growthZ * 0.04);
  };
  const adultHeight = childHeight(18);
  const heightAt = (age: number): number => (age >= 18 ? adultHeight : childHeight(age));
  const adultBlend = (age: number): number => Math.max(0, Math.min(1, (age - 14) / 4));
  const weightAt = (age: number): number => {
    const adult = adultBmi * (adultHeight / 100) ** 2;
    if (age >= 18) return adult;
    const child = byAge(CHILD_WEIGHT_KG, age) * (sex === 'female' ? 1 - 0.05 * pubertyShare(age) : 1) * childWeightFactor;
    const b = adultBlend(age);
    return child * (1 - b) + adult * b;
  };

  /** Baseline in natural units. */
  const baseline = (key: SampledKey, m: Moment): number => {
    const { ageYears: age, problems: p, meds } = m;
    const has = (k: ChronicKey): boolean => p.has(k);
    const on = (...ks: readonly string[]): boolean => ks.some((k) => meds.has(k));
    switch (key) {
      case 'heartRate': {
        const kid = age < 1 ? 130 : age < 3 ? 115 : age < 6 ? 100 : age < 12 ? 88 : 74;
        return kid + (has('afib') ? 10 : 0) + (has('hypothyroidism') && !on('levothyroxine') ? -5 : 0) - (on('metoprolol', 'carvedilol', 'diltiazem') ? 8 : 0);
      }
      case 'systolic':
        if (age < 18) return 96 + age;
        return 116 + Math.max(0, age - 40) * 0.35 + (has('hypertension') ? 24 : 0) - (on(...ANTIHYPERTENSIVES) ? 12 : 0);
      case 'diastolic':
        if (age < 18) return 56 + age * 0.6;
        return 75 + (has('hypertension') ? 12 : 0) - (on(...ANTIHYPERTENSIVES) ? 6 : 0);
      case 'temperature': return 36.8;
      case 'respRate': {
        const kid = age < 1 ? 40 : age < 6 ? 26 : age < 12 ? 21 : 15;
        return kid + (has('copd') ? 4 : 0) + (has('heartFailure') ? 2 : 0);
      }
      case 'spo2': return 98 - (has('copd') ? 5 : 0) - (has('heartFailure') ? 2 : 0) - (has('asthma') ? 0.5 : 0);
      case 'weight': return weightAt(age);
      case 'height': return heightAt(age);
      case 'glucose': {
        if (has('diabetes')) return 165 - (on('metformin') ? 25 : 0) - (on('glipizide', 'empagliflozin') ? 15 : 0);
        return has('prediabetes') ? 108 : 90;
      }
      case 'creatinine': {
        const adult = sex === 'male' ? 0.95 : 0.75;
        const base = age < 18 ? 0.25 + age * 0.03 : adult;
        const ckd = has('ckd4') ? 2.9 : has('ckd3') ? 1.75 : 1;
        // Slow progression, capped so a stage 3 problem list still reads like stage 3 on the labs.
        return base * ckd * (ckd > 1 ? Math.min(1.25, 1 + 0.03 * m.ckdYears) : 1);
      }
      case 'potassium':
        return 4.2 + (has('ckd3') ? 0.35 : 0) + (has('ckd4') ? 0.7 : 0) + (on('lisinopril', 'losartan', 'spironolactone') ? 0.2 : 0) - (on('furosemide', 'hydrochlorothiazide') ? 0.3 : 0);
      case 'sodium': return 139.5 - (has('heartFailure') ? 2 : 0) - (on('hydrochlorothiazide') ? 1.5 : 0);
      case 'hemoglobin': {
        const base = age < 18 ? 12.8 : sex === 'male' ? 14.9 : 13.5;
        return base - (has('anemia') ? (on('ferrousSulfate') ? 1.6 : 2.8) : 0) - (has('ckd3') ? 0.9 : 0) - (has('ckd4') ? 1.8 : 0);
      }
      case 'hba1c': {
        if (has('diabetes')) return a1cUntreated - (on('metformin') ? 0.9 : 0) - (on('glipizide', 'empagliflozin') ? 0.6 : 0);
        return has('prediabetes') ? 6.0 : 5.2;
      }
      case 'wbc': return 7;
      case 'platelets': return 250;
      case 'cholesterol': return (has('hyperlipidemia') ? 245 : age < 18 ? 160 : 188) * (on(...STATINS) ? 0.72 : 1);
      case 'ldl': return (has('hyperlipidemia') ? 165 : age < 18 ? 90 : 108) * (on(...STATINS) ? 0.6 : 1);
      case 'inr': return on('warfarin') ? 2.5 : on('apixaban') ? 1.1 : 1.0;
      case 'tsh': return has('hypothyroidism') ? (on('levothyroxine') ? 2.6 : 9) : 1.9;
      case 'bnp': return has('heartFailure') ? 420 : age > 70 ? 70 : 35;
    }
  };

  /** Extra within-person variability for treated-but-unstable analytes. */
  const spread = (key: SampledKey, m: Moment): number => {
    const w = WALK[key];
    switch (key) {
      case 'glucose': return m.problems.has('diabetes') ? 0.2 : w.sd;
      case 'hba1c': return m.problems.has('diabetes') ? 0.6 : w.sd;
      case 'inr': return m.meds.has('warfarin') ? 0.22 : w.sd;
      case 'tsh': return m.problems.has('hypothyroidism') ? 0.45 : w.sd;
      case 'bnp': return m.problems.has('heartFailure') ? 0.4 : w.sd;
      default: return w.sd;
    }
  };

  const dev = {} as Record<SampledKey, number>;
  const lastMs = {} as Record<SampledKey, number>;

  return {
    ageAt: (ms) => (ms - birthMs) / YEAR,
    sample(key, atMs, effect) {
      const m = at(atMs);
      const w = WALK[key];
      const sd = spread(key, m);
      const prevMs = lastMs[key];
      if (prevMs === undefined) dev[key] = rng.normal(0, sd);
      else {
        const rho = Math.exp(-Math.abs(atMs - prevMs) / (w.tauDays * DAY));
        dev[key] = rho * dev[key] + Math.sqrt(1 - rho * rho) * rng.normal(0, sd);
      }
      lastMs[key] = atMs;
      const base = baseline(key, m);
      const e = effect?.[key] ?? 0;
      const v = w.log
        ? base * Math.exp(offset[key] + dev[key] + (key === 'weight' ? 0 : e)) + (key === 'weight' ? e : 0)
        : base + offset[key] + dev[key] + e;
      const [lo, hi] = ANALYTES[key].bounds;
      return Math.min(hi, Math.max(lo, v));
    },
  };
}
