/**
 * Hard stops: orders that cannot be right, whatever the clinical context, so no override reason is
 * offered (ISMP Guidelines for Safe Electronic Communication of Medication Information):
 * - a single or daily dose at or above ten times the knowledge base's maximum (a decimal or unit
 *   slip: 100000 mg of amlodipine, 10 mg/kg read as 100 mg/kg);
 * - a dose of zero or below;
 * - a dose unit that does not fit the drug (mg for a puff inhaler, mL for a tablet-only drug);
 * - a weight-based dose (mg/kg) when no weight is recorded.
 * Each card names the offending field (`lantern.field`, a FHIR path in the draft) and says what to do.
 * Between the maximum and ten times it, dose-range gives an overridable card instead.
 */
import { assertNever } from '../../result.ts';
import { buildCard } from '../card.ts';
import type { Citation, DoseForm, DoseFormEntry, Product } from '../kb/schema.ts';
import { ISMP_ELECTRONIC_COMMUNICATION, ISMP_WEIGHT_KG } from '../kb/citations-safety.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { dosePaths, type DoseUnitKind, type ResolvedMedication } from '../medication.ts';
import { mg, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';
import { HARD_STOP_FACTOR, limitsFor, tenfold } from './dose-range.ts';

export { HARD_STOP_FACTOR };

const FORM_UNITS: Record<DoseForm, readonly DoseUnitKind[]> = {
  tablet: ['mass', 'tablet'],
  capsule: ['mass', 'capsule'],
  'oral-liquid': ['mass', 'mL'],
  inhaler: ['actuation'],
  nebulized: ['mass', 'mL'],
  injection: ['mass', 'mL'],
  'unit-injection': ['unit', 'mL'],
  patch: ['patch'],
  'meq-oral': ['meq', 'mass', 'tablet', 'capsule', 'mL'],
  topical: ['unit'],
  suppository: ['mass', 'unit'],
};
const FORM_WORDS: Record<DoseForm, string> = {
  tablet: 'tablets', capsule: 'capsules', 'oral-liquid': 'oral liquid', inhaler: 'inhaler puffs', nebulized: 'nebulised solution',
  injection: 'injection', 'unit-injection': 'units', patch: 'patches', 'meq-oral': 'mEq', topical: 'topical applications', suppository: 'suppositories',
};
const PRODUCT_UNITS: Record<string, readonly DoseUnitKind[]> = {
  tablet: ['mass', 'tablet'], capsule: ['mass', 'capsule'], mL: ['mass', 'mL'], actuation: ['actuation'], patch: ['patch'], unit: ['unit'],
};

/**
 * What the drug is measured in, described only for a card (most orders fit). Data rather than a
 * closure: the server runs under tsx, which names every closure it creates (a property define per call).
 */
interface UnitFit { allowed: readonly DoseUnitKind[]; of: { product: Product; per: string } | { entry: DoseFormEntry; name: string } }
const describeFit = (f: UnitFit): string => ('product' in f.of ? describeProduct(f.of.product, f.of.per) : describeForms(f.of.entry, f.of.name));

/** The units each dose-form entry allows, worked out once per entry (knowledge-base data does not change). */
const allowedByEntry = new WeakMap<DoseFormEntry, readonly DoseUnitKind[]>();
const describeForms = (entry: DoseFormEntry, name: string): string => `${name} (given as ${entry.forms.map((f) => FORM_WORDS[f]).join(', ')})`;
const describeProduct = (product: Product, per: string): string => `${product.name} (dosed per ${per})`;
const MASSLESS_PRODUCT_UNITS: Record<string, readonly DoseUnitKind[]> = Object.fromEntries(
  Object.entries(PRODUCT_UNITS).map(([per, kinds]) => [per, kinds.filter((k) => k !== 'mass')]),
);

/** The dose units the ordered drug can be given in, or null when the knowledge base does not say. */
function unitsFor(d: ResolvedMedication, kb: KnowledgeBase): UnitFit | null {
  for (const c of d.resource.medicationCodeableConcept?.coding ?? []) {
    const product = c.code === undefined ? undefined : kb.products.get(c.code);
    const per = product?.ingredients[0]?.strength?.per;
    if (product === undefined || per === undefined) continue;
    // A mass dose of a combination product cannot be split between its ingredients.
    const allowed = (product.ingredients.length > 1 ? MASSLESS_PRODUCT_UNITS[per] : PRODUCT_UNITS[per]) ?? [];
    return { allowed, of: { product, per } };
  }
  if (d.ingredients.length !== 1) return null;
  const ing = d.ingredients[0];
  const entry = ing === undefined ? undefined : kb.doseFormsByRxcui.get(ing.rxcui);
  if (entry === undefined || ing === undefined) return null;
  let allowed = allowedByEntry.get(entry);
  if (allowed === undefined) {
    allowed = [...new Set(entry.forms.flatMap((f) => FORM_UNITS[f]))];
    allowedByEntry.set(entry, allowed);
  }
  return { allowed, of: { entry, name: ing.name } };
}

const fits = (kind: DoseUnitKind, allowed: readonly DoseUnitKind[]): boolean =>
  allowed.includes(kind) || (kind === 'mass-per-kg' && allowed.includes('mass'));

interface Stop { kbEntry: string; field: string; summary: string; detail: string[]; source?: Citation }

export function hardStopRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const { weightKg } = ctx.input.context;
  const ageYears = Number.isFinite(ctx.input.context.ageYears) ? ctx.input.context.ageYears : 18;
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    const s = findStop(ctx, d, ageYears, weightKg);
    if (s === null) continue;
    cards.push(buildCard({
      rule: 'hard-stop', kbEntry: s.kbEntry, kbVersion: kb.version, indicator: 'critical', summary: `Hard stop: ${s.summary}`,
      detail: [...s.detail, '', 'This order cannot be signed as written and no override is possible: correct the order or cancel it.'].join('\n'),
      source: s.source ?? ISMP_ELECTRONIC_COMMUNICATION, draft: d.resource, related: [], subject: [s.kbEntry], doseKey: d.doseKey, hardStop: { field: s.field },
    }, ctx));
  }
  return cards;
}

