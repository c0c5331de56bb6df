/** Age: contraindications and cautions by age, e.g. codeine and tramadol under 12 (FDA 2017). */
import { buildCard } from '../card.ts';
import { writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

export function ageRule(ctx: RuleContext): Card[] {
  const age = ctx.input.context.ageYears;
  if (!Number.isFinite(age)) return [];
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    const done = new Set<string>();
    for (const ing of d.ingredients) {
      for (const r of ctx.kb.ageByRxcui.get(ing.rxcui) ?? []) {
        if (done.has(r.id) || (ctx.criticalOnly === true && r.severity !== 'critical')) continue;
        const applies = (r.belowYears === undefined || age < r.belowYears) && (r.atOrAboveYears === undefined || age >= r.atOrAboveYears);
        if (!applies) continue;
        done.add(r.id);
        cards.push(buildCard({
          rule: 'age',
          kbEntry: r.id,
          kbVersion: ctx.kb.version,
          indicator: r.severity,
          summary: writesBody(ctx, r.severity) ? `${ing.name.charAt(0).toUpperCase()}${ing.name.slice(1)} at age ${age}: ${r.effect}` : '',
          detail: writesBody(ctx, r.severity) ? [`**${d.label}** for a patient aged **${age} years**.`, '', r.management].join('\n') : '',
          source: r.source,
          draft: d.resource,
          related: [],
          subject: [ing.rxcui],
        }, ctx));
      }
    }
  }
  return cards;
}
