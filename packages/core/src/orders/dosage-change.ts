/**
 * A new dose, route or frequency for a medication order, as the changed order: the structured
 * dosage (doseAndRate.doseQuantity, route in SNOMED CT, timing with its GTS code and repeat) and
 * the sig text rebuilt from it, so the words a nurse reads never disagree with what CDS checks
 * (http://hl7.org/fhir/R4/dosage.html). The result is a draft of the same order: it is checked and
 * signed like a new one (medication-change.ts names it a dose, route or frequency change).
 */
import type { Dosage, MedicationRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { DOSE_UNITS, DOSE_UNIT_KEYS, FREQUENCIES, FREQUENCY_KEYS, ROUTES, ROUTE_KEYS, TIMING_SYSTEM, type DoseUnit, type FrequencyKey, type RouteKey } from './dosage-vocabulary.ts';
import { sigText } from './medication-order.ts';

export interface DosageChange {
  dose?: number;
  route?: RouteKey;
  frequency?: FrequencyKey;
}

export interface CurrentDosage {
  dose: { value: number; unit: DoseUnit } | null;
  route: RouteKey | null;
  frequency: FrequencyKey | null;
}

const routeKeyOf = (d: Dosage | undefined): RouteKey | null => {
  const codes = (d?.route?.coding ?? []).map((c) => c.code);
  return ROUTE_KEYS.find((k) => codes.includes(ROUTES[k].code)) ?? null;
};

/** The GTS code when the order carries one, else the frequency whose repeat matches. */
const frequencyKeyOf = (d: Dosage | undefined): FrequencyKey | null => {
  const coded = d?.timing?.code?.coding?.find((c) => c.system === TIMING_SYSTEM)?.code;
  const byCode = FREQUENCY_KEYS.find((k) => k === coded);
  if (byCode !== undefined) return byCode;
  const r = d?.timing?.repeat;
  if (r === undefined) return null;
  const when = r.when?.[0];
  return FREQUENCY_KEYS.find((k) => {
    const f: { frequency: number; period: number; periodUnit: string; when?: string } = FREQUENCIES[k];
    return f.frequency === r.frequency && f.period === r.period && f.periodUnit === r.periodUnit && f.when === when;
  }) ?? null;
};

const unitKeyOf = (d: Dosage | undefined): DoseUnit | null => {
  const q = d?.doseAndRate?.[0]?.doseQuantity;
  return DOSE_UNIT_KEYS.find((k) => DOSE_UNITS[k].ucum === q?.code || DOSE_UNITS[k].label === q?.unit) ?? null;
};

/** What the order's first dosage line says, in the order form's terms (null where it uses another vocabulary). */
export function currentDosage(order: MedicationRequest): CurrentDosage {
  const d = order.dosageInstruction?.[0];
  const value = d?.doseAndRate?.[0]?.doseQuantity?.value;
  const unit = unitKeyOf(d);
  return { dose: value === undefined || unit === null ? null : { value, unit }, route: routeKeyOf(d), frequency: frequencyKeyOf(d) };
}

/** The order with the changed dose, route and/or frequency in its first dosage line, the sig text rebuilt. */
export function changeDosage(order: MedicationRequest, change: DosageChange): Result<MedicationRequest, LanternError> {
  const [first, ...rest] = order.dosageInstruction ?? [];
  if (first === undefined) return err(new LanternError('BAD_INPUT', 'This order has no dosage to change'));
  const now = currentDosage(order);
  const unchanged = (change.dose === undefined || change.dose === now.dose?.value) && (change.route === undefined || change.route === now.route)
    && (change.frequency === undefined || change.frequency === now.frequency);
  if (unchanged) return err(new LanternError('BAD_INPUT', 'The change keeps the same dose, route and frequency', { issues: [{ path: 'change', message: 'nothing changes' }] }));
  if (change.dose !== undefined && !(change.dose > 0)) return err(new LanternError('BAD_INPUT', 'The dose must be more than 0', { issues: [{ path: 'change.dose', message: 'must be more than 0' }] }));
  const quantity = first.doseAndRate?.[0]?.doseQuantity;
  if (change.dose !== undefined && quantity === undefined) return err(new LanternError('BAD_INPUT', 'This order has no structured dose to change'));

  const next: Dosage = { ...first };
  if (change.dose !== undefined && quantity !== undefined) next.doseAndRate = [{ ...first.doseAndRate?.[0], doseQuantity: { ...quantity, value: change.dose } }];
  if (change.route !== undefined) {
    const r = ROUTES[change.route];
    next.route = { coding: [{ system: SYSTEM.snomed, code: r.code, display: r.display }], text: r.short };
  }
  if (change.frequency !== undefined) {
    const f: { label: string; frequency: number; period: number; periodUnit: 'h' | 'd' | 'wk'; when?: 'HS' } = FREQUENCIES[change.frequency];
    const { when: _when, ...keep } = first.timing?.repeat ?? {};
    next.timing = {
      ...first.timing,
      code: { coding: [{ system: TIMING_SYSTEM, code: change.frequency }], text: f.label },
      repeat: { ...keep, frequency: f.frequency, period: f.period, periodUnit: f.periodUnit, ...(f.when === undefined ? {} : { when: [f.when] }) },
    };
  }
  const after = currentDosage({ ...order, dosageInstruction: [next] });
  const days = next.timing?.repeat?.boundsDuration?.value;
  const prn = next.asNeededCodeableConcept?.text;
  if (after.dose !== null && after.route !== null && after.frequency !== null) {
    next.text = sigText({
      dose: after.dose, route: after.route, frequency: after.frequency, durationDays: days,
      prn: next.asNeededBoolean === true ? {} : prn === undefined ? undefined : { reason: prn },
    });
  } else {
    // Written in a vocabulary the form does not use: keep no old words that could contradict the change.
    const q = next.doseAndRate?.[0]?.doseQuantity;
    next.text = [q === undefined ? '' : `${q.value ?? ''} ${q.unit ?? ''}`.trim(), next.route?.text ?? next.route?.coding?.[0]?.display ?? '', next.timing?.code?.text ?? ''].filter((s) => s !== '').join(' ');
  }
  return ok({ ...order, dosageInstruction: [next, ...rest] });
}
