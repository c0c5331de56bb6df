/** What every rule family receives: the input, the knowledge base and the resolved orders. */
import type { ServiceRequest } from '../fhir/types.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import type { ResolvedMedication } from './medication.ts';
import type { ActiveIndex } from './active-index.ts';
import type { RenalEstimate } from './renal-function.ts';
import type { RepeatFindings } from './repeat-findings.ts';
import type { CardBodies } from './card.ts';
import type { Card, EvaluateInput, Indicator } from './types.ts';

export interface RuleContext {
  input: EvaluateInput;
  kb: KnowledgeBase;
  nowMs: number;
  /** Active medications then draft medications, each resolved once. */
  meds: readonly ResolvedMedication[];
  /** The draft medications to alert on (all drafts, or the order-select selections). */
  targetMeds: readonly ResolvedMedication[];
  targetServices: readonly ServiceRequest[];
  draftServices: readonly ServiceRequest[];
  /**
   * Re-checking a suggested order only asks whether it would raise a critical card: rules may skip
   * building the cards that cannot be critical (suggestions.ts).
   */
  criticalOnly?: boolean;
  /**
   * False: cards without suggestions (no "use X instead", no "cancel this order", no re-check of
   * alternatives). Everything else on the card is as usual: uuid, indicator, texts, override reasons.
   */
  suggestions?: boolean;
  /**
   * 'critical': only critical cards carry their texts (summary, detail); every other card is
   * still found and built with everything a decision on it reads (uuid, indicator, override
   * reasons, extension), for a caller that acts on critical cards and overrides and shows no card
   * (the server's medication gate). Default 'all'.
   */
  bodies?: CardBodies;
  /**
   * What the rules derive from the chart alone (the coded problem list, the resolved allergies,
   * kidney function), shared with the suggestion re-checks and with every evaluation against the
   * same prepared chart (prepared-chart.ts): nothing in it may depend on the draft orders.
   */
  memo: ChartMemo;
  /**
   * The orders of `meds` that hold this ingredient, in the order of `meds`; absent: read `meds`.
   * Bound to `meds`: a context with other orders must not carry it over.
   */
  withIngredient?: ((rxcui: string) => readonly ResolvedMedication[]) | undefined;
}

export interface ChartMemo {
  problems?: unknown;
  allergens?: unknown;
  /** Kidney function estimates by measure ('egfr', or 'crcl:' and the body weight used). */
  renal?: Map<string, RenalEstimate | null>;
  /**
   * By draft order (`MedicationRequest/id`): the cards of its last check that do not depend on its
   * dose (repeat-findings.ts), each entry checked against what it was found from before it is used.
   */
  repeat?: Map<string, RepeatFindings>;
  /** The chart's orders by id and ingredient (active-index.ts). */
  index?: ActiveIndex;
}

export type Rule = (ctx: RuleContext) => Card[];

/** For draft-vs-draft findings: report each unordered pair once, on the draft that sorts first. */
export function reportPairOn(a: ResolvedMedication, b: ResolvedMedication, targets: readonly ResolvedMedication[]): boolean {
  if (!b.draft) return true;
  if (!targets.includes(b)) return true;
  return a.ref < b.ref;
}

/** Whether a card of this indicator gets its texts written (see RuleContext.bodies). */
export const writesBody = (ctx: { bodies?: CardBodies }, indicator: Indicator): boolean => ctx.bodies !== 'critical' || indicator === 'critical';

export const mg = (n: number): string => (n >= 100 ? String(Math.round(n)) : String(Math.round(n * 100) / 100));
