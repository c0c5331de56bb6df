/**
 * Therapeutic duplication: the same ingredient in two orders, or two members of one duplication
 * class (two statins). A draft that renews an active order (`priorPrescription`) is not a duplicate.
 */
import { buildCard } from '../card.ts';
import { reportPairOn, type RuleContext } from '../rule-context.ts';
import type { Card, Indicator } from '../types.ts';
import { FORMULARY } from '../kb/citations.ts';

export function duplicationRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    const prior = d.resource.priorPrescription?.reference;
    for (const m of ctx.meds) {
      if (m === d || m.ref === prior || !reportPairOn(d, m, ctx.targetMeds)) continue;
      let found: Map<string, { indicator: Indicator; what: string; subject: string[]; source: typeof FORMULARY }> | null = null;
      for (const a of d.ingredients) {
        for (const b of m.ingredients) {
          if (a.rxcui === b.rxcui) {
            found ??= new Map();
            found.set(`dup/ingredient/${a.rxcui}`, { indicator: 'warning', what: `${a.name} is already ordered`, subject: [a.rxcui], source: FORMULARY });
            continue;
          }
          const bClasses = kb.ingredients.get(b.rxcui)?.classes ?? [];
          for (const c of kb.ingredients.get(a.rxcui)?.classes ?? []) {
            const dc = kb.duplicationClasses.get(c);
            if (dc === undefined || !bClasses.includes(c)) continue;
            const name = kb.classes.get(c)?.name ?? c;
            found ??= new Map();
            found.set(`dup/class/${c}`, { indicator: dc.severity, what: `two ${name}: ${a.name} and ${b.name}`, subject: [c, a.rxcui, b.rxcui], source: dc.source });
          }
        }
      }
      for (const [entry, f] of found ?? []) {
        if (ctx.criticalOnly === true && f.indicator !== 'critical') continue;
        cards.push(buildCard({
          rule: 'duplication',
          kbEntry: entry,
          kbVersion: kb.version,
          indicator: f.indicator,
          summary: `Duplicate therapy: ${f.what}`,
          detail: [`**${d.label}** duplicates **${m.label}** (${m.draft ? 'another draft order' : 'an active medication'}).`, '', 'Stop one, or confirm both are intended (e.g. a planned switch).'].join('\n'),
          source: f.source,
          draft: d.resource,
          related: [m.ref],
          subject: f.subject,
        }));
      }
    }
  }
  return cards;
}
