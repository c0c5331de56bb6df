/**
 * Turns MedicationRequests into what the rules need: the ingredients (a product resolves to its
 * ingredients, each checked), the mg of each ingredient per dose, and doses per day.
 * Doses given as a mass (mg, g, mcg) apply to a single-ingredient order; doses given in units of the
 * product (tablet, capsule, mL) use the product's per-unit strength from the knowledge base or from
 * a contained Medication (FHIR R4 Medication.ingredient.strength).
 */
import type { Coding, Dosage, MedicationRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { KnowledgeBase } from './knowledge-base.ts';

export interface ResolvedIngredient {
  rxcui: string;
  name: string;
  /** mg of this ingredient in one administered dose, when it can be worked out. */
  mgPerDose: number | null;
}

export interface ResolvedMedication {
  /** `MedicationRequest/<id>`. */
  ref: string;
  resource: MedicationRequest;
  draft: boolean;
  /** What the prescriber sees: the product or ingredient name. */
  label: string;
  ingredients: ResolvedIngredient[];
  /** Doses per day implied by the timing (or by maxDosePerPeriod when that is the binding limit). */
  dosesPerDay: number | null;
  /** The RXCUI codes on the order that the knowledge base did not recognise. */
  unknownCodes: string[];
}

const MASS_TO_MG: Record<string, number> = { mg: 1, g: 1000, ug: 0.001, mcg: 0.001, 'µg': 0.001, kg: 1_000_000 };
const UNIT_ALIASES: Record<string, 'tablet' | 'capsule' | 'mL' | 'actuation' | 'patch' | 'unit'> = {
  tablet: 'tablet', tablets: 'tablet', tab: 'tablet', '{tbl}': 'tablet', '{tablet}': 'tablet', '{tablets}': 'tablet',
  capsule: 'capsule', capsules: 'capsule', cap: 'capsule', '{capsule}': 'capsule', '{cap}': 'capsule',
  ml: 'mL', 'mL': 'mL', milliliter: 'mL', actuation: 'actuation', '{actuat}': 'actuation', puff: 'actuation',
  patch: 'patch', '{patch}': 'patch', unit: 'unit', '{unit}': 'unit', each: 'unit', '{each}': 'unit',
};
const PERIOD_PER_DAY: Record<string, number> = { s: 86400, min: 1440, h: 24, d: 1, wk: 1 / 7, mo: 1 / 30, a: 1 / 365 };
const TIMING_CODES: Record<string, number> = {
  QD: 1, BID: 2, TID: 3, QID: 4, AM: 1, PM: 1, QOD: 0.5, Q4H: 6, Q6H: 4, Q8H: 3, Q12H: 2, HS: 1, WAKE: 1,
};

const rxnormCodes = (codings: readonly Coding[] | undefined): string[] =>
  (codings ?? []).filter((c) => c.system === SYSTEM.rxnorm && typeof c.code === 'string').map((c) => c.code as string);

interface ContainedIngredient { rxcui: string; valueMg: number | null; per: string | null }

/** Ingredients from a contained Medication (`medicationReference: {reference: '#id'}`). */
function containedIngredients(mr: MedicationRequest): { codes: string[]; ingredients: ContainedIngredient[] } {
  const ref = mr.medicationReference?.reference;
  if (ref === undefined || !ref.startsWith('#')) return { codes: [], ingredients: [] };
  const med = (mr.contained ?? []).find((r) => r.resourceType === 'Medication' && r.id === ref.slice(1));
  if (med === undefined || med.resourceType !== 'Medication') return { codes: [], ingredients: [] };
  const ingredients: ContainedIngredient[] = [];
  for (const ing of med.ingredient ?? []) {
    const code = rxnormCodes(ing.itemCodeableConcept?.coding)[0];
    if (code === undefined) continue;
    const num = ing.strength?.numerator;
    const den = ing.strength?.denominator;
    const factor = num?.code !== undefined ? MASS_TO_MG[num.code] : num?.unit !== undefined ? MASS_TO_MG[num.unit] : undefined;
    const valueMg = num?.value !== undefined && factor !== undefined ? (num.value * factor) / (den?.value ?? 1) : null;
    const per = UNIT_ALIASES[den?.code ?? den?.unit ?? ''] ?? null;
    ingredients.push({ rxcui: code, valueMg, per });
  }
  return { codes: rxnormCodes(med.code?.coding), ingredients };
}

function dosesPerDay(d: Dosage): number | null {
  const max = d.maxDosePerPeriod;
  const r = d.timing?.repeat;
  let perDay: number | null = null;
  if (r !== undefined && (r.frequency !== undefined || r.period !== undefined)) {
    const freq = r.frequencyMax ?? r.frequency ?? 1;
    const unitsPerDay = PERIOD_PER_DAY[r.periodUnit ?? 'd'] ?? 1;
    const period = r.periodMax ?? r.period ?? 1;
    perDay = period > 0 ? (freq * unitsPerDay) / period : null;
  } else {
    const code = d.timing?.code?.coding?.[0]?.code ?? d.timing?.code?.text;
    if (code !== undefined) perDay = TIMING_CODES[code.toUpperCase()] ?? null;
  }
  // A PRN limit (e.g. "max 8 tablets in 24 h") caps what the order allows.
  if (max?.numerator?.value !== undefined && max.denominator?.value !== undefined && max.denominator.value > 0) {
    const dayFactor = PERIOD_PER_DAY[max.denominator.code ?? max.denominator.unit ?? 'd'] ?? 1;
    return max.numerator.value * dayFactor / max.denominator.value;
  }
  return perDay;
}

/** The dose quantity of the first dosage instruction that has one. */
function doseOf(mr: MedicationRequest): { value: number; unit: string; dosage: Dosage } | null {
  for (const d of mr.dosageInstruction ?? []) {
    const q = d.doseAndRate?.[0]?.doseQuantity ?? d.doseAndRate?.[0]?.doseRange?.high;
    if (q?.value !== undefined) return { value: q.value, unit: q.code ?? q.unit ?? '', dosage: d };
  }
  return null;
}

export function resolveMedication(mr: MedicationRequest, kb: KnowledgeBase): ResolvedMedication {
  const ref = `MedicationRequest/${mr.id ?? ''}`;
  const contained = containedIngredients(mr);
  const codes = [...rxnormCodes(mr.medicationCodeableConcept?.coding), ...contained.codes];
  const unknownCodes: string[] = [];
  type Part = { rxcui: string; valueMg: number | null; per: string | null };
  let parts: Part[] = [];
  let label = mr.medicationCodeableConcept?.text ?? mr.medicationCodeableConcept?.coding?.[0]?.display ?? '';
  for (const code of codes) {
    const product = kb.products.get(code);
    const ingredient = kb.ingredients.get(code);
    if (product !== undefined) {
      parts = product.ingredients.map((i) => ({ rxcui: i.rxcui, valueMg: i.strength?.valueMg ?? null, per: i.strength?.per ?? null }));
      if (label === '') label = product.name;
      break;
    }
    if (ingredient !== undefined) {
      if (!parts.some((p) => p.rxcui === code)) parts.push({ rxcui: code, valueMg: null, per: null });
      if (label === '') label = ingredient.name;
    } else {
      unknownCodes.push(code);
    }
  }
  if (parts.length === 0 && contained.ingredients.length > 0) {
    parts = contained.ingredients.filter((i) => kb.ingredients.has(i.rxcui));
  }
  const dose = doseOf(mr);
  const unit = dose === null ? '' : dose.unit;
  const massFactor = MASS_TO_MG[unit];
  const form = UNIT_ALIASES[unit] ?? UNIT_ALIASES[unit.toLowerCase()];
  const ingredients = parts.map((p): ResolvedIngredient => {
    let mgPerDose: number | null = null;
    if (dose !== null && massFactor !== undefined && parts.length === 1) mgPerDose = dose.value * massFactor;
    else if (dose !== null && form !== undefined && p.valueMg !== null && (p.per === form || (p.per !== 'mL' && form !== 'mL'))) {
      mgPerDose = dose.value * p.valueMg;
    }
    const name = kb.ingredients.get(p.rxcui)?.name ?? p.rxcui;
    return { rxcui: p.rxcui, name, mgPerDose };
  });
  if (label === '') label = ingredients.map((i) => i.name).join(' / ') || 'medication';
  return {
    ref, resource: mr, draft: mr.status === 'draft', label, ingredients,
    dosesPerDay: dose === null ? null : dosesPerDay(dose.dosage), unknownCodes,
  };
}
