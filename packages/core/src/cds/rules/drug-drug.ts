/**
 * Drug-drug interactions at ingredient and class level, from the precomputed pair table. Every
 * ingredient of every draft is checked against every ingredient of every other active or draft
 * order; one card per order pair and knowledge-base entry, the most severe entry first.
 */
import { buildCard, withSentences } from '../card.ts';
import type { ResolvedMedication } from '../medication.ts';
import type { PairHit } from '../knowledge-base.ts';
import { reportPairOn, writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

export function drugDrugRule(ctx: RuleContext): Card[] {
  const cards: Card[] = [];
  const criticalOnly = ctx.criticalOnly === true;
  for (const d of ctx.targetMeds) {
    for (const m of ctx.meds) {
      if (m === d || !reportPairOn(d, m, ctx.targetMeds)) continue;
      // The most severe entry per ingredient pair; then one card per entry for this order pair.
      // (Allocated only on a hit: most order pairs do not interact.)
      let best: { hits: readonly PairHit[]; a: string; b: string }[] | null = null;
      for (const a of d.ingredients) {
        // The ingredient's row of the pair table: no key string per pair (knowledge-base.ts).
        const row = ctx.kb.pairsByRxcui.get(a.rxcui);
        if (row === undefined) continue;
        for (const b of m.ingredients) {
          if (a.rxcui === b.rxcui) continue;
          const hits = row.get(b.rxcui);
          const top = hits?.[0];
          if (hits === undefined || top === undefined || (criticalOnly && top.interaction.severity !== 'critical')) continue;
          best ??= [];
          if (!best.some((x) => x.hits[0]?.interaction.id === top.interaction.id)) best.push({ hits, a: a.rxcui, b: b.rxcui });
        }
      }
      if (best === null) continue;
      for (const { hits, a, b } of best) {
        const hit = hits[0];
        if (hit === undefined) continue;
        const x = hit.interaction;
        cards.push(buildCard({
          rule: 'drug-drug',
          kbEntry: x.id,
          kbVersion: ctx.kb.version,
          indicator: x.severity,
          summary: writesBody(ctx, x.severity) ? `${cap(ctx.kb.ingredients.get(a)?.name ?? a)} + ${ctx.kb.ingredients.get(b)?.name ?? b}: ${x.effect}` : '',
          detail: writesBody(ctx, x.severity) ? interactionDetail(d.label, m, hits) : '',
          source: x.source,
          draft: d.resource,
          related: [m.ref],
          pair: true,
          subject: [a, b],
          // A re-check of a suggestion only asks whether a card is critical: no suggestions of its own.
          alternatives: !criticalOnly && ctx.suggestions !== false && (hit.objectRxcui === a) === (x.alternativesReplace === 'object') ? withSentences(x.alternatives, ctx.kb) : [],
        }, ctx));
      }
    }
  }
  return cards;
}

/** The card's detail: the pair's most severe entry, and the other entries listed for it. */
function interactionDetail(draftLabel: string, m: ResolvedMedication, hits: readonly PairHit[]): string {
  const x = hits[0]?.interaction;
  if (x === undefined) return '';
  let others = '';
  for (let k = 1; k < hits.length; k++) others += `\n- ${hits[k]?.interaction.effect ?? ''} (${hits[k]?.interaction.id ?? ''})`;
  const where = m.draft ? 'another draft order' : 'an active medication';
  // One template, not an array joined: the engine builds the text once, on the sign path.
  return `**${draftLabel}** interacts with **${m.label}** (${where}).\n\n${x.object.label} + ${x.precipitant.label}: ${x.effect}.\n\n${x.management}${
    others === '' ? '' : `\n\nAlso listed for this pair:${others}`}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
