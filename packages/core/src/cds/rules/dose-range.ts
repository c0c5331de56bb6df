/**
 * Dose range: single and daily maxima, adult and pediatric (mg/kg with the patient's weight),
 * summed across every active and draft order of the same ingredient, including combination
 * products (acetaminophen in hydrocodone/acetaminophen plus plain acetaminophen).
 * Over the limit: warning; over twice the limit (a likely decimal or unit error): critical; from ten
 * times the draft's own dose, the hard-stop rule takes over (no override).
 */
import { buildCard } from '../card.ts';
import type { DoseLimit } from '../kb/schema.ts';
import type { ResolvedMedication } from '../medication.ts';
import { mg, writesBody, type RuleContext } from '../rule-context.ts';
import type { Card, Indicator } from '../types.ts';

export interface Limits { single: number | null; daily: number | null; basis: string }

export function limitsFor(d: DoseLimit, ageYears: number, weightKg: number | null): Limits {
  if (ageYears < 18) {
    const p = d.pediatric;
    const w = weightKg;
    const perKgSingle = p?.maxSingleMgPerKg !== undefined && w !== null ? p.maxSingleMgPerKg * w : null;
    const perKgDaily = p?.maxDailyMgPerKg !== undefined && w !== null ? p.maxDailyMgPerKg * w : null;
    const basis = w !== null && (perKgSingle !== null || perKgDaily !== null)
      ? `pediatric limit for ${mg(w)} kg${p?.maxSingleMgPerKg !== undefined ? `, ${p.maxSingleMgPerKg} mg/kg/dose` : ''}${p?.maxDailyMgPerKg !== undefined ? `, ${p.maxDailyMgPerKg} mg/kg/day` : ''}`
      : 'pediatric limit (no weight recorded: absolute caps only)';
    return {
      single: min(perKgSingle, p?.maxSingleMg, d.adult?.maxSingleMg),
      daily: min(perKgDaily, p?.maxDailyMg, d.adult?.maxDailyMg),
      basis,
    };
  }
  const older = d.olderAdult !== undefined && ageYears >= d.olderAdult.fromAgeYears ? d.olderAdult : undefined;
  return {
    single: min(d.adult?.maxSingleMg, older?.maxSingleMg),
    daily: min(d.adult?.maxDailyMg, older?.maxDailyMg),
    basis: older !== undefined ? `limit from age ${older.fromAgeYears}` : 'adult limit',
  };
}

/** The smallest finite limit of those given, or null when none is set. */
function min(a: number | undefined | null, b: number | undefined | null, c: number | undefined | null = null): number | null {
  return lower(lower(lower(null, a), b), c);
}
const lower = (out: number | null, x: number | undefined | null): number | null =>
  typeof x === 'number' && Number.isFinite(x) && (out === null || x < out) ? x : out;

/** The factor of the maximum from which a dose is treated as an error (a hard stop), not a clinical choice. */
export const HARD_STOP_FACTOR = 10;

/** Whether one order's own single or daily dose is at or above ten times the limit (hard-stop.ts says so). */
export function tenfold(mgPerDose: number, dosesPerDay: number | null, lim: Limits): { single: boolean; daily: boolean } {
  return {
    single: lim.single !== null && mgPerDose >= HARD_STOP_FACTOR * lim.single,
    daily: lim.daily !== null && mgPerDose * (dosesPerDay ?? 1) >= HARD_STOP_FACTOR * lim.daily,
  };
}

