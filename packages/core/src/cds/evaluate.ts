/**
 * The CDS engine: one pure function from patient context + draft orders to CDS Hooks 2.0 cards
 * (https://cds-hooks.hl7.org/2.0/#cds-service-response). The workstation calls it in-process,
 * offline; the server's CDS Hooks service adapts HTTP to it. The clock is injected (`now`).
 */
import type { MedicationRequest, ServiceRequest } from '../fhir/types.ts';
import { LanternError, type FieldIssue } from '../errors.ts';
import { err, ok, assertNever, type Result } from '../result.ts';
import { defaultKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';
import { resolveMedication, type ResolvedMedication } from './medication.ts';
import { buildActiveIndex, type ActiveIndex } from './active-index.ts';
import { prepareChart, type PreparedChart } from './prepared-chart.ts';
import type { Rule, RuleContext } from './rule-context.ts';
import { ageRule } from './rules/age.ts';
import { coverageRule } from './rules/coverage.ts';
import { doseRangeRule } from './rules/dose-range.ts';
import { drugAllergyRule } from './rules/drug-allergy.ts';
import { drugDiseaseRule } from './rules/drug-disease.ts';
import { drugDrugRule } from './rules/drug-drug.ts';
import { duplicateOrderRule } from './rules/duplicate-order.ts';
import { duplicationRule } from './rules/duplication.ts';
import { frequencyRule } from './rules/frequency.ts';
import { hardStopRule } from './rules/hard-stop.ts';
import { renalRule } from './rules/renal.ts';
import type { CardBodies } from './card.ts';
import { DOSE_INDEPENDENT_RULES, keepFindings, repeatFindings, repeatableDraft, type RepeatFindings } from './repeat-findings.ts';
import { recheckSuggestions } from './suggestions.ts';
import { isSuppressed } from './suppression.ts';
import {
  DEFAULT_SUPPRESSION_WINDOW_HOURS, INDICATOR_RANK, RULE_IDS, type Card, type EvaluateInput, type RuleId,
} from './types.ts';

function ruleFor(id: RuleId): Rule {
  switch (id) {
    case 'hard-stop': return hardStopRule;
    case 'frequency': return frequencyRule;
    case 'drug-disease': return drugDiseaseRule;
    case 'drug-drug': return drugDrugRule;
    case 'drug-allergy': return drugAllergyRule;
    case 'dose-range': return doseRangeRule;
    case 'renal': return renalRule;
    case 'age': return ageRule;
    case 'duplication': return duplicationRule;
    case 'duplicate-order': return duplicateOrderRule;
    case 'coverage': return coverageRule;
    default: return assertNever(id, 'CDS rule');
  }
}
const RULES: readonly (readonly [RuleId, Rule])[] = RULE_IDS.map((id) => [id, ruleFor(id)] as const);
/** What a suggested replacement order is re-checked against. */
const RECHECK_RULES: readonly Rule[] = RULES.filter(([id]) => id !== 'coverage' && id !== 'duplicate-order').map(([, r]) => r);
const RULE_ORDER = new Map<RuleId, number>(RULE_IDS.map((id, i) => [id, i]));

function check(input: EvaluateInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.hook !== 'order-select' && input.hook !== 'order-sign') issues.push({ path: 'hook', message: 'must be order-select or order-sign' });
  if (!Number.isFinite(Date.parse(input.now))) issues.push({ path: 'now', message: 'must be a FHIR instant' });
  if (typeof input.context?.patientId !== 'string' || input.context.patientId === '') issues.push({ path: 'context.patientId', message: 'required' });
  if (!Array.isArray(input.draftOrders)) issues.push({ path: 'draftOrders', message: 'must be an array' });
  else {
    input.draftOrders.forEach((o, i) => {
      const t = (o as { resourceType?: unknown } | null)?.resourceType;
      if (t !== 'MedicationRequest' && t !== 'ServiceRequest') issues.push({ path: `draftOrders[${i}].resourceType`, message: 'must be MedicationRequest or ServiceRequest' });
      else if (typeof o.id !== 'string' || o.id === '') issues.push({ path: `draftOrders[${i}].id`, message: 'required (cards refer to the draft by id)' });
    });
  }
  return issues;
}

