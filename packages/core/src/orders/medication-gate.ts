/**
 * The one gate every medication-changing write passes, on the workstation when it is signed and
 * on the server when it arrives (sync push, FHIR create/update, transaction entries): when the
 * write changes what the patient receives (medication-change.ts), the CDS engine runs on the new
 * version as the draft of an order-sign call (https://cds-hooks.hl7.org/2.0/#hooks, order-sign),
 * against the patient's context as of the write.
 * - A hard stop (an impossible dose) refuses the write whatever overrides it carries: BAD_INPUT
 *   with one issue naming the offending field.
 * - A critical card refuses it unless the order carries an override of exactly that card (by
 *   uuid) with one of that card's own override reasons: PRECONDITION_REQUIRED, one issue per card.
 */
import { evaluate, evaluatePrepared, type EvaluateOptions } from '../cds/evaluate.ts';
import type { PreparedChart } from '../cds/prepared-chart.ts';
import { defaultKnowledgeBase, type KnowledgeBase } from '../cds/knowledge-base.ts';
import type { Card, PatientContext } from '../cds/types.ts';
import { LanternError, type FieldIssue } from '../errors.ts';
import type { MedicationRequest } from '../fhir/types.ts';
import { err, ok, type Result } from '../result.ts';
import { readCdsOverrides, type CdsOverride } from './cds-override.ts';
import { changesMedication, medicationChange, type MedicationChange } from './medication-change.ts';

/** Any FHIR resource as JSON (the caller may hold a typed resource or raw JSON). */
type Order = object | null | undefined;

export interface MedicationGateInput {
  /** The order as it stands before the write (null: new). */
  before: Order;
  /** The order as the write would leave it (null: deleted). */
  after: Order;
  /** The patient's CDS context as of the write. */
  context: PatientContext;
  /**
   * The same context prepared once (cds prepareChart), for a caller that checks many writes
   * against it (the server's push gate); when given, the engine reads it instead of `context`.
   */
  chart?: PreparedChart;
  /** FHIR instant: the injected clock. */
  now: string;
  /** The user making the write: a new override counts only when it is theirs. */
  userId: string;
  kb?: KnowledgeBase;
  /** `medicationChange(before, after)`, when the caller has worked it out already. */
  changes?: MedicationChange[];
}

export interface OverriddenCard {
  card: Card;
  override: CdsOverride;
  /** True when `before` did not carry this override yet: it is made by this write (to be audited). */
  isNew: boolean;
}

export interface MedicationGateOutcome {
  changes: MedicationChange[];
  /**
   * Every card the engine gave (empty when nothing the patient receives changes). The gate decides
   * and nobody is shown them: no card has suggestions, and only critical cards carry their summary
   * and detail (the others have empty texts, everything else as the workstation's cards).
   */
  cards: Card[];
  /** The cards the order's overrides accepted (critical, warning or info). */
  overridden: OverriddenCard[];
}

/**
 * A hard-stop card (cds sign-gate `isHardStop`). Read from the marker alone, whatever the
 * indicator: on the server a card marked as a hard stop refuses the write, never less.
 */
export const isHardStopCard = (card: Card): boolean => card.extension['lantern.hardStop'] === true;

/** The FHIR path of the field a hard stop is about (the dose when the card does not say). */
function hardStopField(card: Card): string {
  const field = card.extension['lantern.field'];
  return typeof field === 'string' && field !== '' ? field : 'dosageInstruction[0].doseAndRate[0].doseQuantity.value';
}

const sameOverride = (a: CdsOverride, b: CdsOverride): boolean => a.card === b.card && a.reason === b.reason && a.author === b.author && a.at === b.at;

/**
 * The overrides `after` carries that may count: those already on `before` (accepted with an earlier
 * version) and new ones authored by the writing user. Nobody can write an override in another
 * clinician's name.
 */
function usableOverrides(before: Order, after: readonly CdsOverride[], userId: string, reactivation: boolean): { override: CdsOverride; isNew: boolean }[] {
  // Making an order active again is a new decision about what the patient receives: an override given
  // when it was first signed (card ids do not change between versions) must not carry it through.
  const prior = reactivation ? [] : readCdsOverrides(before);
  return after.flatMap((o) => {
    const carried = prior.some((p) => sameOverride(p, o));
    return carried || o.author === userId ? [{ override: o, isNew: !carried }] : [];
  });
}

/**
 * The gate reads a card's indicator, uuid, override reasons and extension, and the summary of a
 * critical one (the refusal names it): no suggestions, no texts for the other cards.
 */
const GATE_EVALUATION: EvaluateOptions = { suggestions: false, bodies: 'critical' };

export function gateMedicationWrite(input: MedicationGateInput): Result<MedicationGateOutcome, LanternError> {
  const changes = input.changes ?? medicationChange(input.before, input.after);
  if (!changesMedication(changes)) return ok({ changes, cards: [], overridden: [] });
  const draft = input.after as MedicationRequest;
  const evaluated = input.chart === undefined
    ? evaluate({ hook: 'order-sign', context: input.context, draftOrders: [draft], now: input.now, userId: input.userId }, input.kb ?? defaultKnowledgeBase(), GATE_EVALUATION)
    : evaluatePrepared(input.chart, { hook: 'order-sign', draftOrders: [draft], now: input.now, userId: input.userId }, GATE_EVALUATION);
  if (!evaluated.ok) return evaluated;
  const cards = evaluated.value;

  // One pass over the cards for the common answer (nothing to refuse, nothing overridden).
  let hardStop = false;
  let critical = false;
  for (const card of cards) {
    if (card.indicator === 'critical') critical = true;
    if (isHardStopCard(card)) hardStop = true;
  }
  const overrides = readCdsOverrides(input.after);
  if (!hardStop && !critical && overrides.length === 0) return ok({ changes, cards, overridden: [] });

  const hardStops = hardStop ? cards.filter(isHardStopCard) : [];
  if (hardStops.length > 0) {
    const issues: FieldIssue[] = hardStops.map((c) => ({ path: hardStopField(c), message: c.summary }));
    return err(new LanternError('BAD_INPUT', `${issues[0]?.path ?? 'dosageInstruction'}: ${hardStops[0]?.summary ?? 'impossible dose'} (cannot be overridden)`, { issues }));
  }

  const usable = usableOverrides(input.before, overrides, input.userId, changes.includes('reactivation'));
  const overridden: OverriddenCard[] = [];
  const blockers: Card[] = [];
  for (const card of cards) {
    const match = usable.find((u) => u.override.card === card.uuid && card.overrideReasons.some((r) => r.code === u.override.reason));
    if (match !== undefined) overridden.push({ card, ...match });
    else if (card.indicator === 'critical') blockers.push(card);
  }
  if (blockers.length > 0) {
    const issues: FieldIssue[] = blockers.map((c) => ({ path: `cards.${c.uuid}`, message: c.summary }));
    const what = blockers.length === 1 ? 'A critical alert needs' : `${blockers.length} critical alerts need`;
    return err(new LanternError('PRECONDITION_REQUIRED', `${what} an override reason recorded with the order: ${blockers.map((c) => c.summary).join('; ')}`.slice(0, 1000), { issues }));
  }
  return ok({ changes, cards, overridden });
}
