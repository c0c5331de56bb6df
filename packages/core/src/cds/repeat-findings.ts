/**
 * What a prepared chart remembers of an order's last check, for the next check of the same order
 * on a later state of the chart: the server's medication gate re-checks every dose change, and a
 * patient's orders are changed one dose at a time. The rules below read the drug, never its dose,
 * route or frequency, so while the rest of the chart they read is the same their cards for that
 * order are the same, and are not worked out again. The dose rules (hard stop, dose range, renal,
 * frequency) always run.
 *
 * Only for the gate's kind of call (one medication draft, no service drafts, no suggestions, texts
 * only on critical cards: evaluate.ts `bodies`), and only while everything these rules read is the
 * same object or value as at the last check: the chart's other orders (each the same resolved
 * order: reprepareChart keeps an unchanged order's), allergies, conditions, the patient's age, the
 * knowledge base, and the draft's id, label, ingredients, unresolved codes and prior prescription.
 * Anything else changed: the rules run afresh and their cards replace the remembered ones.
 */
import type { KnowledgeBase } from './knowledge-base.ts';
import type { ResolvedIngredient, ResolvedMedication } from './medication.ts';
import type { RuleContext } from './rule-context.ts';
import type { Card, PatientContext, RuleId } from './types.ts';

/** The rules whose cards for a medication draft do not depend on its dose, route or frequency. */
export const DOSE_INDEPENDENT_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['drug-drug', 'drug-allergy', 'drug-disease', 'age', 'duplication', 'coverage']);

/** One order's last check (see the file comment). */
export interface RepeatFindings {
  kb: KnowledgeBase;
  /** The chart's other orders, as resolved then, in order. */
  others: readonly ResolvedMedication[];
  allergies: PatientContext['allergies'];
  conditions: PatientContext['conditions'];
  ageYears: number;
  label: string;
  ingredients: readonly ResolvedIngredient[];
  unknownCodes: readonly string[];
  prior: string | undefined;
  /** The cards of each rule in DOSE_INDEPENDENT_RULES, as the rule gave them (shared: read-only). */
  cards: ReadonlyMap<RuleId, readonly Card[]>;
}

/** Past this many orders remembered, a chart forgets the oldest (a chart has tens of orders). */
const MAX_ORDERS = 64;

/** The one medication draft of a call this memo serves, or null. */
export function repeatableDraft(ctx: RuleContext): ResolvedMedication | null {
  if (ctx.suggestions !== false || ctx.bodies !== 'critical' || ctx.criticalOnly === true) return null;
  if (ctx.draftServices.length > 0 || ctx.targetServices.length > 0 || ctx.targetMeds.length !== 1) return null;
  const d = ctx.targetMeds[0];
  // The draft is the last of `meds` (evaluate.ts), and the only draft among them.
  return d !== undefined && ctx.meds[ctx.meds.length - 1] === d ? d : null;
}

const sameIngredients = (a: readonly ResolvedIngredient[], b: readonly ResolvedIngredient[]): boolean =>
  a.length === b.length && a.every((x, i) => x.rxcui === b[i]?.rxcui && x.name === b[i]?.name);
const sameStrings = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The remembered cards of the last check of draft `d`, when nothing they were found from has changed. */
export function repeatFindings(ctx: RuleContext, d: ResolvedMedication): RepeatFindings['cards'] | null {
  const f = ctx.memo.repeat?.get(d.ref);
  if (f === undefined) return null;
  const c = ctx.input.context;
  if (f.kb !== ctx.kb || f.allergies !== c.allergies || f.conditions !== c.conditions || !Object.is(f.ageYears, c.ageYears)) return null;
  if (f.label !== d.label || f.prior !== d.resource.priorPrescription?.reference || !sameIngredients(f.ingredients, d.ingredients) || !sameStrings(f.unknownCodes, d.unknownCodes)) return null;
  const n = ctx.meds.length - 1;
  if (f.others.length !== n) return null;
  for (let i = 0; i < n; i++) if (f.others[i] !== ctx.meds[i]) return null;
  return f.cards;
}

/** Remembers the cards this check found for draft `d` (the chart's memo; see the file comment). */
export function keepFindings(ctx: RuleContext, d: ResolvedMedication, cards: ReadonlyMap<RuleId, readonly Card[]>): void {
  const c = ctx.input.context;
  const memo = (ctx.memo.repeat ??= new Map());
  memo.delete(d.ref);
  memo.set(d.ref, {
    kb: ctx.kb, others: ctx.meds.slice(0, -1), allergies: c.allergies, conditions: c.conditions, ageYears: c.ageYears,
    label: d.label, ingredients: d.ingredients, unknownCodes: d.unknownCodes, prior: d.resource.priorPrescription?.reference, cards,
  });
  if (memo.size > MAX_ORDERS) {
    const oldest = memo.keys().next();
    if (oldest.done !== true) memo.delete(oldest.value);
  }
}
