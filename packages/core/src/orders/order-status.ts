/**
 * Order status as an exhaustive state machine, shared by MedicationRequest
 * (http://hl7.org/fhir/R4/valueset-medicationrequest-status.html) and ServiceRequest
 * (http://hl7.org/fhir/R4/valueset-request-status.html; its `revoked` stands for stopped and cancelled).
 *
 *   draft -> active (signed) | cancelled (discarded)
 *   active -> on-hold | completed | stopped | cancelled (before anything was given or done)
 *   on-hold -> active | stopped | cancelled
 *   any -> entered-in-error (with a reason); completed, stopped, cancelled and entered-in-error are final otherwise.
 */
import type { MedicationRequest, ServiceRequest } from '../fhir/types.ts';
import { LanternError } from '../errors.ts';
import { assertNever, err, ok, type Result } from '../result.ts';

export const ORDER_STATUSES = ['draft', 'active', 'on-hold', 'completed', 'stopped', 'cancelled', 'entered-in-error'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type Order = MedicationRequest | ServiceRequest;

/** Where each status may go (entered-in-error is reachable from everywhere but itself). */
export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  switch (from) {
    case 'draft': return ['active', 'cancelled', 'entered-in-error'];
    case 'active': return ['on-hold', 'completed', 'stopped', 'cancelled', 'entered-in-error'];
    case 'on-hold': return ['active', 'stopped', 'cancelled', 'entered-in-error'];
    case 'completed':
    case 'stopped':
    case 'cancelled': return ['entered-in-error'];
    case 'entered-in-error': return [];
    default: return assertNever(from, 'order status');
  }
}

/** The order's status in the machine's terms (ServiceRequest `revoked` reads as stopped). */
export function orderStatusOf(order: Order): OrderStatus | null {
  const s = order.status;
  if (order.resourceType === 'ServiceRequest' && s === 'revoked') return 'stopped';
  return (ORDER_STATUSES as readonly string[]).includes(s) ? (s as OrderStatus) : null;
}

function fhirStatus(order: Order, to: OrderStatus): string {
  if (order.resourceType === 'ServiceRequest' && (to === 'stopped' || to === 'cancelled')) return 'revoked';
  return to;
}

export interface TransitionInput {
  to: OrderStatus;
  /** Required for stopped, cancelled (after signing) and entered-in-error. */
  reason?: string;
}

/** Moves an order to `to`, or says why it cannot (CONFLICT for a move the machine forbids). */
export function transitionOrder<T extends Order>(order: T, input: TransitionInput): Result<T, LanternError> {
  const from = orderStatusOf(order);
  if (from === null) return err(new LanternError('BAD_INPUT', `Unknown order status ${String(order.status)}`, { issues: [{ path: 'status', message: 'unknown' }] }));
  if (!nextStatuses(from).includes(input.to)) {
    return err(new LanternError('CONFLICT', `An order that is ${from} cannot become ${input.to}`, { issues: [{ path: 'status', message: `allowed: ${nextStatuses(from).join(', ') || 'none'}` }] }));
  }
  const reason = input.reason?.trim() ?? '';
  const needsReason = input.to === 'entered-in-error' || input.to === 'stopped' || (input.to === 'cancelled' && from !== 'draft');
  if (needsReason && reason === '') return err(new LanternError('BAD_INPUT', `A reason is required to mark an order ${input.to}`, { issues: [{ path: 'reason', message: 'required' }] }));
  const status = fhirStatus(order, input.to);
  const withReason = reason === '' ? {} : order.resourceType === 'MedicationRequest' ? { statusReason: { text: reason } } : { note: [...(order.note ?? []), { text: `${input.to}: ${reason}` }] };
  return ok({ ...order, status, ...withReason } as T);
}