/** Whether the order is one to alert on (all drafts, or the order-select selections). Module-level: see hard-stop.ts UnitFit. */
const isTarget = (o: MedicationRequest | ServiceRequest, selections: ReadonlySet<string> | null): boolean =>
  selections === null || selections.has(o.id ?? '') || selections.has(`${o.resourceType}/${o.id ?? ''}`);

/** Deterministic order: most severe first, then rule family, then uuid. */
const compareCards = (a: Card, b: Card): number =>
  INDICATOR_RANK[b.indicator] - INDICATOR_RANK[a.indicator]
  || (RULE_ORDER.get(a.extension['lantern.rule']) ?? 0) - (RULE_ORDER.get(b.extension['lantern.rule']) ?? 0)
  || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);

/** The rules a dose change runs again, in RULES order (the others' cards are remembered: repeat-findings.ts). */
const DOSE_RULES: readonly Rule[] = RULES.filter(([id]) => !DOSE_INDEPENDENT_RULES.has(id)).map(([, r]) => r);

/** compareCards' first two keys as one number (smaller first), for cards sorted once and merged later. */
const sortKey = (c: Card): number => (2 - INDICATOR_RANK[c.indicator]) * 16 + (RULE_ORDER.get(c.extension['lantern.rule']) ?? 0);

/** The remembered dose-independent cards of an order's last check, deduplicated and in compareCards order. */
interface SortedFindings { cards: readonly Card[]; keys: readonly number[]; uuids: ReadonlySet<string> }
/** By the remembered cards (repeat-findings.ts: a memo entry's `cards`, never changed once stored). */
const SORTED_FINDINGS = new WeakMap<RepeatFindings['cards'], SortedFindings | null>();

/** null when a dose-independent rule has no remembered cards (the rules then run as usual). */
function sortedFindings(known: RepeatFindings['cards']): SortedFindings | null {
  const kept = SORTED_FINDINGS.get(known);
  if (kept !== undefined) return kept;
  const seen = new Set<string>();
  const cards: Card[] = [];
  let complete = true;
  for (const [id] of RULES) {
    if (!DOSE_INDEPENDENT_RULES.has(id)) continue;
    const ruleCards = known.get(id);
    if (ruleCards === undefined) {
      complete = false;
      break;
    }
    for (const card of ruleCards) {
      if (seen.has(card.uuid)) continue;
      seen.add(card.uuid);
      cards.push(card);
    }
  }
  cards.sort(compareCards);
  const out = complete ? { cards, keys: cards.map(sortKey), uuids: seen } : null;
  SORTED_FINDINGS.set(known, out);
  return out;
}

/**
 * A dose change's cards: the dose rules' cards merged into the remembered ones (already sorted),
 * the list `run` would give with every card checked against no suppressions (none can be hidden)
 * and sorted. A card's uuid includes its rule, so the two sets never share a card.
 */
function withDoseCards(ctx: RuleContext, known: SortedFindings): Card[] {
  const fresh: Card[] = [];
  for (const rule of DOSE_RULES) {
    for (const card of rule(ctx)) {
      // A handful at most: a scan, not a set.
      if (known.uuids.has(card.uuid) || fresh.some((c) => c.uuid === card.uuid)) continue;
      fresh.push(card);
    }
  }
  if (fresh.length === 0) return known.cards.slice();
  fresh.sort(compareCards);
  const out: Card[] = [];
  let k = 0;
  for (const card of fresh) {
    const key = sortKey(card);
    // Remembered cards before this one: a smaller key, or the same key and a smaller uuid.
    for (; k < known.cards.length; k++) {
      const kk = known.keys[k] ?? 0;
      const other = known.cards[k] as Card;
      if (kk > key || (kk === key && other.uuid > card.uuid)) break;
      out.push(other);
    }
    out.push(card);
  }
  for (; k < known.cards.length; k++) out.push(known.cards[k] as Card);
  return out;
}

