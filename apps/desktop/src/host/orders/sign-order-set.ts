/**
 * Signing an order set on the workstation, offline. The host re-runs the CDS engine itself on sign
 * (it never trusts cards sent by the renderer), refuses while a critical card lacks an override
 * reason (PRECONDITION_REQUIRED, one issue per blocking card), then queues each order as a create
 * mutation and records the cds-override and order-sign audit events in the local chain; they reach
 * the server at the next sync. Returns the suppressions to remember (warning/info overrides) for
 * the caller to keep for alert-fatigue filtering.
 */
import {
  LanternError, asDeviceId, asMutationId, asPatientId, asUserId, err, ok, type Mutation, type Result, type UuidSource,
} from '@lantern/core';
import type { CardOverride, DraftOrder, Suppression } from '@lantern/core/cds';
import { prepareSign, signOrders, type SignedOrders } from '@lantern/core/orders';
import type { WritableStore } from '../store/local-store.ts';
import { patientContextFromStore } from './patient-context.ts';

export interface SignOrderSetInput {
  store: WritableStore;
  patientId: string;
  drafts: readonly DraftOrder[];
  overrides: readonly (CardOverride & { comment?: string })[];
  userId: string;
  deviceId: string;
  now: Date;
  uuid: UuidSource;
  suppressions?: Suppression[];
}

export function signOrderSet(i: SignOrderSetInput): Result<SignedOrders & { suppressions: Suppression[] }, LanternError> {
  for (const d of i.drafts) {
    if (d.subject?.reference !== `Patient/${i.patientId}` || d.status !== 'draft') {
      return err(new LanternError('BAD_INPUT', 'Every order must be a draft for this patient', { issues: [{ path: `drafts.${d.id ?? ''}`, message: 'not a draft for this patient' }] }));
    }
  }
  const context = patientContextFromStore(i.store, i.patientId, i.now);
  if (!context.ok) return context;
  const ctx = { context: context.value, now: i.now.toISOString(), userId: i.userId, deviceId: i.deviceId, ...(i.suppressions === undefined ? {} : { suppressions: i.suppressions }) };
  const cards = prepareSign(i.drafts, ctx);
  if (!cards.ok) return cards;
  const signed = signOrders(i.drafts, cards.value, i.overrides, ctx);
  if (!signed.ok) return signed;
  for (const order of signed.value.orders) {
    const m: Mutation = {
      mutationId: asMutationId(i.uuid.uuid()), deviceId: asDeviceId(i.deviceId), userId: asUserId(i.userId),
      resourceType: order.resourceType, resourceId: order.id as Mutation['resourceId'], patientId: asPatientId(i.patientId),
      op: 'create', baseVersion: null, resource: order as unknown as Mutation['resource'], createdAt: ctx.now,
    };
    const queued = i.store.applyLocalMutation(m);
    if (!queued.ok) return queued;
  }
  const audited = i.store.appendAudit(signed.value.auditEvents);
  if (!audited.ok) return audited;
  const suppressions = signed.value.overrides.filter((o) => cards.value.find((c) => c.uuid === o.auditEvent.detail['cardUuid'])?.indicator !== 'critical').map((o) => o.suppression);
  return ok({ ...signed.value, suppressions });
}
