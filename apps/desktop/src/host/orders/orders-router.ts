/**
 * orders.*: formulary and LOINC service search, the local CDS engine on select and on sign (the
 * patient context read from the encrypted store, offline), one-click suggestions, and signing. Every
 * write that changes what a patient receives goes through one sign flow (host/orders/sign-order-set.ts):
 * a new order set (`sign`), a new dose or an on-hold order made active again (`previewChange`, then
 * `signChange`). The host re-runs CDS itself, refuses hard stops and incomplete doses, needs a reason
 * for each critical card and the clinician's password. Who may sign is core policy's decision.
 */
import { z } from 'zod';
import { resourceJson, LanternError, canChangeOrderStatus, canSignOrders, validateResource, type MedicationRequest, type Role, type ServiceRequest } from '@lantern/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { FREQUENCY_KEYS, ORDER_STATUSES, ROUTE_KEYS, searchServiceCatalog } from '@lantern/core/orders';
import { patientContextFromStore } from '../orders/patient-context.ts';
import { confirmPassword } from '../orders/confirm-password.ts';
import { changeDraft, type OrderChangeRequest } from './change-dose.ts';
import { changeOrderStatus } from './change-status.ts';
import { reviewedKnowledgeBaseStatus } from './knowledge-base-review.ts';
import { authorizeLocalWrite } from '../api/queue-write.ts';
// The CDS engine and its knowledge base load on first use (load-cds-engine.ts), not with the host.
import { loadCdsEngine } from './load-cds-engine.ts';
import type { HostServices } from '../api/host-services.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';
import { auditRead, requireRead } from '../api/patient-access.ts';

// Shape only here; parseDrafts validates each as a FHIR resource of its type.
const DraftSchema = z.custom<DraftOrder>((v) => typeof v === 'object' && v !== null && ['MedicationRequest', 'ServiceRequest'].includes(String((v as { resourceType?: unknown }).resourceType)), 'must be a MedicationRequest or ServiceRequest');
const DraftsInput = z.object({ patientId: z.string().uuid(), drafts: z.array(DraftSchema).max(50) });
const OverridesInput = z.array(z.object({ cardUuid: z.string(), reasonCode: z.string().min(1).max(100), comment: z.string().max(500).optional() })).max(50);
const PasswordInput = z.string().min(1).max(1024);
// The upper bound only keeps the number sane; what dose is possible is the CDS hard stop's decision.
const ChangeInput = z.object({
  patientId: z.string().uuid(), orderId: z.string().uuid(),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('dose'), dose: z.number().positive().max(1e7) }),
    z.object({ kind: z.literal('dosage'), dose: z.number().positive().max(1e7).optional(), route: z.enum(ROUTE_KEYS).optional(), frequency: z.enum(FREQUENCY_KEYS).optional() }),
    z.object({ kind: z.literal('reactivate') }),
  ]),
});

/** Each draft checked as a FHIR resource of its type and as a draft for this patient. */
function parseDrafts(patientId: string, raw: readonly DraftOrder[]): DraftOrder[] {
  return raw.map((d, i) => {
    const v = validateResource(d, d.resourceType);
    if (!v.ok) throw toTrpcError(new LanternError('BAD_INPUT', 'An order is not valid', { issues: [{ path: `drafts.${i}`, message: v.error.message }] }));
    const o = v.value as MedicationRequest | ServiceRequest;
    if (o.id === undefined || o.subject?.reference !== `Patient/${patientId}` || o.status !== 'draft') {
      throw toTrpcError(new LanternError('BAD_INPUT', 'Every order must be a draft for this patient', { issues: [{ path: `drafts.${i}`, message: 'not a draft for this patient' }] }));
    }
    return o;
  });
}

