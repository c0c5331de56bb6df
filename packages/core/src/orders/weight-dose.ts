/**
 * The weight-based dose helper: mg/kg × weight, rounded to a measurable amount, and never above the
 * knowledge base's limit for the patient (single-dose maximum, and the daily maximum divided by
 * the doses per day; pediatric per-kg and absolute caps under 18 years). When the helper caps,
 * it says so and cites the limit, so the prescriber knows the number is not simply mg/kg × kg.
 */
import { defaultKnowledgeBase, type KnowledgeBase } from '../cds/knowledge-base.ts';
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';

export interface WeightDoseInput {
  rxcui: string;
  mgPerKg: number;
  weightKg: number;
  /** Null when the birth date is missing or impossible (core ageInYears): no band can be chosen. */
  ageYears: number | null;
  dosesPerDay: number;
  /** Rounding step in mg; default by size (0.1 under 10 mg, 1 under 100 mg, 5 above). */
  stepMg?: number;
}

export interface WeightDose {
  /** The dose to order, mg. */
  doseMg: number;
  /** mg/kg × kg before rounding and capping. */
  calculatedMg: number;
  capped: boolean;
  /** The binding per-dose limit, mg, or null when the knowledge base has none. */
  limitMg: number | null;
  /** Why the dose was capped (with the source), or null. */
  message: string | null;
}

const defaultStep = (mg: number): number => (mg < 10 ? 0.1 : mg < 1000 ? 1 : 5);
const roundTo = (x: number, step: number): number => Math.round(Math.round(x / step) * step * 1000) / 1000;
const floorTo = (x: number, step: number): number => Math.round(Math.floor(x / step + 1e-9) * step * 1000) / 1000;

export function weightBasedDose(i: WeightDoseInput, kb: KnowledgeBase = defaultKnowledgeBase()): Result<WeightDose, LanternError> {
  const issues = [
    ...(i.mgPerKg > 0 && Number.isFinite(i.mgPerKg) ? [] : [{ path: 'mgPerKg', message: 'must be more than 0' }]),
    ...(i.weightKg > 0 && i.weightKg < 500 ? [] : [{ path: 'weightKg', message: 'must be a weight in kg (0-500)' }]),
    ...(i.dosesPerDay > 0 ? [] : [{ path: 'dosesPerDay', message: 'must be more than 0' }]),
    ...(i.ageYears !== null && Number.isFinite(i.ageYears) ? [] : [{ path: 'ageYears', message: 'the patient\'s age is not known: check the date of birth' }]),
  ];
  if (issues.length > 0) return err(new LanternError('BAD_INPUT', 'Cannot work out a weight-based dose', { issues }));
  const calculatedMg = i.mgPerKg * i.weightKg;
  const ageYears = i.ageYears ?? Number.NaN;
  const d = kb.doseByRxcui.get(i.rxcui);
  const caps: { mg: number; why: string }[] = [];
  if (d !== undefined) {
    if (ageYears < 18 && d.pediatric !== undefined) {
      const p = d.pediatric;
      if (p.maxSingleMgPerKg !== undefined) caps.push({ mg: p.maxSingleMgPerKg * i.weightKg, why: `pediatric maximum ${p.maxSingleMgPerKg} mg/kg per dose` });
      if (p.maxSingleMg !== undefined) caps.push({ mg: p.maxSingleMg, why: `pediatric maximum ${p.maxSingleMg} mg per dose` });
      if (p.maxDailyMgPerKg !== undefined) caps.push({ mg: (p.maxDailyMgPerKg * i.weightKg) / i.dosesPerDay, why: `pediatric maximum ${p.maxDailyMgPerKg} mg/kg per day` });
      if (p.maxDailyMg !== undefined) caps.push({ mg: p.maxDailyMg / i.dosesPerDay, why: `pediatric maximum ${p.maxDailyMg} mg per day` });
    } else {
      const band = ageYears >= (d.olderAdult?.fromAgeYears ?? Infinity) ? d.olderAdult : d.adult;
      if (band?.maxSingleMg !== undefined) caps.push({ mg: band.maxSingleMg, why: `maximum ${band.maxSingleMg} mg per dose` });
      if (band?.maxDailyMg !== undefined) caps.push({ mg: band.maxDailyMg / i.dosesPerDay, why: `maximum ${band.maxDailyMg} mg per day` });
    }
  }
  const binding = caps.reduce<{ mg: number; why: string } | null>((a, c) => (a === null || c.mg < a.mg ? c : a), null);
  const step = i.stepMg ?? defaultStep(calculatedMg);
  let doseMg = roundTo(calculatedMg, step);
  let message: string | null = null;
  let capped = false;
  if (binding !== null && doseMg > binding.mg + 1e-9) {
    doseMg = floorTo(binding.mg, step);
    // Rounding alone crossing the limit (mg/kg at the maximum) is not a cap worth a message.
    if (calculatedMg > binding.mg + 1e-9) {
      capped = true;
      message = `Capped at ${doseMg} mg (${binding.why}; ${d?.source.label ?? 'knowledge base'}); ${Math.round(calculatedMg * 10) / 10} mg calculated.`;
    }
  }
  return ok({ doseMg, calculatedMg, capped, limitMg: binding === null ? null : Math.round(binding.mg * 1000) / 1000, message });
}
