/**
 * A medication change on the workstation (offline too) as a draft of the same order: a new dose for
 * an active order, or an on-hold order made active again. Nothing is queued here: the draft goes
 * through the same sign flow as a new order (host/orders/sign-order-set.ts: CDS on the changed
 * order, override reasons for critical cards, hard stops, the clinician's password), and is then
 * queued as an update on the version this store holds, so a concurrent change elsewhere becomes a
 * conflict for the clinician (ARCHITECTURE.md, Sync protocol).
 */
import { LanternError, assertNever, err, ok, type MedicationRequest, type Result } from '@lantern/core';
import { changeDosage, transitionOrder, type FrequencyKey, type RouteKey } from '@lantern/core/orders';
import type { ReadableStore } from '../store/local-store.ts';

/** `dosage`: a new dose, route and/or frequency (core changeDosage), signed like a new order. */
export type OrderChangeRequest = { kind: 'dose'; dose: number } | { kind: 'dosage'; dose?: number | undefined; route?: RouteKey | undefined; frequency?: FrequencyKey | undefined } | { kind: 'reactivate' };

export interface ChangeDraft {
  /** The order as this store holds it (its meta.versionId is the base of the update). */
  before: MedicationRequest;
  /** The changed order, same id, status `draft` until signed. */
  draft: MedicationRequest;
}

/** The order with `dose` in place of its structured dose, the sig text following. */
export function withDose(order: MedicationRequest, dose: number): Result<MedicationRequest, LanternError> {
  const [first, ...rest] = order.dosageInstruction ?? [];
  const quantity = first?.doseAndRate?.[0]?.doseQuantity;
  if (first === undefined || quantity === undefined) return err(new LanternError('BAD_INPUT', 'This order has no structured dose to change'));
  const oldValue = quantity.value;
  const doseText = (t: string | undefined) => (t === undefined || oldValue === undefined ? t : t.replace(new RegExp(`\\b${String(oldValue).replace('.', '\\.')}\\b`), String(dose)));
  const newText = doseText(first.text);
  return ok({
    ...order,
    dosageInstruction: [{ ...first, ...(newText === undefined ? {} : { text: newText }), doseAndRate: [{ ...first.doseAndRate?.[0], doseQuantity: { ...quantity, value: dose } }] }, ...rest],
  });
}

export function changeDraft(store: ReadableStore, patientId: string, orderId: string, change: OrderChangeRequest): Result<ChangeDraft, LanternError> {
  const got = store.getResource(orderId);
  if (!got.ok) return got;
  const order = got.value;
  if (order?.resourceType !== 'MedicationRequest' || order.subject?.reference !== `Patient/${patientId}`) return err(new LanternError('NOT_FOUND', 'No such medication order for this patient'));
  switch (change.kind) {
    case 'dose': {
      if (order.status !== 'active') return err(new LanternError('CONFLICT', 'Only an active order can have its dose changed'));
      const changed = withDose(order, change.dose);
      return changed.ok ? ok({ before: order, draft: { ...changed.value, status: 'draft' } }) : changed;
    }
    case 'dosage': {
      if (order.status !== 'active') return err(new LanternError('CONFLICT', 'Only an active order can have its dose, route or frequency changed'));
      const changed = changeDosage(order, {
        ...(change.dose === undefined ? {} : { dose: change.dose }), ...(change.route === undefined ? {} : { route: change.route }),
        ...(change.frequency === undefined ? {} : { frequency: change.frequency }),
      });
      return changed.ok ? ok({ before: order, draft: { ...changed.value, status: 'draft' } }) : changed;
    }
    case 'reactivate': {
      // The status machine decides whether the order may become active again (on-hold -> active).
      const moved = transitionOrder(order, { to: 'active' });
      if (!moved.ok) return moved;
      const { statusReason: _held, ...rest } = moved.value;
      return ok({ before: order, draft: { ...rest, status: 'draft' } });
    }
    default:
      return assertNever(change, 'medication change');
  }
}

