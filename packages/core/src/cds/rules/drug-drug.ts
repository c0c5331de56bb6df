/**
 * Drug-drug interactions at ingredient and class level, from the precomputed pair table. Every
 * ingredient of every draft is checked against every ingredient of every other active or draft
 * order; one card per order pair and knowledge-base entry, the most severe entry first.
 */
import { buildCard, withSentences } from '../card.ts';
import { pairKey, type PairHit } from '../knowledge-base.ts';
import { reportPairOn, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

export function drugDrugRule(ctx: RuleContext): Card[] {
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    for (const m of ctx.meds) {
      if (m === d || !reportPairOn(d, m, ctx.targetMeds)) continue;
      // The most severe entry per ingredient pair; then one card per entry for this order pair.
      // (Allocated only on a hit: most order pairs do not interact.)
      let best: { hit: PairHit; a: string; b: string }[] | null = null;
      for (const a of d.ingredients) {
        for (const b of m.ingredients) {
          if (a.rxcui === b.rxcui) continue;
          const top = ctx.kb.pairs.get(pairKey(a.rxcui, b.rxcui))?.[0];
          if (top === undefined || (ctx.criticalOnly === true && top.interaction.severity !== 'critical')) continue;
          best ??= [];
          if (!best.some((x) => x.hit.interaction.id === top.interaction.id)) best.push({ hit: top, a: a.rxcui, b: b.rxcui });
        }
      }
      for (const { hit, a, b } of best ?? []) {
        const x = hit.interaction;
        const nameA = ctx.kb.ingredients.get(a)?.name ?? a;
        const nameB = ctx.kb.ingredients.get(b)?.name ?? b;
        const others = (ctx.kb.pairs.get(pairKey(a, b)) ?? []).slice(1).map((h) => `- ${h.interaction.effect} (${h.interaction.id})`);
        const where = m.draft ? 'another draft order' : 'an active medication';
        cards.push(buildCard({
          rule: 'drug-drug',
          kbEntry: x.id,
          kbVersion: ctx.kb.version,
          indicator: x.severity,
          summary: `${cap(nameA)} + ${nameB}: ${x.effect}`,
          detail: [
            `**${d.label}** interacts with **${m.label}** (${where}).`,
            '',
            `${x.object.label} + ${x.precipitant.label}: ${x.effect}.`,
            '',
            x.management,
            ...(others.length > 0 ? ['', 'Also listed for this pair:', ...others] : []),
          ].join('\n'),
          source: x.source,
          draft: d.resource,
          related: [m.ref],
          subject: [a, b],
          alternatives: (hit.objectRxcui === a) === (x.alternativesReplace === 'object') ? withSentences(x.alternatives, ctx.kb) : [],
        }));
      }
    }
  }
  return cards;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
