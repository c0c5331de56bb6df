/**
 * Therapeutic duplication: the same ingredient in two orders, or two members of one duplication
 * class (two statins). A draft that renews an active order (`priorPrescription`) is not a duplicate.
 */
import { buildCard } from '../card.ts';
import { reportPairOn, writesBody, type RuleContext } from '../rule-context.ts';
import type { Card, Indicator } from '../types.ts';
import { FORMULARY } from '../kb/citations.ts';

interface Finding { entry: string; indicator: Indicator; what: string; subject: string[]; source: typeof FORMULARY }

/** Adds or replaces the finding for an entry, keeping first-found order (one card per entry). */
function note(found: Finding[], f: Finding): void {
  const at = found.findIndex((x) => x.entry === f.entry);
  if (at >= 0) found[at] = f;
  else found.push(f);
}

export function duplicationRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const criticalOnly = ctx.criticalOnly === true;
  const cards: Card[] = [];
  // Indexed loops: this runs for every draft against every order on each sign (no iterator objects).
  for (let di = 0; di < ctx.targetMeds.length; di++) {
    const d = ctx.targetMeds[di];
    if (d === undefined) continue;
    const prior = d.resource.priorPrescription?.reference;
    for (let mi = 0; mi < ctx.meds.length; mi++) {
      const m = ctx.meds[mi];
      if (m === undefined || m === d || m.ref === prior || !reportPairOn(d, m, ctx.targetMeds)) continue;
      let found: Finding[] | null = null;
      for (let ai = 0; ai < d.ingredients.length; ai++) {
        const a = d.ingredients[ai];
        if (a === undefined) continue;
        // Only the ingredient's duplication classes can match (knowledge-base.ts indexes them).
        const aClasses = kb.duplicationClassIdsByRxcui.get(a.rxcui);
        for (let bi = 0; bi < m.ingredients.length; bi++) {
          const b = m.ingredients[bi];
          if (b === undefined) continue;
          if (a.rxcui === b.rxcui) {
            if (criticalOnly) continue; // a same-ingredient duplicate is a warning
            found ??= [];
            note(found, { entry: `dup/ingredient/${a.rxcui}`, indicator: 'warning', what: `${a.name} is already ordered`, subject: [a.rxcui], source: FORMULARY });
            continue;
          }
          if (aClasses === undefined) continue;
          const bClasses = kb.duplicationClassIdsByRxcui.get(b.rxcui);
          if (bClasses === undefined) continue;
          for (let ci = 0; ci < aClasses.length; ci++) {
            const c = aClasses[ci];
            const dc = c === undefined ? undefined : kb.duplicationClasses.get(c);
            if (c === undefined || dc === undefined || !bClasses.includes(c) || (criticalOnly && dc.severity !== 'critical')) continue;
            const name = kb.classes.get(c)?.name ?? c;
            found ??= [];
            note(found, { entry: `dup/class/${c}`, indicator: dc.severity, what: `two ${name}: ${a.name} and ${b.name}`, subject: [c, a.rxcui, b.rxcui], source: dc.source });
          }
        }
      }
      if (found === null) continue;
      for (const f of found) {
        const entry = f.entry;
        if (ctx.criticalOnly === true && f.indicator !== 'critical') continue;
        cards.push(buildCard({
          rule: 'duplication',
          kbEntry: entry,
          kbVersion: kb.version,
          indicator: f.indicator,
          summary: writesBody(ctx, f.indicator) ? `Duplicate therapy: ${f.what}` : '',
          detail: writesBody(ctx, f.indicator) ? `**${d.label}** duplicates **${m.label}** (${m.draft ? 'another draft order' : 'an active medication'}).\n\nStop one, or confirm both are intended (e.g. a planned switch).` : '',
          source: f.source,
          draft: d.resource,
          related: [m.ref],
          pair: true,
          subject: f.subject,
        }, ctx));
      }
    }
  }
  return cards;
}
