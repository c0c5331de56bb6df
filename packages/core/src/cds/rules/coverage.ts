/**
 * Coverage: a draft medication whose codes the knowledge base cannot resolve to any ingredient
 * gets no interaction, allergy, dose, renal or age checks. Saying so (info) is safer than silence:
 * the prescriber knows to check it by hand.
 */
import { buildCard } from '../card.ts';
import { RXNORM } from '../kb/citations.ts';
import { writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

export function coverageRule(ctx: RuleContext): Card[] {
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    if (d.ingredients.length > 0) continue;
    const codes = d.unknownCodes.length > 0 ? `RxNorm ${d.unknownCodes.join(', ')}` : 'no RxNorm code';
    cards.push(buildCard({
      rule: 'coverage',
      kbEntry: 'coverage/unresolved-medication',
      kbVersion: ctx.kb.version,
      indicator: 'info',
      summary: writesBody(ctx, 'info') ? `Not checked by CDS: ${d.label} (${codes}) is not in the knowledge base` : '',
      detail: writesBody(ctx, 'info') ? [
        `**${d.label}** could not be resolved to ingredients (${codes}), so Lantern did not check it for interactions, allergies, dose, kidney function, age or duplication.`,
        '',
        'Check this order by hand, or order it by an RxNorm ingredient or clinical drug code.',
      ].join('\n') : '',
      source: RXNORM,
      draft: d.resource,
      related: [],
      subject: d.unknownCodes.length > 0 ? [...d.unknownCodes] : ['no-code'],
    }, ctx));
  }
  return cards;
}
