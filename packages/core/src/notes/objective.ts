/**
 * The Objective block a clinician pulls into a note: today's vitals and labs from the chart, in
 * the generator's wording ("Vitals: BP 128/82 mmHg, HR 72 /min (H)." / "Labs: Creatinine 1.4 mg/dL (H).").
 * "Today" is a window the caller gives (the start of the clinician's local day, and now), so the
 * local time zone stays the caller's business and core stays clock-free.
 */
import type { RecentLab, VitalSign } from '../chart/types.ts';

export interface ObjectiveWindow {
  /** FHIR instant: the start of the clinician's day. */
  from: string;
  /** FHIR instant: now. */
  to: string;
}

/** Short labels in the order a clinician reads vitals (LOINC). */
const VITAL_ORDER: readonly (readonly [string, string])[] = [
  ['85354-9', 'BP'], ['8480-6', 'BP'], ['8867-4', 'HR'], ['8310-5', 'Temp'], ['9279-1', 'RR'],
  ['59408-5', 'SpO2'], ['2708-6', 'SpO2'], ['29463-7', 'Weight'], ['8302-2', 'Height'], ['39156-5', 'BMI'],
];

const inWindow = (effective: string, w: ObjectiveWindow): boolean => {
  const t = Date.parse(effective);
  return Number.isFinite(t) && t >= Date.parse(w.from) && t <= Date.parse(w.to);
};

const flag = (i: VitalSign['interpretation']): string => (i === null || i === 'N' ? '' : ` (${i})`);

function vitalText(v: VitalSign): string {
  const label = VITAL_ORDER.find(([code]) => code === v.loinc)?.[1] ?? v.label;
  if (v.secondary !== undefined) return `${label} ${v.value}/${v.secondary.value} ${v.unit}${flag(v.interpretation)}`;
  return `${label} ${v.value} ${v.unit}${flag(v.interpretation)}`;
}

const rank = (loinc: string): number => {
  const i = VITAL_ORDER.findIndex(([code]) => code === loinc);
  return i < 0 ? VITAL_ORDER.length : i;
};

/** The Objective lines for today's vitals and labs; says so plainly when there are none. */
export function buildObjectiveBlock(vitals: readonly VitalSign[], labs: readonly RecentLab[], window: ObjectiveWindow): string {
  const todayVitals = vitals.filter((v) => inWindow(v.effective, window)).sort((a, b) => rank(a.loinc) - rank(b.loinc));
  const todayLabs = labs.filter((l) => inWindow(l.effective, window)).sort((a, b) => a.label.localeCompare(b.label));
  const lines = [
    todayVitals.length === 0 ? 'Vitals: none recorded today.' : `Vitals: ${todayVitals.map(vitalText).join(', ')}.`,
    todayLabs.length === 0 ? 'Labs: none resulted today.' : `Labs: ${todayLabs.map((l) => `${l.label} ${l.value} ${l.unit}${flag(l.interpretation)}`).join(', ')}.`,
  ];
  return lines.join('\n');
}
