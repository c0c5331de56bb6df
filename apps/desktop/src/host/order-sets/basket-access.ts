/**
 * Who may keep a draft basket for a patient, decided with core's access policy like every other host
 * procedure (ARCHITECTURE.md: minimum necessary; HIPAA 164.502(b), 164.312(a)(1)). On a shared
 * workstation the store holds other users' patients, so the patient's presence in the store says
 * nothing: the signed-in user's scope does, and an unknown scope refuses (patient-access.ts).
 * A basket is a clinician's intended new orders: besides reading the patient's medications, the
 * user must be allowed to create each order type for this patient. Break-glass never grants a write
 * (core/policy/access.ts), so an emergency reader cannot draft orders. Denials are audited;
 * keeping or dropping one's own basket reads no chart data, so a success records nothing.
 */
import { LanternError, canSignOrders, decideAccess } from '@lantern/core';
import { requireRead, type PatientAccessContext } from '../api/patient-access.ts';
import { toTrpcError } from '../api/trpc.ts';

export type BasketOrderType = 'MedicationRequest' | 'ServiceRequest';

/** Throws FORBIDDEN unless the user may order for the patient and create every order type in the basket. */
export async function requireBasketAccess(ctx: PatientAccessContext, patientId: string, types: readonly BasketOrderType[]): Promise<void> {
  if (!canSignOrders(ctx.user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not order for a patient'));
  const access = await requireRead(ctx, patientId, 'MedicationRequest', 'orders');
  for (const resourceType of new Set(types)) {
    const decision = decideAccess({ role: ctx.user.role, resourceType, action: 'create', relation: access.relation, breakGlass: access.breakGlass });
    if (!decision.allowed) {
      await ctx.services.audit.record({ userId: ctx.user.userId, action: 'access-denied', outcome: 'denied', patientId, resourceType, detail: { relation: access.relation, action: 'create' } });
      throw toTrpcError(new LanternError('FORBIDDEN', 'You may not order for this patient'));
    }
  }
}