function requireSigner(role: Role): void {
  if (!canSignOrders(role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not order or change what a patient receives'));
}

function signContext(services: HostServices, userId: string, patientId: string) {
  const now = services.now();
  const context = must(patientContextFromStore(services.store, patientId, now));
  // This user's stored overrides for this patient, so an alert they already overrode stays hidden.
  const suppressions = must(services.clinical.suppressions.listFor(userId, patientId));
  return { context, now: now.toISOString(), userId, deviceId: services.deviceId, suppressions, ...windowOf(services) };
}

/** The organisation's suppression window, when its policy sets one (else the engine's default). */
function windowOf(services: HostServices): { suppressionWindowHours?: number } {
  const hours = services.clinical.suppressions.windowHours();
  return hours === null ? {} : { suppressionWindowHours: hours };
}

/** The common part of a sign: the flow's inputs for this user, patient and clock. */
function flowBase(services: HostServices, userId: string, patientId: string) {
  const suppressions = must(services.clinical.suppressions.listFor(userId, patientId));
  return { store: services.store, patientId, userId, deviceId: services.deviceId, now: services.now(), uuid: { uuid: services.uuid }, suppressions, ...windowOf(services) };
}

function changeOf(services: HostServices, input: { patientId: string; orderId: string; change: OrderChangeRequest }) {
  return must(changeDraft(services.store, input.patientId, input.orderId, input.change));
}

const overridesOf = (raw: z.infer<typeof OverridesInput>) => raw.map((o) => ({ cardUuid: o.cardUuid, reasonCode: o.reasonCode, ...(o.comment === undefined ? {} : { comment: o.comment }) }));

export const ordersRouter = router({
  searchDrugs: clinicalProcedure.input(z.object({ query: z.string().max(100) })).query(async ({ input }) => (await loadCdsEngine()).searchFormulary(input.query, 20)),
  searchServices: clinicalProcedure.input(z.object({ query: z.string().max(100) })).query(({ input }) => searchServiceCatalog(input.query)),

  /** The knowledge base's version and review-by date against the host's clock: every order screen says when it is out of date. */
  knowledgeBase: clinicalProcedure.query(async ({ ctx }) => reviewedKnowledgeBaseStatus((await loadCdsEngine()).defaultKnowledgeBase(), ctx.services.now(), ctx.services.knowledgeBaseReviewBy)),

  /** CDS cards for the draft list: order-select for the newly selected drafts, order-sign for all. */
  cards: clinicalProcedure.input(DraftsInput.extend({ hook: z.enum(['order-select', 'order-sign']), selected: z.array(z.string()).default([]) }))
    .query(async ({ ctx, input }): Promise<Card[]> => {
      // CDS reads the patient's medications, allergies, labs and weight: a PHI read like any other.
      await requireRead(ctx, input.patientId, 'MedicationRequest', 'medications');
      const drafts = parseDrafts(input.patientId, input.drafts);
      if (drafts.length === 0) return [];
      const cds = await loadCdsEngine();
      const sc = signContext(ctx.services, ctx.user.userId, input.patientId);
      const cards = must(input.hook === 'order-sign' ? cds.prepareSign(drafts, sc) : cds.prepareSelect(drafts, input.selected, sc));
      await auditRead(ctx, 'resource-read', { patientId: input.patientId, resourceType: 'Patient', resourceId: input.patientId, detail: { purpose: 'cds', hook: input.hook, cards: cards.length } });
      return cards;
    }),

  /** Applies a suggestion; the result is a new draft list that is checked again and signed like any other. */
  applySuggestion: clinicalProcedure.input(DraftsInput.extend({ cardUuid: z.string(), suggestionUuid: z.string() })).mutation(async ({ ctx, input }): Promise<DraftOrder[]> => {
    await requireRead(ctx, input.patientId, 'MedicationRequest', 'medications');
    const drafts = parseDrafts(input.patientId, input.drafts);
    const cds = await loadCdsEngine();
    // The card is recomputed here, never taken from the renderer.
    const cards = must(cds.prepareSign(drafts, signContext(ctx.services, ctx.user.userId, input.patientId)));
    const card = cards.find((c) => c.uuid === input.cardUuid);
    if (card === undefined) throw toTrpcError(new LanternError('NOT_FOUND', 'That alert no longer applies to these orders'));
    return must(cds.applySuggestion(drafts, card, input.suggestionUuid));
  }),

  /** Signs new orders: CDS again in the host, hard stops and incomplete doses refused, critical cards need a reason, the password confirms. */
  sign: clinicalProcedure.input(DraftsInput.extend({ overrides: OverridesInput, password: PasswordInput })).mutation(async ({ ctx, input }) => {
    const { services, user } = ctx;
    requireSigner(user.role);
    const drafts = parseDrafts(input.patientId, input.drafts);
    for (const d of drafts) authorizeLocalWrite(ctx, input.patientId, d.resourceType, null, resourceJson({ ...d, status: 'active' }));
    try {
      await confirmPassword(services, user, input.password, 'order-sign');
    } catch (e) {
      throw toTrpcError(e);
    }
    const signed = must((await loadCdsEngine()).signOrderSet({ ...flowBase(services, user.userId, input.patientId), drafts, overrides: overridesOf(input.overrides) }));
    keepSuppressions(services, signed.suppressions);
    services.sync.kick();
    return { orderIds: signed.orders.map((o) => o.id ?? ''), overridden: signed.overrides.length };
  }),

  /** The changed order (a new dose, or active again) with its cards: nothing is written. */
  previewChange: clinicalProcedure.input(ChangeInput).query(async ({ ctx, input }) => {
    const { services, user } = ctx;
    requireSigner(user.role);
    await requireRead(ctx, input.patientId, 'MedicationRequest', 'medications');
    const { before, draft } = changeOf(services, input);
    const { uuid: _uuid, ...base } = flowBase(services, user.userId, input.patientId);
    const preview = must((await loadCdsEngine()).previewOrderSet({ ...base, drafts: [draft], changeOf: before }));
    return { order: draft, ...preview };
  }),

  /** Signs a change of a held medication order through the same flow as a new order; queued as an update on the held version. */
  signChange: clinicalProcedure.input(ChangeInput.extend({ overrides: OverridesInput, password: PasswordInput })).mutation(async ({ ctx, input }) => {
    const { services, user } = ctx;
    requireSigner(user.role);
    await requireRead(ctx, input.patientId, 'MedicationRequest', 'medications');
    const { before, draft } = changeOf(services, input);
    authorizeLocalWrite(ctx, input.patientId, 'MedicationRequest', resourceJson(before), resourceJson({ ...draft, status: 'active' }));
    try {
      await confirmPassword(services, user, input.password, 'order-change');
    } catch (e) {
      throw toTrpcError(e);
    }
    const signed = must((await loadCdsEngine()).signOrderSet({ ...flowBase(services, user.userId, input.patientId), drafts: [draft], changeOf: before, overrides: overridesOf(input.overrides) }));
    keepSuppressions(services, signed.suppressions);
    services.sync.kick();
    const order = signed.orders[0];
    const text = order?.resourceType === 'MedicationRequest' ? (order.dosageInstruction?.[0]?.text ?? '') : '';
    return { orderId: order?.id ?? '', status: order?.status ?? '', text, overridden: signed.overrides.length };
  }),

  /** Moves an order through core's status machine (stop, hold, complete, entered-in-error), queued as an update. Re-activation is signChange. */
  setStatus: clinicalProcedure.input(z.object({ patientId: z.string().uuid(), orderId: z.string().uuid(), to: z.enum(ORDER_STATUSES), reason: z.string().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { services, user } = ctx;
      if (!canChangeOrderStatus(user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not change the status of orders'));
      await requireRead(ctx, input.patientId, 'MedicationRequest', 'medications');
      const moved = must(changeOrderStatus({
        store: services.store, patientId: input.patientId, orderId: input.orderId, to: input.to, ...(input.reason === undefined ? {} : { reason: input.reason }),
        userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: services.uuid,
        authorize: (before, after) => authorizeLocalWrite(ctx, input.patientId, before.resourceType, resourceJson(before), resourceJson(after)),
      }));
      services.sync.kick();
      return { orderId: moved.id ?? '', status: moved.status };
    }),
});

/** The orders are queued already; a failure to remember an override must not fail the sign. */
function keepSuppressions(services: HostServices, suppressions: Parameters<HostServices['clinical']['suppressions']['upsert']>[0]): void {
  const kept = services.clinical.suppressions.upsert(suppressions);
  if (!kept.ok) console.warn('cds suppressions not stored', kept.error.code);
}
