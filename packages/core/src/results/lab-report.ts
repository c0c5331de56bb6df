/**
 * A laboratory's answer to an order: the Observations it measured and the DiagnosticReport that
 * gathers them (http://hl7.org/fhir/R4/diagnosticreport.html), `basedOn` the ServiceRequest, status
 * final, every value with its reference range and an HL7 v3 interpretation computed from it, so the
 * flag always agrees with the number. Pure: values come from an injected source, ids from an
 * injected UUID source; the simulated lab (sync-server) and the synthetic data both build reports here.
 */
import type { CodeableConcept, DiagnosticReport, Observation, Patient, Quantity, Reference, ServiceRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import {
  ANALYTES, ckdEpi2021, criticalLimits, INTERPRETATION_DISPLAY, interpret, referenceRange, roundTo,
  type AnalyteKey, type InterpretationCode, type Limits, type Sex,
} from '../synthetic/observations-catalog.ts';
import { PANEL_ANALYTES } from './panels.ts';

/** Where simulated values come from (a seeded generator in tests, any random source in the demo lab). */
export interface ValueSource {
  float(min: number, max: number): number;
  chance(p: number): boolean;
}

export interface LabReportInput {
  order: ServiceRequest;
  /** Made by the caller (client-made UUIDs, as every Lantern id). */
  newId: () => string;
  values: ValueSource;
  collectedAt: string;
  issuedAt: string;
  patient?: { sex: Sex; ageYears: number };
  performer?: string;
  /** Share of results drawn outside the range, and of those beyond the critical limits. */
  abnormalShare?: number;
  criticalShare?: number;
}

export interface LabReport {
  report: DiagnosticReport;
  observations: Observation[];
}

const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const LAB_CATEGORY: CodeableConcept = { coding: [{ system: V2_0074, code: 'LAB', display: 'Laboratory' }] };
const IMAGING_CATEGORY: CodeableConcept = { coding: [{ system: V2_0074, code: 'RAD', display: 'Radiology' }] };
const OBS_LAB: CodeableConcept = { coding: [{ system: SYSTEM.observationCategory, code: 'laboratory', display: 'Laboratory' }] };

/** Conclusions for orders reported as text only (imaging, ECG, urinalysis, troponin). */
const TEXT_REPORTS: Readonly<Record<string, readonly [normal: string, abnormal: string]>> = {
  '36643-5': ['No acute cardiopulmonary abnormality.', 'Right lower lobe opacity, consistent with pneumonia.'],
  '30799-1': ['No acute intracranial abnormality.', 'Chronic small vessel ischaemic change; no acute haemorrhage.'],
  '11524-6': ['Normal sinus rhythm, rate 72/min. No acute ST changes.', 'Atrial fibrillation with controlled ventricular rate.'],
  '24356-8': ['Urinalysis within normal limits.', 'Leukocyte esterase and nitrite positive.'],
  '10839-9': ['Troponin I below 0.02 ng/mL (negative).', 'Troponin I 0.09 ng/mL, above the 99th percentile.'],
};

/** A normal value for an analyte: inside the range, or a typical healthy value where the range is one-sided. */
function normalValue(key: AnalyteKey, range: Limits | null, v: ValueSource): number {
  const def = ANALYTES[key];
  const low = range?.low ?? (key === 'cholesterol' ? 140 : key === 'ldl' ? 60 : key === 'bnp' ? 10 : def.bounds[0]);
  const high = range?.high ?? (key === 'egfr' ? 110 : def.bounds[1]);
  const span = high - low;
  return v.float(low + span * 0.15, high - span * 0.15);
}

function outOfRange(key: AnalyteKey, range: Limits | null, critical: Limits | undefined, v: ValueSource, level: 'abnormal' | 'critical'): number {
  const def = ANALYTES[key];
  const goHigh = range?.high !== undefined && (range.low === undefined || v.chance(0.5));
  if (goHigh && range?.high !== undefined) {
    const limit = critical?.high ?? Math.min(def.bounds[1], range.high * 1.6);
    return level === 'critical' ? v.float(limit * 1.02, Math.max(limit * 1.1, limit + 1)) : v.float(range.high * 1.02 + 10 ** -def.decimals, Math.max(range.high * 1.03, (range.high + limit) / 2));
  }
  const low = range?.low ?? def.bounds[0];
  const limit = critical?.low ?? Math.max(def.bounds[0], low * 0.6);
  return level === 'critical' ? v.float(Math.max(def.bounds[0], limit * 0.85), limit * 0.98) : v.float(Math.min(low * 0.97, (low + limit) / 2), low * 0.98 - 10 ** -def.decimals);
}

function quantity(key: AnalyteKey, value: number): Quantity {
  const def = ANALYTES[key];
  return { value, unit: def.unit, system: SYSTEM.ucum, code: def.ucum };
}

function interpretation(code: InterpretationCode): CodeableConcept[] {
  return [{ coding: [{ system: SYSTEM.interpretation, code, display: INTERPRETATION_DISPLAY[code] }], text: INTERPRETATION_DISPLAY[code] }];
}

/** One analyte's Observation, interpreted against its range and critical limits. */
export function buildResultObservation(
  key: AnalyteKey, raw: number, ctx: { id: string; subject: Reference<Patient>; basedOn: Reference<ServiceRequest>; collectedAt: string; issuedAt: string; sex: Sex; ageYears: number },
): Observation {
  const def = ANALYTES[key];
  const value = roundTo(Math.min(def.bounds[1], Math.max(def.bounds[0], raw)), def.decimals);
  const range = referenceRange(key, ctx.sex, ctx.ageYears);
  const flag = interpret(value, range, criticalLimits(key, ctx.ageYears));
  const obs: Observation = {
    resourceType: 'Observation',
    id: ctx.id,
    status: 'final',
    basedOn: [ctx.basedOn],
    category: [OBS_LAB],
    code: { coding: [{ system: SYSTEM.loinc, code: def.loinc, display: def.display }], text: def.label },
    subject: ctx.subject,
    effectiveDateTime: ctx.collectedAt,
    issued: ctx.issuedAt,
    valueQuantity: quantity(key, value),
    interpretation: interpretation(flag),
  };
  if (range !== null) {
    const text = range.low !== undefined && range.high !== undefined ? `${range.low}-${range.high} ${def.unit}` : range.low !== undefined ? `>=${range.low} ${def.unit}` : `<=${range.high ?? ''} ${def.unit}`;
    obs.referenceRange = [{ ...(range.low === undefined ? {} : { low: quantity(key, range.low) }), ...(range.high === undefined ? {} : { high: quantity(key, range.high) }), text }];
  }
  return obs;
}

/** The order's results: one Observation per analyte of the panel (or a text conclusion) and the report. */
export function buildLabReport(i: LabReportInput): LabReport {
  const code = i.order.code?.coding?.find((c) => c.system === SYSTEM.loinc)?.code ?? '';
  const subject: Reference<Patient> = { reference: i.order.subject.reference ?? '' };
  const basedOn: Reference<ServiceRequest> = { reference: `ServiceRequest/${i.order.id ?? ''}` };
  const sex = i.patient?.sex ?? 'female';
  const ageYears = i.patient?.ageYears ?? 50;
  const abnormalShare = i.abnormalShare ?? 0.3;
  const criticalShare = i.criticalShare ?? 0.04;
  const observations: Observation[] = [];
  let creatinine: number | null = null;
  for (const key of PANEL_ANALYTES[code] ?? []) {
    const range = referenceRange(key, sex, ageYears);
    const critical = criticalLimits(key, ageYears);
    let raw: number;
    if (key === 'egfr' && creatinine !== null) raw = ckdEpi2021(creatinine, Math.floor(ageYears), sex);
    else if (i.values.chance(abnormalShare)) raw = outOfRange(key, range, critical, i.values, i.values.chance(criticalShare / abnormalShare) ? 'critical' : 'abnormal');
    else raw = normalValue(key, range, i.values);
    if (key === 'creatinine') creatinine = roundTo(raw, ANALYTES.creatinine.decimals);
    observations.push(buildResultObservation(key, raw, { id: i.newId(), subject, basedOn, collectedAt: i.collectedAt, issuedAt: i.issuedAt, sex, ageYears }));
  }
  const text = TEXT_REPORTS[code];
  const imaging = i.order.category?.some((c) => c.coding?.some((x) => x.code === '363679005')) === true;
  const flagged = observations.filter((o) => (o.interpretation?.[0]?.coding?.[0]?.code ?? 'N') !== 'N').length;
  const conclusion = text !== undefined
    ? (i.values.chance(abnormalShare) ? text[1] : text[0])
    : flagged === 0 ? 'All results within the reference range.' : `${flagged} of ${observations.length} result${observations.length === 1 ? '' : 's'} outside the reference range.`;
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: i.newId(),
    status: 'final',
    basedOn: [basedOn],
    category: [imaging ? IMAGING_CATEGORY : LAB_CATEGORY],
    code: i.order.code ?? { text: 'Result' },
    subject,
    effectiveDateTime: i.collectedAt,
    issued: i.issuedAt,
    performer: [{ display: i.performer ?? 'Lantern demo laboratory' }],
    result: observations.map((o) => ({ reference: `Observation/${o.id ?? ''}`, display: o.code.text ?? '' })),
    conclusion,
  };
  return { report, observations };
}