/** The first reason this order cannot be right, or null. */
function findStop(ctx: RuleContext, d: ResolvedMedication, ageYears: number, weightKg: number | null): Stop | null {
  const dose = d.dose;
  if (dose === null) return null;
  const unitText = dose.unit === '' ? 'no unit' : dose.unit;
  if (!(dose.value > 0) || !Number.isFinite(dose.value)) {
    return {
      kbEntry: 'hard-stop/dose-not-positive', field: dosePaths(dose).value, summary: `${d.label} dose ${dose.value} ${unitText} is not a dose`,
      detail: [`The dose of **${d.label}** is **${dose.value} ${unitText}**. A dose must be more than zero.`, '', 'Enter the intended dose.'],
    };
  }
  if (dose.unit === '') {
    return {
      kbEntry: 'hard-stop/unit-missing', field: dosePaths(dose).unit, summary: `${d.label} dose ${dose.value} has no unit`,
      detail: [`The dose of **${d.label}** is **${dose.value}** with no unit: it could be mg, mcg, mL or tablets.`, '', 'Enter the unit of the dose.'],
    };
  }
  const fit = unitsFor(d, ctx.kb);
  if (fit !== null && !fits(dose.kind, fit.allowed)) {
    const describe = describeFit(fit);
    return {
      kbEntry: 'hard-stop/unit-mismatch', field: dosePaths(dose).unit, summary: `"${unitText}" does not fit ${describe}`,
      detail: [`**${d.label}** is ordered in **${unitText}**, but ${describe} is not measured that way.`, '', `Enter the dose in one of: ${fit.allowed.map(kindWord).join(', ')}.`],
    };
  }
  if (dose.kind === 'mass-per-kg' && weightKg === null) {
    return {
      kbEntry: 'hard-stop/weight-missing', field: dosePaths(dose).unit, summary: `${d.label} is dosed per kg and no weight is recorded`,
      detail: [
        `**${d.label}** is ordered as **${dose.value} ${dose.unit}**, a weight-based dose, and the patient has no recorded weight, so the dose in mg cannot be worked out or checked.`,
        '', 'Weigh the patient and record the weight in kg, then re-enter the order.',
      ],
      source: ISMP_WEIGHT_KG,
    };
  }
  return tenfoldStop(ctx, d, ageYears, weightKg);
}

/** Single or daily dose at or above ten times the knowledge base's maximum for this patient. */
function tenfoldStop(ctx: RuleContext, d: ResolvedMedication, ageYears: number, weightKg: number | null): Stop | null {
  const dose = d.dose;
  if (dose === null) return null;
  for (const ing of d.ingredients) {
    const limit = ctx.kb.doseByRxcui.get(ing.rxcui);
    if (limit === undefined || ing.mgPerDose === null) continue;
    const lim = limitsFor(limit, ageYears, weightKg);
    const daily = ing.mgPerDose * (d.dosesPerDay ?? 1);
    const { single, daily: perDay } = tenfold(ing.mgPerDose, d.dosesPerDay, lim);
    if (!single && !perDay) continue;
    const kind = single ? 'single' : 'daily';
    const value = single ? ing.mgPerDose : daily;
    const max = (single ? lim.single : lim.daily) ?? 0;
    // A sensible dose given far too often: the frequency is the field to correct.
    const doseAloneFine = !single && lim.daily !== null && ing.mgPerDose <= (lim.single ?? lim.daily);
    return {
      kbEntry: `hard-stop/tenfold/${limit.id}#${kind}`, field: doseAloneFine ? dosePaths(dose).timing : dosePaths(dose).value,
      summary: `${ing.name} ${kind === 'single' ? 'dose' : 'daily dose'} ${mg(value)} mg is ${mg(value / max)}x the ${mg(max)} mg maximum`,
      detail: [
        `The ${kind === 'single' ? 'single dose' : 'total daily dose'} of **${ing.name}** in this order is **${mg(value)} mg** (${dose.value} ${dose.unit}${d.dosesPerDay === null ? '' : `, ${mg(d.dosesPerDay)} ${d.dosesPerDay === 1 ? 'dose' : 'doses'} a day`}). The ${lim.basis} is **${mg(max)} mg**${kind === 'daily' ? ' per day' : ''}: this is ${HARD_STOP_FACTOR} times or more, which is a decimal, unit or frequency error, not a clinical choice.`,
        '', `Check the ${doseAloneFine ? 'frequency' : 'dose and its unit'} and re-enter it. Source of the maximum: ${limit.source.label}.`,
      ],
    };
  }
  return null;
}

function kindWord(k: DoseUnitKind): string {
  switch (k) {
    case 'mass': return 'mg (or g, mcg)';
    case 'mass-per-kg': return 'mg/kg';
    case 'tablet': return 'tablets';
    case 'capsule': return 'capsules';
    case 'mL': return 'mL';
    case 'actuation': return 'puffs';
    case 'patch': return 'patches';
    case 'unit': return 'units';
    case 'meq': return 'mEq';
    case 'unknown': return 'a known unit';
    default: return assertNever(k, 'dose unit kind');
  }
}

/** For tests and the UI: the field a hard-stop card names, or null for any other card. */
export const hardStopField = (card: Card): string | null => card.extension['lantern.field'] ?? null;
