/**
 * The order sign flow on top of the CDS engine: run the engine when a drug is
 * selected and again on sign; a critical card blocks signing until one of its override reasons is
 * chosen (cds signBlockers); a suggestion's actions apply to the draft list in one call; signing
 * turns the drafts active, puts each override on its MedicationRequest (cds-override.ts) and
 * yields the audit events (one `cds-override` per override with its reason, one `order-sign` per
 * order) for the local audit chain.
 */
import { evaluate } from '../cds/evaluate.ts';
import { defaultKnowledgeBase, type KnowledgeBase } from '../cds/knowledge-base.ts';
import { signBlockers, type CardOverride } from '../cds/sign-gate.ts';
import { recordOverride, type OverrideRecord } from '../cds/suppression.ts';
import { deterministicUuid } from '../cds/hash.ts';
import type { Card, DraftOrder, PatientContext, Suppression } from '../cds/types.ts';
import type { AuditEventInput } from '../audit/event.ts';
import { asDeviceId, asPatientId, asUserId } from '../ids/index.ts';
import { LanternError } from '../errors.ts';
import { assertNever, err, ok, type Result } from '../result.ts';
import { withCdsOverrides } from './cds-override.ts';

export interface SignContext {
  context: PatientContext;
  /** FHIR instant: the injected clock. */
  now: string;
  userId: string;
  deviceId: string;
  suppressions?: Suppression[];
  /** How long an override keeps its card quiet (the organisation's policy); core's default when absent. */
  suppressionWindowHours?: number;
  kb?: KnowledgeBase;
}

/** The suppression part of an engine request, from a sign context. */
const suppressionOf = (ctx: SignContext) => ({
  ...(ctx.suppressions === undefined ? {} : { suppressions: ctx.suppressions }),
  ...(ctx.suppressionWindowHours === undefined ? {} : { suppressionWindowHours: ctx.suppressionWindowHours }),
});

const refOf = (o: DraftOrder): string => `${o.resourceType}/${o.id ?? ''}`;

/** Cards for the whole draft list, as on sign (most severe first). */
export function prepareSign(drafts: readonly DraftOrder[], ctx: SignContext): Result<Card[], LanternError> {
  return evaluate({ hook: 'order-sign', context: ctx.context, draftOrders: [...drafts], now: ctx.now, userId: ctx.userId, ...suppressionOf(ctx) }, ctx.kb ?? defaultKnowledgeBase());
}

/** Cards about the newly selected drafts only (CDS Hooks order-select), the others as context. */
export function prepareSelect(drafts: readonly DraftOrder[], selected: readonly string[], ctx: SignContext): Result<Card[], LanternError> {
  return evaluate({ hook: 'order-select', selections: [...selected], context: ctx.context, draftOrders: [...drafts], now: ctx.now, userId: ctx.userId, ...suppressionOf(ctx) }, ctx.kb ?? defaultKnowledgeBase());
}

export interface SignGate {
  canSign: boolean;
  /** Critical cards still lacking an accepted override reason. */
  blockers: Card[];
}

export function canSign(cards: readonly Card[], overrides: readonly CardOverride[]): SignGate {
  const blockers = signBlockers(cards, overrides);
  return { canSign: blockers.length === 0, blockers };
}

/**
 * Applies a card suggestion's actions (CDS Hooks 2.0 #action) to the draft list: delete removes the
 * draft named by `resourceId`, create adds the resource as a new draft, update replaces the draft
 * with the same id. All or nothing: an action that names no draft fails the whole suggestion.
 */