export function doseRangeRule(ctx: RuleContext): Card[] {
  const { kb } = ctx;
  const { weightKg } = ctx.input.context;
  // Unknown age: adult limits still catch gross overdoses; mg/kg needs an age to apply.
  const ageYears = Number.isFinite(ctx.input.context.ageYears) ? ctx.input.context.ageYears : 18;
  const cards: Card[] = [];
  const seen = new Set<string>();
  for (const d of ctx.targetMeds) {
    for (const ing of d.ingredients) {
      const limit = kb.doseByRxcui.get(ing.rxcui);
      if (limit === undefined || seen.has(ing.rxcui)) continue;
      seen.add(ing.rxcui);
      const lim = limitsFor(limit, ageYears, weightKg);
      // The draft's own dose is ten times the limit or more: the hard stop says it, with no override.
      const t = ing.mgPerDose === null ? null : tenfold(ing.mgPerDose, d.dosesPerDay, lim);
      if (t !== null && (t.single || t.daily)) continue;
      // Sum first; the per-order lines of the card are written only when there is a finding.
      let daily = 0;
      let maxSingle = 0;
      const holding = ctx.withIngredient?.(ing.rxcui) ?? ctx.meds;
      for (const m of holding) {
        const perDose = mgOf(m, ing.rxcui);
        if (perDose === undefined || perDose === null) continue;
        daily += perDose * (m.dosesPerDay ?? 1);
        maxSingle = Math.max(maxSingle, perDose);
      }
      const findings: { kind: 'single' | 'daily'; value: number; max: number }[] = [];
      if (lim.single !== null && maxSingle > lim.single && (ctx.criticalOnly !== true || critical(maxSingle, lim.single))) findings.push({ kind: 'single', value: maxSingle, max: lim.single });
      if (lim.daily !== null && daily > lim.daily && (ctx.criticalOnly !== true || critical(daily, lim.daily))) findings.push({ kind: 'daily', value: daily, max: lim.daily });
      if (findings.length === 0) continue;
      const orders = holding.filter((m) => mgOf(m, ing.rxcui) !== undefined);
      const lines: string[] = [];
      const uncounted: string[] = [];
      const written = findings.some((f) => writesBody(ctx, critical(f.value, f.max) ? 'critical' : 'warning'));
      for (const m of written ? orders : []) {
        const perDose = mgOf(m, ing.rxcui) ?? null;
        if (perDose === null) {
          uncounted.push(m.label);
          continue;
        }
        const perDay = perDose * (m.dosesPerDay ?? 1);
        lines.push(`- ${m.label}${m.draft ? ' (draft)' : ''}: ${mg(perDose)} mg per dose, ${mg(perDay)} mg/day${m.dosesPerDay === null ? ' (no frequency: counted once daily)' : ''}`);
      }
      for (const f of findings) {
        const indicator: Indicator = critical(f.value, f.max) ? 'critical' : 'warning';
        const what = f.kind === 'single' ? 'single dose' : 'total daily dose';
        cards.push(buildCard({
          rule: 'dose-range',
          kbEntry: `${limit.id}#${f.kind}`,
          kbVersion: kb.version,
          indicator,
          summary: writesBody(ctx, indicator) ? `${cap(ing.name)} ${what} ${mg(f.value)} mg exceeds the ${mg(f.max)} mg ${lim.basis.split(' ')[0]} maximum` : '',
          detail: writesBody(ctx, indicator) ? [
            `The ${what} of **${ing.name}** across ${orders.length} order(s) is **${mg(f.value)} mg**; the ${lim.basis} is **${mg(f.max)} mg**${f.kind === 'daily' ? ' per day' : ''}.`,
            '',
            ...lines,
            ...(uncounted.length > 0 ? ['', `Not counted (dose could not be converted to mg): ${uncounted.join(', ')}.`] : []),
            ...(limit.note !== undefined ? ['', limit.note] : []),
          ].join('\n') : '',
          source: limit.source,
          draft: d.resource,
          related: orders.filter((m) => m !== d).map((m) => m.ref),
          subject: [ing.rxcui, f.kind],
          doseKey: d.doseKey,
        }, ctx));
      }
    }
  }
  return cards;
}

/** Over twice the limit: a likely decimal or unit error. */
const critical = (value: number, max: number): boolean => value > 2 * max;

/** mg per dose of this ingredient in the order: undefined when the order does not contain it, null when not convertible. */
function mgOf(m: ResolvedMedication, rxcui: string): number | null | undefined {
  for (const i of m.ingredients) if (i.rxcui === rxcui) return i.mgPerDose;
  return undefined;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
