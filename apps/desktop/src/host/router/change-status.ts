/**
 * Order status on the workstation (issue 6, Orders: "order status"): core's status machine decides the
 * move (transitionOrder: e.g. active -> on-hold | completed | stopped; a reason where required), and
 * the new version is queued as an update on the version this store holds. Status is safety-critical,
 * so a concurrent change elsewhere becomes a conflict, never a silent overwrite.
 */
import {
  LanternError, asDeviceId, asMutationId, asPatientId, asUserId, err, ok, type Mutation, type Result,
} from '@lantern/core';
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
  const m: Mutation = {
    mutationId: asMutationId(i.uuid()), deviceId: asDeviceId(i.deviceId), userId: asUserId(i.userId),
    resourceType: order.resourceType, resourceId: i.orderId as Mutation['resourceId'], patientId: asPatientId(i.patientId),
    op: 'update', baseVersion: order.meta?.versionId ?? null, resource: moved.value as unknown as Mutation['resource'], createdAt: i.now.toISOString(),
  };
  const queued = i.store.applyLocalMutation(m);
  return queued.ok ? ok(moved.value) : queued;
}
