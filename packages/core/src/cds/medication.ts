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
import type { Ingredient, Product } from './kb/schema.ts';

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
  /** The ordered dose as written, with the FHIR paths of its value and unit (for hard-stop cards). */
  dose: OrderedDose | null;
  /**
   * The ordered dose, unit and timing as one string: dose-related cards put it in their uuid so an
   * override given for one dose never carries over to another dose of the same order.
   */
  doseKey: string;
}

/** How a dose unit is measured: by mass, per kg of body weight, or in units of a dose form. */
export type DoseUnitKind = 'mass' | 'mass-per-kg' | 'tablet' | 'capsule' | 'mL' | 'actuation' | 'patch' | 'unit' | 'meq' | 'unknown';

export interface OrderedDose {
  value: number;
  unit: string;
  kind: DoseUnitKind;
  /** Which dosageInstruction holds it, whether as doseRange.high, and whether the unit is in `code`. */
  at: { index: number; range: boolean; codeField: boolean };
}

/** FHIR paths of an ordered dose's fields (for hard-stop cards), e.g. `dosageInstruction[0].doseAndRate[0].doseQuantity.value`. */
export function dosePaths(dose: OrderedDose): { value: string; unit: string; timing: string } {
  const base = `dosageInstruction[${dose.at.index}].doseAndRate[0].${dose.at.range ? 'doseRange.high' : 'doseQuantity'}`;
  return { value: `${base}.value`, unit: `${base}.${dose.at.codeField ? 'code' : 'unit'}`, timing: `dosageInstruction[${dose.at.index}].timing` };
}

const MASS_TO_MG: Record<string, number> = { mg: 1, g: 1000, ug: 0.001, mcg: 0.001, 'µg': 0.001, kg: 1_000_000 };
/** Weight-based doses (UCUM `mg/kg`): mg per kg of body weight, converted with the recorded weight. */
const MASS_PER_KG_TO_MG: Record<string, number> = { 'mg/kg': 1, 'ug/kg': 0.001, 'mcg/kg': 0.001, 'g/kg': 1000 };
const UNIT_ALIASES: Record<string, 'tablet' | 'capsule' | 'mL' | 'actuation' | 'patch' | 'unit'> = {
  tablet: 'tablet', tablets: 'tablet', tab: 'tablet', '{tbl}': 'tablet', '{tablet}': 'tablet', '{tablets}': 'tablet',
  capsule: 'capsule', capsules: 'capsule', cap: 'capsule', '{capsule}': 'capsule', '{cap}': 'capsule',
  ml: 'mL', 'mL': 'mL', milliliter: 'mL', actuation: 'actuation', '{actuat}': 'actuation', puff: 'actuation', puffs: 'actuation',
  patch: 'patch', '{patch}': 'patch', unit: 'unit', units: 'unit', '{unit}': 'unit', each: 'unit', '{each}': 'unit',
  '[iU]': 'unit', '[IU]': 'unit', U: 'unit', iu: 'unit',
};
const MEQ_UNITS = new Set(['meq', 'mEq', '[meq]', 'mmol']);

export function doseUnitKind(unit: string): DoseUnitKind {
  if (MASS_TO_MG[unit] !== undefined) return 'mass';
  if (MASS_PER_KG_TO_MG[unit] !== undefined) return 'mass-per-kg';
  const form = UNIT_ALIASES[unit] ?? UNIT_ALIASES[unit.toLowerCase()];
  if (form !== undefined) return form;
  return MEQ_UNITS.has(unit) ? 'meq' : 'unknown';
}
const PERIOD_PER_DAY: Record<string, number> = { s: 86400, min: 1440, h: 24, d: 1, wk: 1 / 7, mo: 1 / 30, a: 1 / 365 };
const TIMING_CODES: Record<string, number> = {
  QD: 1, BID: 2, TID: 3, QID: 4, AM: 1, PM: 1, QOD: 0.5, Q4H: 6, Q6H: 4, Q8H: 3, Q12H: 2, HS: 1, WAKE: 1,
};

const rxnormCodes = (codings: readonly Coding[] | undefined): string[] =>
  (codings ?? []).filter((c) => c.system === SYSTEM.rxnorm && typeof c.code === 'string').map((c) => c.code as string);

interface ContainedIngredient { rxcui: string; valueMg: number | null; per: string | null }
type Part = ContainedIngredient;
const NO_PARTS: readonly Part[] = [];
/**
 * What a product or an ingredient code resolves to, worked out once per knowledge-base entry (the
 * entries never change, and these lists are never handed out: resolved ingredients are new objects).
 */
