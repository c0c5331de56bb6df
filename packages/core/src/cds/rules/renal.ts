/**
 * Renal: contraindication or dose adjustment from the latest eGFR, or a Cockcroft-Gault CrCl where
 * the label doses by creatinine clearance (with the body weight the entry names). A band with a
 * daily maximum stays silent when the ordered daily dose is already within it; a dose above the
 * band's maximum is at least a warning, and a contraindicated band is always critical.
 */
import { buildCard } from '../card.ts';
import { estimateCrcl, estimateEgfr, type CrclWeight, type RenalEstimate } from '../renal-function.ts';
import { mg, writesBody, type RuleContext } from '../rule-context.ts';
import { INDICATOR_RANK, type Card, type Indicator } from '../types.ts';

export function renalRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const cards: Card[] = [];
  for (const d of ctx.targetMeds) {
    for (const ing of d.ingredients) {
      for (const rule of kb.renalByRxcui.get(ing.rxcui) ?? []) {
        const est = rule.measure === 'egfr' ? estimate(ctx, 'egfr', 'actual') : estimate(ctx, 'crcl', rule.bodyWeight);
        if (est === null) continue;
        const band = rule.bands.find((b) => est.value < b.below);
        if (band === undefined) continue;
        const daily = ing.mgPerDose === null ? null : ing.mgPerDose * (d.dosesPerDay ?? 1);
        const withinBand = band.maxDailyMg !== undefined && daily !== null && daily <= band.maxDailyMg
          && (band.action === 'reduce-dose' || band.action === 'monitor');
        if (withinBand) continue;
        const overBand = band.maxDailyMg !== undefined && daily !== null && daily > band.maxDailyMg;
        const indicator: Indicator = band.action === 'contraindicated' ? 'critical'
          : overBand && INDICATOR_RANK[band.severity] < INDICATOR_RANK.warning ? 'warning' : band.severity;
        if (ctx.criticalOnly === true && indicator !== 'critical') continue;
        cards.push(buildCard({
          rule: 'renal',
          kbEntry: `${rule.id}#<${band.below}`,
          kbVersion: kb.version,
          indicator,
          summary: writesBody(ctx, indicator) ? `${cap(ing.name)}: ${labelOf(rule.measure)} ${mg(est.value)} - ${band.action.replace('-', ' ')}` : '',
          detail: writesBody(ctx, indicator) ? [
            `**${d.label}** with ${labelOf(rule.measure)} **${mg(est.value)} ${rule.measure === 'egfr' ? 'mL/min/1.73m2' : 'mL/min'}** (${est.method}, ${est.effective || 'date unknown'}).`,
            '',
            band.text,
            ...(band.maxDailyMg !== undefined ? ['', `Ordered: ${daily === null ? 'dose not convertible to mg' : `${mg(daily)} mg/day`}; maximum in this band ${mg(band.maxDailyMg)} mg/day.`] : []),
          ].join('\n') : '',
          source: rule.source,
          draft: d.resource,
          related: est.refs,
          subject: [ing.rxcui, String(band.below)],
          doseKey: d.doseKey,
        }, ctx));
      }
    }
  }
  return cards;
}

const labelOf = (measure: 'egfr' | 'crcl'): string => (measure === 'egfr' ? 'eGFR' : 'CrCl');

/**
 * The chart's kidney function by this measure, computed once per chart (the memo is the chart's:
 * prepared-chart.ts) and only when an order has a renal rule (most have none).
 */
function estimate(ctx: RuleContext, measure: 'egfr' | 'crcl', bodyWeight: CrclWeight): RenalEstimate | null {
  const key = measure === 'egfr' ? 'egfr' : `crcl:${bodyWeight}`;
  const memo = (ctx.memo.renal ??= new Map());
  let est = memo.get(key);
  if (est === undefined) {
    est = measure === 'egfr' ? estimateEgfr(ctx.input.context) : estimateCrcl(ctx.input.context, bodyWeight);
    memo.set(key, est);
  }
  return est;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
