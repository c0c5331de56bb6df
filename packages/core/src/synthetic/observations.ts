/**
 * Vital signs and laboratory Observations for each visit (http://hl7.org/fhir/R4/observation.html;
 * vitals follow http://hl7.org/fhir/R4/observation-vitalsigns.html). Every quantitative result
 * carries its reference range and an interpretation computed from the value, so H/L/HH/LL flags
 * always agree with the numbers shown.
 */
import type { CodeableConcept, Observation, Patient, Quantity, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { Rng } from './rng.ts';
import {
  ANALYTES, BP_PANEL, ckdEpi2021, criticalLimits, INTERPRETATION_DISPLAY, interpret, referenceRange, roundTo,
  type AnalyteDef, type AnalyteKey, type InterpretationCode, type LabKey, type Limits, type Sex,
} from './observations-catalog.ts';
import { acuteEffect, type Physiology, type SampledKey } from './physiology.ts';
import { meta, ref } from './fhir-builders.ts';
import type { Plan, Visit } from './plan.ts';
import { coursesActiveAt, type MedCourse } from './medications.ts';
import { DAY, HOUR, isoInstant, MINUTE } from './time.ts';
import type { ConditionKey } from './conditions-catalog.ts';

/** One reported value, kept for the visit's note. */
export interface ResultSummary {
  key: AnalyteKey;
  value: number;
  unit: string;
  interpretation: InterpretationCode | null;
}

/** What was measured at a visit (first vitals set, all labs), for writing its note. */
export interface VisitFindings {
  vitals: Partial<Record<AnalyteKey, ResultSummary>>;
  labs: ResultSummary[];
  /** The latest earlier result of each lab, so the note can say which way it moved. */
  previous: Partial<Record<AnalyteKey, ResultSummary>>;
}

export interface ObservationContext {
  rng: Rng;
  plan: Plan;
  physio: Physiology;
  sex: Sex;
  patientRef: Reference<Patient>;
  courses: readonly MedCourse[];
  nowMs: number;
}

const CATEGORY: Readonly<Record<AnalyteDef['category'], { code: string; display: string }>> = {
  'vital-signs': { code: 'vital-signs', display: 'Vital Signs' },
  laboratory: { code: 'laboratory', display: 'Laboratory' },
};

function categoryOf(def: AnalyteDef): CodeableConcept[] {
  const c = CATEGORY[def.category];
  return [{ coding: [{ system: SYSTEM.observationCategory, code: c.code, display: c.display }] }];
}

function codeOf(def: AnalyteDef): CodeableConcept {
  const coding = [{ system: SYSTEM.loinc, code: def.loinc, display: def.display }];
  if (def.alsoLoinc !== undefined) coding.push({ system: SYSTEM.loinc, code: def.alsoLoinc.code, display: def.alsoLoinc.display });
  return { coding, text: def.label };
}

function quantity(def: AnalyteDef, value: number): Quantity {
  return { value, unit: def.unit, system: SYSTEM.ucum, code: def.ucum };
}

function interpretationConcept(code: InterpretationCode): CodeableConcept[] {
  return [{ coding: [{ system: SYSTEM.interpretation, code, display: INTERPRETATION_DISPLAY[code] }], text: INTERPRETATION_DISPLAY[code] }];
}

// Range objects come memoized from referenceRange, so their display text is computed once each.
const RANGE_TEXT = new WeakMap<Limits, string>();

function rangeOf(def: AnalyteDef, range: Limits): { low?: Quantity; high?: Quantity; text: string } {
  let text = RANGE_TEXT.get(range);
  if (text === undefined) {
    text = range.low !== undefined && range.high !== undefined ? `${range.low}-${range.high} ${def.unit}`
      : range.low !== undefined ? `>=${range.low} ${def.unit}` : `<=${range.high ?? ''} ${def.unit}`;
    RANGE_TEXT.set(range, text);
  }
  // Built by assignment, not conditional spreads: this runs for nearly every result generated.
  const out: { low?: Quantity; high?: Quantity; text: string } = {} as { text: string };
  if (range.low !== undefined) out.low = quantity(def, range.low);
  if (range.high !== undefined) out.high = quantity(def, range.high);
  out.text = text;
  return out;
}

/** A value with its range and flag, as both an Observation part and a note summary. */
function assess(key: AnalyteKey, raw: number, sex: Sex, ageYears: number): { value: number; range: Limits | null; flag: InterpretationCode | null } {
  const def = ANALYTES[key];
  const value = roundTo(raw, def.decimals);
  const range = referenceRange(key, sex, ageYears);
  // Growth measurements have no range and so no flag; everything else is judged on the rounded value.
  const flag = range === null ? null : interpret(value, range, criticalLimits(key, ageYears));
  return { value, range, flag };
}

interface Emit {
  out: Observation[];
  findings: VisitFindings;
  ctx: ObservationContext;
  visit: Visit;
}

function emitSimple(e: Emit, key: AnalyteKey, raw: number, effectiveMs: number, issuedMs: number, record: 'vital' | 'lab' | 'none'): void {
  const def = ANALYTES[key];
  const { value, range, flag } = assess(key, raw, e.ctx.sex, e.ctx.physio.ageAt(effectiveMs));
  const obs: Observation = {
    resourceType: 'Observation',
    id: e.ctx.rng.uuid(),
    meta: meta(issuedMs),
    status: 'final',
    category: categoryOf(def),
    code: codeOf(def),
    subject: e.ctx.patientRef,
    encounter: ref('Encounter', e.visit.id),
    effectiveDateTime: isoInstant(effectiveMs),
    issued: isoInstant(issuedMs),
    valueQuantity: quantity(def, value),
  };
  if (flag !== null) obs.interpretation = interpretationConcept(flag);
  if (range !== null) obs.referenceRange = [rangeOf(def, range)];
  e.out.push(obs);
  const summary: ResultSummary = { key, value, unit: def.unit, interpretation: flag };
  if (record === 'vital' && e.findings.vitals[key] === undefined) e.findings.vitals[key] = summary;
  if (record === 'lab') e.findings.labs.push(summary);
}

const WORSE: Readonly<Record<InterpretationCode, number>> = { N: 0, H: 1, L: 1, HH: 2, LL: 2 };

function emitBloodPressure(e: Emit, sbpRaw: number, dbpRaw: number, effectiveMs: number, issuedMs: number): void {
  const age = e.ctx.physio.ageAt(effectiveMs);
  const dbpCapped = Math.min(dbpRaw, sbpRaw - 20); // pulse pressure stays positive
  const parts = ([['systolic', sbpRaw], ['diastolic', dbpCapped]] as const).map(([key, raw]) => ({ key, def: ANALYTES[key], ...assess(key, raw, e.ctx.sex, age) }));
  const worst = parts.reduce<InterpretationCode>((w, p) => (p.flag !== null && WORSE[p.flag] > WORSE[w] ? p.flag : w), 'N');
  e.out.push({
    resourceType: 'Observation',
    id: e.ctx.rng.uuid(),
    meta: meta(issuedMs),
    status: 'final',
    category: categoryOf(ANALYTES.systolic),
    code: { coding: [{ system: SYSTEM.loinc, code: BP_PANEL.loinc, display: BP_PANEL.display }], text: 'Blood pressure' },
    subject: e.ctx.patientRef,
    encounter: ref('Encounter', e.visit.id),
    effectiveDateTime: isoInstant(effectiveMs),
    issued: isoInstant(issuedMs),
    interpretation: interpretationConcept(worst),
    component: parts.map((p) => ({
      code: codeOf(p.def),
      valueQuantity: quantity(p.def, p.value),
      ...(p.flag === null ? {} : { interpretation: interpretationConcept(p.flag) }),
      ...(p.range === null ? {} : { referenceRange: [rangeOf(p.def, p.range)] }),
    })),
  });
  for (const p of parts) {
    if (e.findings.vitals[p.key] === undefined) e.findings.vitals[p.key] = { key: p.key, value: p.value, unit: p.def.unit, interpretation: p.flag };
  }
}

function reasonKey(v: Visit): ConditionKey | null {
  switch (v.reason.kind) {
    case 'acute': return v.reason.acute;
    case 'exacerbation': return v.reason.chronic;
    case 'followUp':
    case 'checkup': return null;
  }
}

type Effect = ReturnType<typeof acuteEffect>;

/** One set of vital signs at `atMs`. `full` adds temperature and respiratory rate. */
function vitalsSet(e: Emit, atMs: number, effect: Effect, opts: { full: boolean; weight: boolean; height: boolean; spo2: boolean }): void {
  const { physio, rng } = e.ctx;
  const issued = Math.min(atMs + rng.int(1, 10) * MINUTE, e.ctx.nowMs);
  const s = (k: SampledKey): number => physio.sample(k, atMs, effect);
  emitSimple(e, 'heartRate', s('heartRate'), atMs, issued, 'vital');
  emitBloodPressure(e, s('systolic'), s('diastolic'), atMs, issued);
  if (opts.spo2) emitSimple(e, 'spo2', s('spo2'), atMs, issued, 'vital');
  if (opts.full) {
    emitSimple(e, 'temperature', s('temperature'), atMs, issued, 'vital');
    emitSimple(e, 'respRate', s('respRate'), atMs, issued, 'vital');
  }
  if (opts.weight) {
    const weight = roundTo(s('weight'), ANALYTES.weight.decimals);
    emitSimple(e, 'weight', weight, atMs, issued, 'vital');
    const age = physio.ageAt(atMs);
    if (opts.height || age < 18) {
      const height = roundTo(s('height'), ANALYTES.height.decimals);
      emitSimple(e, 'height', height, atMs, issued, 'vital');
      if (age >= 2) emitSimple(e, 'bmi', weight / (height / 100) ** 2, atMs, issued, 'vital');
    }
  }
}

/** Which labs a visit draws, from the patient's problems and drugs at the time. */
function labPanel(e: Emit, atMs: number, firstDay: boolean): LabKey[] {
  const { rng, plan, physio, courses } = e.ctx;
  const age = physio.ageAt(atMs);
  const v = e.visit;
  if (age < 18) return rng.chance(0.5) || v.cls !== 'AMB' ? ['hemoglobin', 'wbc', 'platelets'] : ['glucose', 'hemoglobin'];
  const problems = new Set(plan.chronic.filter((c) => c.onsetMs <= atMs && (c.resolvedMs === null || c.resolvedMs > atMs)).map((c) => c.key));
  const meds = new Set(coursesActiveAt(courses, atMs).map((c) => c.def.key));
  const labs: LabKey[] = ['glucose', 'creatinine', 'egfr', 'potassium', 'sodium'];
  if (v.cls !== 'AMB' || rng.chance(0.6)) labs.push('hemoglobin', 'wbc', 'platelets');
  if (!firstDay) return labs;
  if ((problems.has('diabetes') || problems.has('prediabetes')) && (v.cls === 'AMB' || rng.chance(0.5))) labs.push('hba1c');
  if ((problems.has('hyperlipidemia') || problems.has('cad') || v.reason.kind === 'checkup') && v.cls === 'AMB' && rng.chance(0.6)) labs.push('cholesterol', 'ldl');
  if (meds.has('warfarin') || (v.cls === 'IMP' && rng.chance(0.3))) labs.push('inr');
  if (problems.has('hypothyroidism') && v.cls === 'AMB' && rng.chance(0.6)) labs.push('tsh');
  if (problems.has('heartFailure') && (v.cls !== 'AMB' || rng.chance(0.3))) labs.push('bnp');
  return labs;
}

function labsSet(e: Emit, atMs: number, effect: Effect, firstDay: boolean): void {
  const { rng, physio, sex, nowMs } = e.ctx;
  const issued = Math.min(atMs + rng.int(40, 240) * MINUTE, nowMs);
  let creatinine: number | null = null;
  for (const key of labPanel(e, atMs, firstDay)) {
    if (key === 'egfr') {
      // Reported from the same specimen's creatinine, as laboratories do.
      if (creatinine !== null) emitSimple(e, 'egfr', ckdEpi2021(creatinine, Math.floor(physio.ageAt(atMs)), sex), atMs, issued, 'lab');
      continue;
    }
    const raw = physio.sample(key, atMs, effect);
    if (key === 'creatinine') creatinine = roundTo(raw, ANALYTES.creatinine.decimals);
    emitSimple(e, key, raw, atMs, issued, 'lab');
  }
}

/** All observations of one visit, and what the note for it should mention. */
export function buildVisitObservations(ctx: ObservationContext, v: Visit): { observations: Observation[]; findings: VisitFindings } {
  const { rng, plan } = ctx;
  const e: Emit = { out: [], findings: { vitals: {}, labs: [], previous: {} }, ctx, visit: v };
  const reason = reasonKey(v);
  const acute = v.reason.kind === 'acute' || v.reason.kind === 'exacerbation';
  switch (v.cls) {
    case 'AMB': {
      const at = v.startMs + 5 * MINUTE;
      const effect = acuteEffect(reason, acute ? 0.6 : 0);
      vitalsSet(e, at, effect, { full: acute || rng.chance(0.3), weight: true, height: v.seq === 0 || rng.chance(0.1), spo2: acute || rng.chance(0.4) });
      if (v.labs) labsSet(e, at + 20 * MINUTE, effect, true);
      break;
    }
    case 'EMER': {
      const effect = acuteEffect(reason, 1);
      vitalsSet(e, v.startMs + 10 * MINUTE, effect, { full: true, weight: rng.chance(0.5), height: false, spo2: true });
      if (v.labs) labsSet(e, v.startMs + 40 * MINUTE, effect, true);
      if (v.endMs - v.startMs > 3 * HOUR) vitalsSet(e, v.endMs - 20 * MINUTE, acuteEffect(reason, 0.6), { full: true, weight: false, height: false, spo2: true });
      break;
    }
    case 'IMP': {
      // Vitals every 8 hours (the heavy chart) or once a day; labs each morning; the illness fades over the stay.
      const step = plan.heavy ? 8 * HOUR : DAY;
      const stay = v.endMs - v.startMs;
      let day = 0;
      for (let t = v.startMs + 30 * MINUTE; t < v.endMs; t += step) {
        const effect = acuteEffect(reason, Math.max(0.1, 1 - (t - v.startMs) / stay));
        vitalsSet(e, t, effect, { full: true, weight: t === v.startMs + 30 * MINUTE || reason === 'heartFailure', height: false, spo2: true });
        const dayIndex = Math.floor((t - v.startMs) / DAY);
        if (dayIndex === day) {
          // The heavy chart has daily labs; other stays are drawn on admission and before discharge.
          const lastDay = t + DAY >= v.endMs;
          if (plan.heavy || day === 0 || lastDay) labsSet(e, t + 30 * MINUTE, effect, day === 0);
          day++;
        }
      }
      break;
    }
  }
  return { observations: e.out, findings: e.findings };
}