const partsByEntry = new WeakMap<Product | Ingredient, readonly Part[]>();
function productParts(product: Product): readonly Part[] {
  let parts = partsByEntry.get(product);
  if (parts === undefined) {
    parts = product.ingredients.map((i) => ({ rxcui: i.rxcui, valueMg: i.strength?.valueMg ?? null, per: i.strength?.per ?? null }));
    partsByEntry.set(product, parts);
  }
  return parts;
}
function ingredientParts(ingredient: Ingredient): readonly Part[] {
  let parts = partsByEntry.get(ingredient);
  if (parts === undefined) {
    parts = [{ rxcui: ingredient.rxcui, valueMg: null, per: null }];
    partsByEntry.set(ingredient, parts);
  }
  return parts;
}
function hasPart(parts: readonly Part[], rxcui: string): boolean {
  for (const p of parts) if (p.rxcui === rxcui) return true;
  return false;
}

/** An order with no contained Medication (nearly all of them): nothing to allocate. */
const NO_CONTAINED: { codes: readonly string[]; ingredients: readonly ContainedIngredient[] } = { codes: [], ingredients: [] };

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

/** The dose quantity of the first dosage instruction that has one, and where it sits in the order (`at.index`). */
function doseOf(mr: MedicationRequest): OrderedDose | null {
  const list = mr.dosageInstruction ?? [];
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (d === undefined) continue;
    const range = d.doseAndRate?.[0]?.doseQuantity === undefined;
    const q = d.doseAndRate?.[0]?.doseQuantity ?? d.doseAndRate?.[0]?.doseRange?.high;
    if (q?.value === undefined) continue;
    const unit = q.code ?? q.unit ?? '';
    return { value: q.value, unit, kind: doseUnitKind(unit), at: { index: i, range, codeField: q.code !== undefined } };
  }
  return null;
}

/** The ordered dose, unit and timing as a string (see ResolvedMedication.doseKey). */
function doseKeyOf(dose: OrderedDose | null, d: Dosage | undefined): string {
  if (dose === null || d === undefined) return 'no-dose';
  const r = d.timing?.repeat;
  const code = d.timing?.code?.coding?.[0]?.code ?? d.timing?.code?.text ?? '';
  const max = d.maxDosePerPeriod;
  // One string, no array of the parts: every draft the server re-checks makes one.
  return `${dose.value}/${dose.unit}/${code}/${part(r?.frequency)}/${part(r?.frequencyMax)}/${part(r?.period)}/${part(r?.periodMax)}/${part(r?.periodUnit)}/`
    + `${part(max?.numerator?.value)}/${part(max?.denominator?.value)}/${part(max?.denominator?.code ?? max?.denominator?.unit)}`;
}
const part = (x: string | number | undefined | null): string => (x === undefined || x === null ? '' : String(x));

/**
 * `weightKg` converts weight-based doses (mg/kg); without it such a dose has no mg value, and the
 * hard-stop rule says a weight must be recorded. `withDoseKey` false leaves `doseKey` empty.
 * `draft` says whether the engine treats the order as one being signed (default: its status).
 * Runs for every active order on every sign, so it reads the codings in place and allocates
 * only what it returns.
 */