/** How to evaluate (not part of the CDS Hooks request). */
export interface EvaluateOptions {
  /**
   * False: cards without suggestions, and the alternatives are not re-checked. For a caller that
   * decides on the cards and never shows them (the server's medication gate reads the indicator,
   * uuid, summary and override reasons): every other field of every card is as with suggestions.
   */
  suggestions?: boolean;
  /**
   * 'critical': only critical cards carry their summary and detail (and suggestions); the others
   * are found and built as usual but for those texts: the same cards with the same uuids,
   * indicators, override reasons and extension (rule-context.ts `bodies`). For a caller that
   * decides on the critical cards and the overrides an order carries (the server's medication
   * gate). Default 'all'.
   */
  bodies?: CardBodies;
}

export function evaluate(input: EvaluateInput, kb: KnowledgeBase = defaultKnowledgeBase(), options: EvaluateOptions = {}): Result<Card[], LanternError> {
  const invalid = refusal(input);
  if (invalid !== null) return invalid;
  // A chart made for one call: reading its orders once costs less than indexing them.
  return run(input, prepareChart(input.context, kb), options, false);
}

/** The request of an evaluation against a prepared chart: an EvaluateInput without its context. */
export type EvaluateRequest = Omit<EvaluateInput, 'context'>;

/** Every field of EvaluateInput, as evaluatePrepared copies them: a new field fails to compile until it is copied too. */
type CopiedField = 'hook' | 'context' | 'draftOrders' | 'now' | 'userId' | 'suppressions' | 'suppressionWindowHours' | 'selections';
export const EVERY_INPUT_FIELD_COPIED: [Exclude<keyof EvaluateInput, CopiedField>] extends [never] ? true : never = true;

/**
 * `evaluate` against a chart prepared once (prepared-chart.ts) for a caller that checks many
 * orders against it: the same cards as `evaluate` with `chart.context` and `chart.kb`.
 */
export function evaluatePrepared(chart: PreparedChart, request: EvaluateRequest, options: EvaluateOptions = {}): Result<Card[], LanternError> {
  // Written out field by field: a spread followed by another property takes V8's slow path on
  // Node 20 (about 2 us, on every order the server re-checks).
  const input: EvaluateInput = { hook: request.hook, context: chart.context, draftOrders: request.draftOrders, now: request.now };
  if (request.userId !== undefined) input.userId = request.userId;
  if (request.suppressions !== undefined) input.suppressions = request.suppressions;
  if (request.suppressionWindowHours !== undefined) input.suppressionWindowHours = request.suppressionWindowHours;
  if (request.selections !== undefined) input.selections = request.selections;
  const invalid = refusal(input);
  if (invalid !== null) return invalid;
  return run(input, chart, options, true);
}

/** Where the drafts' earlier versions sit in the chart's list, last first; null when the index cannot say (two orders share an id). */
function draftPositions(drafts: EvaluateInput['draftOrders'], index: ActiveIndex): number[] | null {
  if (index.byId === null) return null;
  const out: number[] = [];
  for (const o of drafts) {
    const p = o.resourceType === 'MedicationRequest' && o.id !== undefined ? index.byId.get(o.id) : undefined;
    if (p !== undefined && !out.includes(p)) out.push(p);
  }
  return out.sort((a, b) => b - a);
}

/** The orders of `meds` (the chart's but `skipped`, then the drafts from `fromChart` on) that hold `rxcui`, in that order. */
function holding(active: readonly ResolvedMedication[], index: ActiveIndex, skipped: readonly number[], meds: readonly ResolvedMedication[], fromChart: number, rxcui: string): ResolvedMedication[] {
  const out: ResolvedMedication[] = [];
  for (const p of index.byIngredient.get(rxcui) ?? []) {
    const m = active[p];
    if (m !== undefined && !skipped.includes(p)) out.push(m);
  }
  for (let k = fromChart; k < meds.length; k++) {
    const m = meds[k];
    if (m !== undefined && m.ingredients.some((i) => i.rxcui === rxcui)) out.push(m);
  }
  return out;
}

