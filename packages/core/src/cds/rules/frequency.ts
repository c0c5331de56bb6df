/**
 * Frequency: drugs dosed weekly, monthly or on set days (and others with a narrow usual frequency)
 * ordered more often than the label allows. Methotrexate taken daily instead of weekly is a
 * recurring fatal error (ISMP); a weekly bisphosphonate strength taken daily ulcerates the
 * oesophagus. Orders with no frequency are not judged here (dose-range counts them once daily).
 */
import { buildCard } from '../card.ts';
import { mg, writesBody, type RuleContext } from '../rule-context.ts';
import type { Card } from '../types.ts';

/** Doses per week, to two decimals, in words a prescriber reads. */
const perWeek = (dosesPerDay: number): string => {
  const w = dosesPerDay * 7;
  return w >= 7 ? `${mg(dosesPerDay)} dose(s) a day` : `${mg(w)} dose(s) a week`;
};

export function frequencyRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    if (d.dosesPerDay === null) continue;
    for (const ing of d.ingredients) {
      for (const rule of kb.frequencyByRxcui.get(ing.rxcui) ?? []) {
        if (ctx.criticalOnly === true && rule.severity !== 'critical') continue;
        if (rule.minSingleMg !== undefined && (ing.mgPerDose === null || ing.mgPerDose < rule.minSingleMg)) continue;
        if (rule.maxSingleMg !== undefined && (ing.mgPerDose === null || ing.mgPerDose > rule.maxSingleMg)) continue;
        // A small tolerance: "every 4 weeks" for a monthly drug is 7/28 a week, not an error.
        if (d.dosesPerDay * 7 <= rule.maxDosesPerWeek * 1.1 + 1e-9) continue;
        cards.push(buildCard({
          rule: 'frequency',
          kbEntry: rule.id,
          kbVersion: kb.version,
          indicator: rule.severity,
          summary: writesBody(ctx, rule.severity) ? `${cap(ing.name)} ordered ${perWeek(d.dosesPerDay)}: usual frequency is ${rule.usual}` : '',
          detail: writesBody(ctx, rule.severity) ? [
            `**${d.label}**${ing.mgPerDose === null ? '' : ` ${mg(ing.mgPerDose)} mg`} is ordered **${perWeek(d.dosesPerDay)}**; the label gives it **${rule.usual}**.`,
            '',
            rule.text,
          ].join('\n') : '',
          source: rule.source,
          draft: d.resource,
          related: [],
          subject: [ing.rxcui, rule.id],
          doseKey: d.doseKey,
        }, ctx));
      }
    }
  }
  return cards;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
