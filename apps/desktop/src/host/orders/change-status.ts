/**
 * Order status on the workstation: core's status machine decides the
 * move (transitionOrder: e.g. active -> on-hold | completed | stopped; a reason where required), and
 * the new version is queued as an update on the version this store holds. Status is safety-critical,
 * so a concurrent change elsewhere becomes a conflict, never a silent overwrite. A medication order
 * made active again changes what the patient receives: that goes through the sign flow
 * (orders.previewChange / orders.signChange), never through here.
 */
import { LanternError, err, newMutation, ok, type Result } from '@lantern/core';
import { transitionOrder, type Order, type OrderStatus } from '@lantern/core/orders';
import type { WritableStore } from '../store/local-store.ts';

export interface ChangeStatusInput {
  store: WritableStore;
  patientId: string;
  orderId: string;
  to: OrderStatus;
  reason?: string;
  userId: string;
  deviceId: string;
  now: Date;
  uuid: () => string;
  /** The policy's field-level decision on this write (router/queue-write.ts authorizeLocalWrite); throws to refuse. */
  authorize?: (before: Order, after: Order) => void;
}

export function changeOrderStatus(i: ChangeStatusInput): Result<Order, LanternError> {
  const got = i.store.getResource(i.orderId);
  if (!got.ok) return got;
  const order = got.value;
  if ((order?.resourceType !== 'MedicationRequest' && order?.resourceType !== 'ServiceRequest') || order.subject?.reference !== `Patient/${i.patientId}`) {
    return err(new LanternError('NOT_FOUND', 'No such order for this patient'));
  }
  const moved = transitionOrder<Order>(order, { to: i.to, ...(i.reason === undefined ? {} : { reason: i.reason }) });
  if (!moved.ok) return moved;
  if (order.resourceType === 'MedicationRequest' && i.to === 'active') {
    return err(new LanternError('PRECONDITION_REQUIRED', 'Making a medication order active again must be checked and signed', { issues: [{ path: 'to', message: 'use the re-activation sign flow' }] }));
  }
  i.authorize?.(order, moved.value);
  // Based on the version this store holds (the order before the move).
  const m = newMutation({ mutationId: i.uuid(), deviceId: i.deviceId, userId: i.userId, createdAt: i.now, patientId: i.patientId, op: 'update', resource: moved.value, baseVersion: order.meta?.versionId ?? null });
  if (!m.ok) return m;
  const queued = i.store.applyLocalMutation(m.value);
  return queued.ok ? ok(moved.value) : queued;
}