function refusal(input: EvaluateInput): Result<never, LanternError> | null {
  const issues = check(input);
  if (issues.length === 0) return null;
  return err(new LanternError('BAD_INPUT', `Invalid CDS request: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`.trim(), { issues }));
}

function run(input: EvaluateInput, chart: PreparedChart, options: EvaluateOptions, indexed: boolean): Result<Card[], LanternError> {
  const kb = chart.kb;
  const nowMs = Date.parse(input.now);
  const selections = input.hook === 'order-select' && input.selections !== undefined ? new Set(input.selections) : null;

  const weightKg = input.context.weightKg;
  // A draft may also appear in the chart cache; count it once, as the draft.
  const index = indexed ? (chart.memo.index ??= buildActiveIndex(chart.active)) : null;
  const skipped = index === null ? null : draftPositions(input.draftOrders, index);
  let meds: ResolvedMedication[];
  if (skipped !== null) {
    meds = chart.active.slice();
    for (const p of skipped) meds.splice(p, 1);
  } else {
    const draftIds = new Set<string | undefined>();
    for (const o of input.draftOrders) if (o.resourceType === 'MedicationRequest') draftIds.add(o.id);
    meds = [];
    for (const m of chart.active) if (!draftIds.has(m.resource.id)) meds.push(m);
  }
  const fromChart = meds.length;
  const targetMeds: ResolvedMedication[] = [];
  const draftServices: ServiceRequest[] = [];
  const targetServices: ServiceRequest[] = [];
  for (const o of input.draftOrders) {
    if (o.resourceType === 'MedicationRequest') {
      const r = resolveMedication(o, kb, weightKg, true, true);
      meds.push(r);
      if (isTarget(o, selections)) targetMeds.push(r);
    } else {
      draftServices.push(o);
      if (isTarget(o, selections)) targetServices.push(o);
    }
  }
  const withSuggestions = options.suggestions !== false;
  const ctx: RuleContext = {
    input, kb, nowMs, meds, targetMeds, targetServices, draftServices, memo: chart.memo, suggestions: withSuggestions, bodies: options.bodies ?? 'all',
    withIngredient: index === null || skipped === null ? undefined : (rxcui) => holding(chart.active, index, skipped, meds, fromChart, rxcui),
  };
  const suppressions = input.suppressions ?? [];
  // A dose change of an order checked before on this chart: what does not depend on the dose is known.
  const repeatable = repeatableDraft(ctx);
  const known = repeatable === null ? null : repeatFindings(ctx, repeatable);
  // The server's re-check of a dose change (no suppressions, no suggestions): only the dose rules
  // run, and their cards join the remembered ones, sorted once when they were remembered; the
  // chart's cards are not visited again (with hundreds of charts in turn, each visit is a cache miss).
  const sorted = known !== null && suppressions.length === 0 && !withSuggestions ? sortedFindings(known) : null;
  if (sorted !== null) return ok(withDoseCards(ctx, sorted));
  const windowHours = input.suppressionWindowHours ?? DEFAULT_SUPPRESSION_WINDOW_HOURS;
  const cards: Card[] = [];
  const seen = new Set<string>();
  const found = repeatable !== null && known === null ? new Map<RuleId, readonly Card[]>() : null;
  // Hard stops come first and are never suppressed (isSuppressed never hides a critical card).
  for (const [id, rule] of RULES) {
    const independent = repeatable !== null && DOSE_INDEPENDENT_RULES.has(id);
    const ruleCards = (independent ? known?.get(id) : undefined) ?? rule(ctx);
    if (independent) found?.set(id, ruleCards);
    for (const card of ruleCards) {
      if (seen.has(card.uuid)) continue;
      seen.add(card.uuid);
      if (suppressions.length > 0 && isSuppressed(card, suppressions, input.userId, input.context.patientId, nowMs, windowHours)) continue;
      cards.push(card);
    }
  }
  if (repeatable !== null && found !== null) keepFindings(ctx, repeatable, found);
  return ok((withSuggestions ? recheckSuggestions(cards, ctx, RECHECK_RULES) : cards).sort(compareCards));
}
