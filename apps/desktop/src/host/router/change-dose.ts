/**
 * Changing the dose of an active medication order on the workstation (offline too): a new version of
 * the MedicationRequest, based on the version this store holds, queued as an update. Dose is a
 * safety-critical field, so if the server's copy moved on meanwhile the server keeps its state and
 * records a conflict for the clinician (ARCHITECTURE.md, Sync protocol).
 */
import {
  LanternError, asDeviceId, asMutationId, asPatientId, asUserId, err, ok, type MedicationRequest, type Mutation, type Result,
} from '@lantern/core';
import type { WritableStore } from '../store/local-store.ts';

export interface ChangeDoseInput {
  store: WritableStore;
  patientId: string;
  orderId: string;
  dose: number;
  userId: string;
  deviceId: string;
  now: Date;
  uuid: () => string;
}

export function changeDose(i: ChangeDoseInput): Result<MedicationRequest, LanternError> {
  const got = i.store.getResource(i.orderId);
  if (!got.ok) return got;
  const order = got.value;
  if (order?.resourceType !== 'MedicationRequest' || order.subject?.reference !== `Patient/${i.patientId}`) return err(new LanternError('NOT_FOUND', 'No such medication order for this patient'));
  if (order.status !== 'active') return err(new LanternError('CONFLICT', 'Only an active order can have its dose changed'));
  const [first, ...rest] = order.dosageInstruction ?? [];
  const quantity = first?.doseAndRate?.[0]?.doseQuantity;
  if (first === undefined || quantity === undefined) return err(new LanternError('BAD_INPUT', 'This order has no structured dose to change'));
  const oldValue = quantity.value;
  const doseText = (t: string | undefined) => (t === undefined || oldValue === undefined ? t : t.replace(new RegExp(`\\b${String(oldValue).replace('.', '\\.')}\\b`), String(i.dose)));
  const newText = doseText(first.text);
  const updated: MedicationRequest = {
    ...order,
    dosageInstruction: [{ ...first, ...(newText === undefined ? {} : { text: newText }), doseAndRate: [{ ...first.doseAndRate?.[0], doseQuantity: { ...quantity, value: i.dose } }] }, ...rest],
  };
  const m: Mutation = {
    mutationId: asMutationId(i.uuid()), deviceId: asDeviceId(i.deviceId), userId: asUserId(i.userId),
    resourceType: 'MedicationRequest', resourceId: i.orderId as Mutation['resourceId'], patientId: asPatientId(i.patientId),
    op: 'update', baseVersion: order.meta?.versionId ?? null, resource: updated as unknown as Mutation['resource'], createdAt: i.now.toISOString(),
  };
  const queued = i.store.applyLocalMutation(m);
  return queued.ok ? ok(updated) : queued;
}
