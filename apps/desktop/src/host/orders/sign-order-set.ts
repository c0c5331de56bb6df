/**
 * Signing on the workstation, offline: one flow for every write that changes what a patient
 * receives: a new order set, or a change of one held medication order (a new dose, an on-hold order
 * made active again: `changeOf`). The host re-runs the CDS engine itself (it never trusts cards sent
 * by the renderer), with a changed order as the draft and the patient's other medications as context.
 * It refuses a medication draft without dose, route or frequency, and a hard stop whatever overrides
 * are given (BAD_INPUT naming the field); a critical card without one of its override reasons gives
 * PRECONDITION_REQUIRED (one issue per card). Then core's signOrders makes the orders active and
 * puts the overrides on them; each is queued (create, or update on the held version) and the
 * cds-override and order-sign audit events go to the local chain for the next sync. Returns the
 * suppressions to remember (warning/info overrides) for alert-fatigue filtering.
 * The password check is the caller's (orders-router.ts): this file is the store side.
 */
import {
  LanternError, err, newMutation, ok, type MedicationRequest, type Result, type UuidSource,
} from '@lantern/core';
import { isHardStop, type Card, type CardOverride, type DraftOrder, type Suppression } from '@lantern/core/cds';
import { prepareSign, signOrders, type SignContext, type SignedOrders } from '@lantern/core/orders';
import type { ReadableStore, WritableStore } from '../store/local-store.ts';
import { incompleteDrafts } from './draft-completeness.ts';
import { patientContextFromStore } from './patient-context.ts';

export interface OrderSetInput {
  store: ReadableStore;
  patientId: string;
  drafts: readonly DraftOrder[];
  /** The held order a single draft changes (same id); absent for new orders. */
  changeOf?: MedicationRequest;
  userId: string;
  deviceId: string;
  now: Date;
  suppressions?: Suppression[];
  /** The organisation's suppression window (workstation policy), when it has set one. */
  suppressionWindowHours?: number;
}

export interface SignOrderSetInput extends OrderSetInput {
  store: WritableStore;
  overrides: readonly (CardOverride & { comment?: string })[];
  uuid: UuidSource;
}

export interface OrderSetPreview {
  cards: Card[];
  /** False while a hard stop is shown or a medication draft lacks dose, route or frequency (critical cards still need their reasons). */
  canSign: boolean;
  /** Why it cannot be signed whatever reason is given: hard stops and missing fields. */
  refusals: { path: string; message: string }[];
}

const hardStopField = (c: Card): string => c.extension['lantern.field'] ?? 'dosageInstruction';

/** The engine's context and cards for the drafts: a changed order is the draft, never its own context. */
function evaluateSet(i: OrderSetInput): Result<{ ctx: SignContext; cards: Card[] }, LanternError> {
  for (const d of i.drafts) {
    if (d.subject?.reference !== `Patient/${i.patientId}` || d.status !== 'draft') {
      return err(new LanternError('BAD_INPUT', 'Every order must be a draft for this patient', { issues: [{ path: `drafts.${d.id ?? ''}`, message: 'not a draft for this patient' }] }));
    }
  }
  if (i.changeOf !== undefined && (i.drafts.length !== 1 || i.drafts[0]?.id !== i.changeOf.id || i.drafts[0]?.resourceType !== 'MedicationRequest')) {
    return err(new LanternError('BAD_INPUT', 'A change is one draft of the order it changes'));
  }
  const context = patientContextFromStore(i.store, i.patientId, i.now);
  if (!context.ok) return context;
  const changedId = i.changeOf?.id;
  const patientContext = changedId === undefined ? context.value : { ...context.value, activeMedications: context.value.activeMedications.filter((m) => m.id !== changedId) };
  const ctx: SignContext = { context: patientContext, now: i.now.toISOString(), userId: i.userId, deviceId: i.deviceId, ...(i.suppressions === undefined ? {} : { suppressions: i.suppressions }),
    ...(i.suppressionWindowHours === undefined ? {} : { suppressionWindowHours: i.suppressionWindowHours }) };
  const cards = prepareSign(i.drafts, ctx);
  return cards.ok ? ok({ ctx, cards: cards.value }) : cards;
}

function refusalsOf(drafts: readonly DraftOrder[], cards: readonly Card[]): { path: string; message: string }[] {
  const incomplete = incompleteDrafts(drafts);
  return [
    ...cards.filter(isHardStop).map((c) => ({ path: hardStopField(c), message: c.summary })),
    ...(incomplete?.issues ?? []),
  ];
}

/** Cards and whether the set could be signed, for the review screen (nothing is written). */
export function previewOrderSet(i: OrderSetInput): Result<OrderSetPreview, LanternError> {
  const evaluated = evaluateSet(i);
  if (!evaluated.ok) return evaluated;
  const refusals = refusalsOf(i.drafts, evaluated.value.cards);
  return ok({ cards: evaluated.value.cards, canSign: refusals.length === 0, refusals });
}

export function signOrderSet(i: SignOrderSetInput): Result<SignedOrders & { suppressions: Suppression[] }, LanternError> {
  const evaluated = evaluateSet(i);
  if (!evaluated.ok) return evaluated;
  const { ctx, cards } = evaluated.value;
  const hardStops = cards.filter(isHardStop);
  if (hardStops.length > 0) {
    return err(new LanternError('BAD_INPUT', 'This order cannot be signed: a dose or frequency is outside what can be given', { issues: hardStops.map((c) => ({ path: hardStopField(c), message: c.summary })) }));
  }
  const incomplete = incompleteDrafts(i.drafts);
  if (incomplete !== null) return err(incomplete);
  const signed = signOrders(i.drafts, cards, i.overrides, ctx);
  if (!signed.ok) return signed;
  const base = i.changeOf;
  for (const order of signed.value.orders) {
    const origin = { mutationId: i.uuid.uuid(), deviceId: i.deviceId, userId: i.userId, createdAt: ctx.now, patientId: i.patientId };
    const m = base === undefined
      ? newMutation({ ...origin, op: 'create', resource: order })
      : newMutation({ ...origin, op: 'update', resource: order, baseVersion: base.meta?.versionId ?? null });
    if (!m.ok) return m;
    const queued = i.store.applyLocalMutation(m.value);
    if (!queued.ok) return queued;
  }
  const audited = i.store.appendAudit(signed.value.auditEvents);
  if (!audited.ok) return audited;
  const suppressions = signed.value.overrides.filter((o) => cards.find((c) => c.uuid === o.auditEvent.detail['cardUuid'])?.indicator !== 'critical').map((o) => o.suppression);
  return ok({ ...signed.value, suppressions });
}