export function resolveMedication(
  mr: MedicationRequest, kb: KnowledgeBase, weightKg: number | null = null, withDoseKey = true, draft = mr.status === 'draft',
): ResolvedMedication {
  const ref = `MedicationRequest/${mr.id ?? ''}`;
  const contained = mr.medicationReference === undefined ? NO_CONTAINED : containedIngredients(mr);
  const unknownCodes: string[] = [];
  let parts: readonly Part[] = NO_PARTS;
  const concept = mr.medicationCodeableConcept;
  let label = concept?.text ?? concept?.coding?.[0]?.display ?? '';
  const codings = concept?.coding ?? [];
  const total = codings.length + contained.codes.length;
  for (let k = 0; k < total; k++) {
    let code: string;
    if (k < codings.length) {
      const c = codings[k];
      if (c === undefined || c.system !== SYSTEM.rxnorm || typeof c.code !== 'string') continue;
      code = c.code;
    } else {
      code = contained.codes[k - codings.length] ?? '';
    }
    const product = kb.products.get(code);
    if (product !== undefined) {
      parts = productParts(product);
      if (label === '') label = product.name;
      break;
    }
    const ingredient = kb.ingredients.get(code);
    if (ingredient !== undefined) {
      if (parts.length === 0) parts = ingredientParts(ingredient);
      else if (!hasPart(parts, code)) parts = [...parts, ...ingredientParts(ingredient)];
      if (label === '') label = ingredient.name;
    } else {
      unknownCodes.push(code);
    }
  }
  if (parts.length === 0 && contained.ingredients.length > 0) {
    parts = contained.ingredients.filter((i) => kb.ingredients.has(i.rxcui));
  }
  const dose = doseOf(mr);
  const dosage = dose === null ? undefined : mr.dosageInstruction?.[dose.at.index];
  const unit = dose === null ? '' : dose.unit;
  const perKg = MASS_PER_KG_TO_MG[unit];
  const massFactor = MASS_TO_MG[unit] ?? (perKg !== undefined && weightKg !== null ? perKg * weightKg : undefined);
  const single = parts.length === 1;
  // The dose form is needed only when the dose is not a mass of a single ingredient.
  const form = massFactor !== undefined && single ? undefined : UNIT_ALIASES[unit] ?? UNIT_ALIASES[unit.toLowerCase()];
  const ingredients: ResolvedIngredient[] = [];
  for (const p of parts) {
    let mgPerDose: number | null = null;
    if (dose !== null && massFactor !== undefined && single) mgPerDose = dose.value * massFactor;
    else if (dose !== null && form !== undefined && p.valueMg !== null && (p.per === form || (p.per !== 'mL' && form !== 'mL'))) {
      mgPerDose = dose.value * p.valueMg;
    }
    const ingredient = { rxcui: p.rxcui, name: kb.ingredients.get(p.rxcui)?.name ?? p.rxcui, mgPerDose };
    // Most orders have one ingredient: a one-element literal, not an array grown by push.
    if (single) return finish(mr, ref, draft, label, [ingredient], unknownCodes, dose, dosage, withDoseKey);
    ingredients.push(ingredient);
  }
  return finish(mr, ref, draft, label, ingredients, unknownCodes, dose, dosage, withDoseKey);
}

/** What an active order's resolution depends on besides its own fields: the knowledge base and the weight. */
interface ActiveMemo {
  kb: KnowledgeBase;
  weightKg: number | null;
  status: MedicationRequest['status'];
  concept: MedicationRequest['medicationCodeableConcept'];
  reference: MedicationRequest['medicationReference'];
  contained: MedicationRequest['contained'];
  dosage: MedicationRequest['dosageInstruction'];
  resolved: ResolvedMedication;
}
const activeMemo = new WeakMap<MedicationRequest, ActiveMemo>();

/**
 * An active (context) order, resolved once per order object: the server keeps a patient's record
 * between pushes, so a 40-medication chart is re-resolved only when an order changes. Chart resources
 * are treated as immutable values (a changed order is a new object); as a guard the memo is also
 * dropped when any field it reads is replaced on the same object, or the knowledge base or weight differ.
 */
export function resolveActiveMedication(mr: MedicationRequest, kb: KnowledgeBase, weightKg: number | null): ResolvedMedication {
  const m = activeMemo.get(mr);
  if (m !== undefined && m.kb === kb && m.weightKg === weightKg && m.status === mr.status && m.concept === mr.medicationCodeableConcept
    && m.reference === mr.medicationReference && m.contained === mr.contained && m.dosage === mr.dosageInstruction) {
    return m.resolved;
  }
  const resolved = resolveMedication(mr, kb, weightKg, false, false);
  activeMemo.set(mr, {
    kb, weightKg, status: mr.status, concept: mr.medicationCodeableConcept, reference: mr.medicationReference, contained: mr.contained,
    dosage: mr.dosageInstruction, resolved,
  });
  return resolved;
}

function finish(
  mr: MedicationRequest, ref: string, draft: boolean, label: string, ingredients: ResolvedIngredient[], unknownCodes: string[],
  dose: OrderedDose | null, dosage: Dosage | undefined, withDoseKey: boolean,
): ResolvedMedication {
  return {
    ref, resource: mr, draft, label: label !== '' ? label : ingredients.map((i) => i.name).join(' / ') || 'medication', ingredients,
    dosesPerDay: dosage === undefined ? null : dosesPerDay(dosage), unknownCodes,
    // Only drafts' cards use the dose key; active orders skip building it (evaluation is on the sign path).
    dose, doseKey: withDoseKey ? doseKeyOf(dose, dosage) : '',
  };
}