export function applySuggestion(drafts: readonly DraftOrder[], card: Card, suggestionUuid: string): Result<DraftOrder[], LanternError> {
  const suggestion = card.suggestions.find((s) => s.uuid === suggestionUuid);
  if (suggestion === undefined) return err(new LanternError('NOT_FOUND', 'The card has no such suggestion', { issues: [{ path: 'suggestionUuid', message: 'not on this card' }] }));
  let out = [...drafts];
  for (const action of suggestion.actions) {
    switch (action.type) {
      case 'delete': {
        const before = out.length;
        out = out.filter((d) => refOf(d) !== action.resourceId);
        if (out.length === before) return err(new LanternError('CONFLICT', 'The suggestion refers to an order no longer in the draft list', { issues: [{ path: 'resourceId', message: action.resourceId ?? '' }] }));
        break;
      }
      case 'create':
        if (action.resource === undefined) return err(new LanternError('BAD_INPUT', 'A create action without a resource'));
        out.push({ ...action.resource, status: 'draft' } as DraftOrder);
        break;
      case 'update': {
        const r = action.resource;
        if (r === undefined) return err(new LanternError('BAD_INPUT', 'An update action without a resource'));
        const i = out.findIndex((d) => d.resourceType === r.resourceType && d.id === r.id);
        if (i < 0) return err(new LanternError('CONFLICT', 'The suggestion updates an order no longer in the draft list'));
        out[i] = r;
        break;
      }
      default:
        return assertNever(action.type, 'card action');
    }
  }
  return ok(out);
}

/** The card is about this order: its draft, or one of the records it relates (another draft of the set). */
function concerns(card: Card, ref: string): boolean {
  return card.extension['lantern.draftOrder'] === ref || card.extension['lantern.related'].includes(ref);
}

export interface SignedOrders {
  orders: DraftOrder[];
  overrides: OverrideRecord[];
  /** cds-override and order-sign events, in that order, for the local audit chain. */
  auditEvents: AuditEventInput[];
}

/** Signs the drafts (status active, authoredOn now) if nothing blocks; records each override. */
export function signOrders(drafts: readonly DraftOrder[], cards: readonly Card[], overrides: readonly (CardOverride & { comment?: string })[], ctx: SignContext): Result<SignedOrders, LanternError> {
  if (drafts.length === 0) return err(new LanternError('BAD_INPUT', 'There is nothing to sign'));
  const gate = canSign(cards, overrides);
  if (!gate.canSign) {
    return err(new LanternError('PRECONDITION_REQUIRED', 'A critical alert needs an override reason before signing', { issues: gate.blockers.map((c) => ({ path: `cards.${c.uuid}`, message: c.summary })) }));
  }
  const records: OverrideRecord[] = [];
  for (const o of overrides) {
    const card = cards.find((c) => c.uuid === o.cardUuid);
    if (card === undefined) continue;
    const r = recordOverride(card, { code: o.reasonCode, ...(o.comment === undefined ? {} : { comment: o.comment }) }, { userId: ctx.userId, deviceId: ctx.deviceId }, ctx.context.patientId, ctx.now);
    if (!r.ok) return r;
    records.push(r.value);
  }
  // Each MedicationRequest carries the overrides of the cards about it, so the server's re-check
  // (medication-gate.ts) finds them with the order, even when it is pushed hours later.
  const orders = drafts.map((d) => {
    const signed = { ...d, status: 'active', authoredOn: ctx.now } as DraftOrder;
    if (signed.resourceType !== 'MedicationRequest') return signed;
    // A card about two drafts (an interaction between orders signed together) goes on both: the
    // server sees the pair from whichever of them reaches it second.
    const mine = overrides.filter((o) => cards.some((c) => c.uuid === o.cardUuid && concerns(c, refOf(d))));
    return withCdsOverrides(signed, mine, { userId: ctx.userId, at: ctx.now });
  });
  const signEvents: AuditEventInput[] = orders.map((o) => ({
    eventId: deterministicUuid(['order-sign', refOf(o), ctx.userId, ctx.now]),
    deviceId: asDeviceId(ctx.deviceId), userId: asUserId(ctx.userId), action: 'order-sign', patientId: asPatientId(ctx.context.patientId),
    resourceType: o.resourceType, resourceId: o.id ?? null, outcome: 'success', reason: null,
    detail: { cards: cards.filter((c) => c.extension['lantern.draftOrder'] === refOf(o)).length, overridden: records.filter((r) => r.auditEvent.resourceId === o.id).length },
    recordedAt: ctx.now,
  }));
  return ok({ orders, overrides: records, auditEvents: [...records.map((r) => r.auditEvent), ...signEvents] });
}
