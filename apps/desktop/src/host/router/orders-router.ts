/**
 * orders.*: formulary and LOINC service search, the local CDS engine on select and on sign (the
 * patient context read from the encrypted store, offline), one-click suggestions, and signing, which
 * re-runs CDS in the host, refuses unresolved critical cards, queues the orders and audits overrides
 * (host/orders/sign-order-set.ts). The renderer builds drafts with core; the host trusts none of its cards.
 */
import { z } from 'zod';
import { LanternError, validateResource, type MedicationRequest, type ServiceRequest } from '@lantern/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import { ORDER_STATUSES, applySuggestion, prepareSelect, prepareSign, searchFormulary, searchServiceCatalog } from '@lantern/core/orders';
import { patientContextFromStore } from '../orders/patient-context.ts';
import { changeDose } from './change-dose.ts';
import { changeOrderStatus } from './change-status.ts';
import { signOrderSet } from '../orders/sign-order-set.ts';
import type { HostServices } from './host-services.ts';
import { clinicalProcedure, must, router, toTrpcError } from './trpc.ts';

// Shape only here; parseDrafts validates each as a FHIR resource of its type.
const DraftSchema = z.custom<DraftOrder>((v) => typeof v === 'object' && v !== null && ['MedicationRequest', 'ServiceRequest'].includes(String((v as { resourceType?: unknown }).resourceType)), 'must be a MedicationRequest or ServiceRequest');
const DraftsInput = z.object({ patientId: z.string().uuid(), drafts: z.array(DraftSchema).max(50) });

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

const mayOrder = (role: string) => role === 'physician';

function signContext(services: HostServices, userId: string, patientId: string) {
  const now = services.now();
  const context = must(patientContextFromStore(services.store, patientId, now));
  // This user's stored overrides for this patient, so an alert they already overrode stays hidden.
  const suppressions = must(services.clinical.suppressions.listFor(userId, patientId));
  return { context, now: now.toISOString(), userId, deviceId: services.deviceId, suppressions };
}

export const ordersRouter = router({
  searchDrugs: clinicalProcedure.input(z.object({ query: z.string().max(100) })).query(({ input }) => searchFormulary(input.query, 20)),
  searchServices: clinicalProcedure.input(z.object({ query: z.string().max(100) })).query(({ input }) => searchServiceCatalog(input.query)),

  /** CDS cards for the draft list: order-select for the newly selected drafts, order-sign for all. */
  cards: clinicalProcedure.input(DraftsInput.extend({ hook: z.enum(['order-select', 'order-sign']), selected: z.array(z.string()).default([]) }))
    .query(({ ctx, input }): Card[] => {
      const drafts = parseDrafts(input.patientId, input.drafts);
      if (drafts.length === 0) return [];
      const sc = signContext(ctx.services, ctx.user.userId, input.patientId);
      return must(input.hook === 'order-sign' ? prepareSign(drafts, sc) : prepareSelect(drafts, input.selected, sc));
    }),

  applySuggestion: clinicalProcedure.input(DraftsInput.extend({ cardUuid: z.string(), suggestionUuid: z.string() })).mutation(({ ctx, input }): DraftOrder[] => {
    const drafts = parseDrafts(input.patientId, input.drafts);
    // The card is recomputed here, never taken from the renderer.
    const cards = must(prepareSign(drafts, signContext(ctx.services, ctx.user.userId, input.patientId)));
    const card = cards.find((c) => c.uuid === input.cardUuid);
    if (card === undefined) throw toTrpcError(new LanternError('NOT_FOUND', 'That alert no longer applies to these orders'));
    return must(applySuggestion(drafts, card, input.suggestionUuid));
  }),

  sign: clinicalProcedure.input(DraftsInput.extend({
    overrides: z.array(z.object({ cardUuid: z.string(), reasonCode: z.string().min(1).max(100), comment: z.string().max(500).optional() })).max(50),
  })).mutation(({ ctx, input }) => {
    const { services, user } = ctx;
    if (!mayOrder(user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not sign orders'));
    const drafts = parseDrafts(input.patientId, input.drafts);
    const overrides = input.overrides.map((o) => ({ cardUuid: o.cardUuid, reasonCode: o.reasonCode, ...(o.comment === undefined ? {} : { comment: o.comment }) }));
    const suppressions = must(services.clinical.suppressions.listFor(user.userId, input.patientId));
    const signed = must(signOrderSet({ store: services.store, patientId: input.patientId, drafts, overrides, userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: { uuid: services.uuid }, suppressions }));
    // The orders are queued already; a failure to remember the override must not fail the sign.
    const kept = services.clinical.suppressions.upsert(signed.suppressions);
    if (!kept.ok) console.warn('cds suppressions not stored', kept.error.code);
    services.sync.kick();
    return { orderIds: signed.orders.map((o) => o.id ?? ''), overridden: signed.overrides.length };
  }),

  /** A new dose for an active medication order, queued as an update on the version this store holds. */
  changeDose: clinicalProcedure.input(z.object({ patientId: z.string().uuid(), orderId: z.string().uuid(), dose: z.number().positive().max(100_000) })).mutation(({ ctx, input }) => {
    const { services, user } = ctx;
    if (!mayOrder(user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not change orders'));
    const updated = must(changeDose({ store: services.store, ...input, userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: services.uuid }));
    services.sync.kick();
    return { orderId: updated.id ?? '', text: updated.dosageInstruction?.[0]?.text ?? '' };
  }),

  /** Moves an order through core's status machine (stop, hold, complete, entered-in-error), queued as an update. */
  setStatus: clinicalProcedure.input(z.object({ patientId: z.string().uuid(), orderId: z.string().uuid(), to: z.enum(ORDER_STATUSES), reason: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => {
      const { services, user } = ctx;
      if (!mayOrder(user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not change orders'));
      const moved = must(changeOrderStatus({
        store: services.store, patientId: input.patientId, orderId: input.orderId, to: input.to, ...(input.reason === undefined ? {} : { reason: input.reason }),
        userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: services.uuid,
      }));
      services.sync.kick();
      return { orderId: moved.id ?? '', status: moved.status };
    }),
});
