/** What every rule family receives: the input, the knowledge base and the resolved orders. */
import type { ServiceRequest } from '../fhir/types.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import type { ResolvedMedication } from './medication.ts';
import type { RenalEstimate } from './renal-function.ts';
import type { Card, EvaluateInput } from './types.ts';

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
   * What the rules derive from the chart alone (the coded problem list, the resolved allergies,
   * kidney function), shared with the suggestion re-checks and with every evaluation against the
   * same prepared chart (prepared-chart.ts): nothing in it may depend on the draft orders.
   */
  memo: ChartMemo;
}

export interface ChartMemo {
  problems?: unknown;
  allergens?: unknown;
  /** Kidney function estimates by measure ('egfr', or 'crcl:' and the body weight used). */
  renal?: Map<string, RenalEstimate | null>;
}

export type Rule = (ctx: RuleContext) => Card[];

/** For draft-vs-draft findings: report each unordered pair once, on the draft that sorts first. */
export function reportPairOn(a: ResolvedMedication, b: ResolvedMedication, targets: readonly ResolvedMedication[]): boolean {
  if (!b.draft) return true;
  if (!targets.includes(b)) return true;
  return a.ref < b.ref;
}

export const mg = (n: number): string => (n >= 100 ? String(Math.round(n)) : String(Math.round(n * 100) / 100));
