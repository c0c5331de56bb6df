/**
 * Kidney function from the latest labs: eGFR as reported (LOINC 33914-3 MDRD, 62238-1 CKD-EPI,
 * 98979-8 CKD-EPI 2021), else CKD-EPI 2021 computed from serum creatinine (LOINC 2160-0); and
 * Cockcroft-Gault creatinine clearance (Cockcroft DW, Gault MH. Nephron 1976;16:31-41) for labels
 * that dose by CrCl, with actual body weight or, where the entry says so, ideal body weight
 * (Devine 1974) and adjusted body weight above 120% of ideal (Winter MA et al. 2012).
 */
import type { Observation } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { PatientContext } from './types.ts';

export const EGFR_LOINC = ['98979-8', '62238-1', '33914-3'] as const;
export const CREATININE_LOINC = ['2160-0', '38483-4'] as const;

export interface LabValue {
  value: number;
  /** `Observation/<id>`. */
  ref: string;
  effective: string;
}

export interface RenalEstimate {
  value: number;
  /** How it was obtained, shown in the card. */
  method: string;
  refs: string[];
  effective: string;
}

const loincOf = (o: Observation): string[] => (o.code.coding ?? []).filter((c) => c.system === SYSTEM.loinc).map((c) => c.code ?? '');
const whenOf = (o: Observation): string => o.effectiveDateTime ?? o.effectivePeriod?.end ?? o.effectivePeriod?.start ?? o.issued ?? '';
const usable = (o: Observation): boolean => o.status !== 'cancelled' && o.status !== 'entered-in-error' && o.valueQuantity?.value !== undefined;

/** The newest usable observation with one of the codes (ties broken by id for determinism). */
export function latestLab(labs: readonly Observation[], codes: readonly string[]): (LabValue & { unit: string }) | null {
  let best: Observation | null = null;
  for (const o of labs) {
    if (!usable(o) || !loincOf(o).some((c) => codes.includes(c))) continue;
    if (best === null || whenOf(o) > whenOf(best) || (whenOf(o) === whenOf(best) && (o.id ?? '') > (best.id ?? ''))) best = o;
  }
  if (best === null) return null;
  const q = best.valueQuantity;
  return { value: q?.value ?? 0, unit: q?.code ?? q?.unit ?? '', ref: `Observation/${best.id ?? ''}`, effective: whenOf(best) };
}

/** Serum creatinine in mg/dL (converts from umol/L). */
export function creatinineMgDl(labs: readonly Observation[]): LabValue | null {
  const c = latestLab(labs, CREATININE_LOINC);
  if (c === null || c.value <= 0) return null;
  const umol = /umol|µmol/i.test(c.unit);
  return { value: umol ? c.value / 88.42 : c.value, ref: c.ref, effective: c.effective };
}

/** CKD-EPI 2021 (race-free), adults only. Sex other/unknown: the lower of the two estimates. */
export function ckdEpi2021(scrMgDl: number, ageYears: number, sex: PatientContext['sex']): number {
  const one = (female: boolean): number => {
    const k = female ? 0.7 : 0.9;
    const a = female ? -0.241 : -0.302;
    const r = scrMgDl / k;
    return 142 * Math.min(r, 1) ** a * Math.max(r, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1);
  };
  if (sex === 'male') return one(false);
  if (sex === 'female') return one(true);
  return Math.min(one(false), one(true));
}

/**
 * Cockcroft-Gault CrCl (mL/min) = (140 - age) x weight / (72 x SCr), x 0.85 for women
 * (Cockcroft & Gault 1976). Sex other/unknown uses the female factor (the lower estimate).
 */
export function cockcroftGault(scrMgDl: number, ageYears: number, weightKg: number, sex: PatientContext['sex']): number {
  const crcl = ((140 - ageYears) * weightKg) / (72 * scrMgDl);
  return sex === 'male' ? crcl : crcl * 0.85;
}

/**
 * Ideal body weight (Devine 1974): 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet.
 * Sex other/unknown uses the female formula (the lower weight, so the lower CrCl).
 */
export function idealBodyWeightKg(heightCm: number, sex: PatientContext['sex']): number {
  const inchesOver5ft = heightCm / 2.54 - 60;
  return (sex === 'male' ? 50 : 45.5) + 2.3 * inchesOver5ft;
}

/** Adjusted body weight: ideal + 0.4 x (actual - ideal), used when actual is above 120% of ideal. */
export const adjustedBodyWeightKg = (idealKg: number, actualKg: number): number => idealKg + 0.4 * (actualKg - idealKg);

export type CrclWeight = 'actual' | 'ideal-or-adjusted';

/**
 * The weight Cockcroft-Gault uses. 'ideal-or-adjusted': actual when below ideal, adjusted above
 * 120% of ideal, ideal otherwise; without a height, actual (and the card says so).
 */
export function crclWeightKg(actualKg: number, heightCm: number | null | undefined, sex: PatientContext['sex'], mode: CrclWeight): { kg: number; basis: string } {
  if (mode === 'actual') return { kg: actualKg, basis: 'actual body weight' };
  if (heightCm === null || heightCm === undefined || !(heightCm > 0)) return { kg: actualKg, basis: 'actual body weight (no height recorded for ideal body weight)' };
  const ibw = idealBodyWeightKg(heightCm, sex);
  if (actualKg < ibw) return { kg: actualKg, basis: 'actual body weight (below ideal)' };
  if (actualKg > 1.2 * ibw) return { kg: adjustedBodyWeightKg(ibw, actualKg), basis: 'adjusted body weight (actual above 120% of ideal)' };
  return { kg: ibw, basis: 'ideal body weight' };
}

export function estimateEgfr(ctx: PatientContext): RenalEstimate | null {
  const e = latestLab(ctx.labs, EGFR_LOINC);
  if (e !== null) return { value: e.value, method: 'reported eGFR', refs: [e.ref], effective: e.effective };
  const scr = creatinineMgDl(ctx.labs);
  if (scr === null || !(ctx.ageYears >= 18)) return null;
  return { value: ckdEpi2021(scr.value, ctx.ageYears, ctx.sex), method: 'eGFR computed (CKD-EPI 2021) from creatinine', refs: [scr.ref], effective: scr.effective };
}

export function estimateCrcl(ctx: PatientContext, mode: CrclWeight = 'actual'): RenalEstimate | null {
  const scr = creatinineMgDl(ctx.labs);
  if (scr !== null && ctx.weightKg !== null && ctx.ageYears >= 18) {
    const w = crclWeightKg(ctx.weightKg, ctx.heightCm, ctx.sex, mode);
    return {
      value: cockcroftGault(scr.value, ctx.ageYears, w.kg, ctx.sex),
      method: `Cockcroft-Gault CrCl from creatinine ${Math.round(scr.value * 100) / 100} mg/dL, age ${ctx.ageYears}, ${w.basis} ${Math.round(w.kg * 10) / 10} kg and sex`,
      refs: [scr.ref], effective: scr.effective,
    };
  }
  // No weight or creatinine: the eGFR is the best surrogate available, and the card says so.
  const e = estimateEgfr(ctx);
  return e === null ? null : { ...e, method: `${e.method} (used in place of CrCl: no weight or creatinine)` };
}
