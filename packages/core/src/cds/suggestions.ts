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
  // The patient's other orders as each draft's replacement would sit among them (built once per draft).
  const othersOf = new Map<string, ResolvedMedication[]>();
  return cards.map((card) => {
    if (!card.suggestions.some(createsOrder)) return card;
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
      const replacement = resolveMedication(resource, ctx.kb, ctx.input.context.weightKg, true, true);
      const already = alreadyOrdered(ctx.meds, draftRef, replacement);
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
        let others = othersOf.get(draftRef);
        if (others === undefined) {
          others = ctx.meds.filter((m) => m.ref !== draftRef);
          othersOf.set(draftRef, others);
        }
        const meds = [...others, replacement];
        const sub: RuleContext = { ...ctx, meds, targetMeds: [replacement], targetServices: [], draftServices: ctx.draftServices, criticalOnly: true, withIngredient: undefined };
        unsafe = rules.some((rule) => rule(sub).some(isCritical));
        verdicts.set(key, unsafe);
      }
      if (!unsafe) suggestions.push(s);
    }
    // Every suggestion kept as it was: the card stands unchanged (no copy).
    if (suggestions.length === card.suggestions.length && suggestions.every((s, i) => s === card.suggestions[i])) return card;
    return { ...card, suggestions };
  });
}

const createsOrder = (s: CardSuggestion): boolean => s.actions.some((a) => a.type === 'create');
const isCritical = (c: Card): boolean => c.indicator === 'critical';

/** Another order (not the draft being replaced) that already gives one of the replacement's ingredients. */
function alreadyOrdered(meds: readonly ResolvedMedication[], draftRef: string, replacement: ResolvedMedication): ResolvedMedication | undefined {
  for (const m of meds) {
    if (m.ref === draftRef) continue;
    for (const i of m.ingredients) {
      for (const r of replacement.ingredients) if (r.rxcui === i.rxcui) return m;
    }
  }
  return undefined;
}
