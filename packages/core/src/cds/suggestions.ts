/**
 * Suggestions are complete orders that are safe to accept in one click
 * (https://cds-hooks.hl7.org/2.0/#suggestion): each "use X instead" suggestion carries a full dose
 * sentence (card.ts), is re-checked by the same rules before it is shown (a suggestion that itself
 * raises a critical or hard-stop card is dropped), and never duplicates an order the patient
 * already has: when the alternative is already ordered, the suggestion becomes "stop this order".
 */
import { resolveMedication, type ResolvedMedication } from './medication.ts';
import type { Rule, RuleContext } from './rule-context.ts';
import { deterministicUuid } from './hash.ts';
import type { Card, CardSuggestion } from './types.ts';

/** The rules a replacement order must pass (coverage cannot fire: the alternative is in the knowledge base). */
export function recheckSuggestions(cards: readonly Card[], ctx: RuleContext, rules: readonly Rule[]): Card[] {
  // Several cards on one draft often offer the same alternative: check each (draft, drug, dose) once.
  const verdicts = new Map<string, boolean>();
  return cards.map((card) => {
    if (!card.suggestions.some((s) => s.actions.some((a) => a.type === 'create'))) return card;
    const draftRef = card.extension['lantern.draftOrder'];
    const suggestions: CardSuggestion[] = [];
    let stopOffered = false;
    for (const s of card.suggestions) {
      const create = s.actions.find((a) => a.type === 'create');
      const resource = create?.resource;
      if (resource === undefined || resource.resourceType !== 'MedicationRequest') {
        suggestions.push(s);
        continue;
      }
      const replacement: ResolvedMedication = { ...resolveMedication(resource, ctx.kb, ctx.input.context.weightKg), draft: true };
      const already = ctx.meds.find((m) => m.ref !== draftRef
        && m.ingredients.some((i) => replacement.ingredients.some((r) => r.rxcui === i.rxcui)));
      if (already !== undefined) {
        if (stopOffered) continue;
        stopOffered = true;
        suggestions.push({
          label: `Stop this order: ${replacement.label} is already ordered (${already.ref})`,
          uuid: deterministicUuid([s.uuid, 'stop']),
          isRecommended: s.isRecommended ?? false,
          actions: [{ type: 'delete', description: `Remove the order (${draftRef}); ${already.label} is already ordered`, resourceId: draftRef }],
        });
        continue;
      }
      const key = `${draftRef}|${replacement.ingredients.map((i) => i.rxcui).join('+')}|${replacement.doseKey}`;
      let unsafe = verdicts.get(key);
      if (unsafe === undefined) {
        const meds = [...ctx.meds.filter((m) => m.ref !== draftRef), replacement];
        const sub: RuleContext = { ...ctx, meds, targetMeds: [replacement], targetServices: [], draftServices: ctx.draftServices, criticalOnly: true };
        unsafe = rules.some((rule) => rule(sub).some((c) => c.indicator === 'critical'));
        verdicts.set(key, unsafe);
      }
      if (!unsafe) suggestions.push(s);
    }
    return { ...card, suggestions };
  });
}
