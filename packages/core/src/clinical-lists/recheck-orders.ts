/**
 * "Adding an allergy re-checks the patient's active orders": the drug-allergy
 * rule runs with the patient's active medications as the orders under review and the new allergy
 * in the context. Cards name the active order (`lantern.draftOrder`); their "cancel" suggestions
 * mean stopping that order (orders/order-status.ts `transitionOrder(..., 'stopped')`), which the
 * caller offers instead of deleting a draft.
 */
import type { AllergyIntolerance } from '../fhir/types.ts';
import { evaluate } from '../cds/evaluate.ts';
import { defaultKnowledgeBase, type KnowledgeBase } from '../cds/knowledge-base.ts';
import type { Card, PatientContext } from '../cds/types.ts';
import type { LanternError } from '../errors.ts';
import { ok, type Result } from '../result.ts';

export function recheckActiveOrders(context: PatientContext, allergy: AllergyIntolerance, now: string, kb: KnowledgeBase = defaultKnowledgeBase()): Result<Card[], LanternError> {
  if (context.activeMedications.length === 0) return ok([]);
  const r = evaluate({
    hook: 'order-sign', now,
    context: { ...context, activeMedications: [], allergies: [...context.allergies.filter((a) => a.id !== allergy.id), allergy] },
    draftOrders: context.activeMedications,
  }, kb);
  return r.ok ? ok(r.value.filter((c) => c.extension['lantern.rule'] === 'drug-allergy')) : r;
}
