/**
 * Turns a set of vitals typed at the bedside into FHIR R4 vital-signs Observations
 * (http://hl7.org/fhir/R4/observation-vitalsigns.html): LOINC codes, UCUM units, blood pressure as
 * the 85354-9 panel with systolic/diastolic components, and an interpretation from adult reference
 * ranges so an abnormal value is flagged the moment it is saved, offline included.
 */
import { SYSTEM, type Observation, type VitalsInput } from '@lantern/core';

interface VitalDef {
  key: Exclude<keyof VitalsInput, 'patientId' | 'systolic' | 'diastolic'>;
  loinc: string;
  display: string;
  /** The short name a chart shows (code.text). */
  text: string;
  /** The vital-signs profile's base code sent alongside, when the specific code is not it (SpO2). */
  profileLoinc?: { code: string; display: string };
  unit: string;
  ucum: string;
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
}

const VITALS: readonly VitalDef[] = [
  { key: 'heartRate', loinc: '8867-4', display: 'Heart rate', text: 'HR', unit: '/min', ucum: '/min', low: 60, high: 100, criticalLow: 40, criticalHigh: 130 },
  { key: 'respiratoryRate', loinc: '9279-1', display: 'Respiratory rate', text: 'RR', unit: '/min', ucum: '/min', low: 12, high: 20, criticalLow: 8, criticalHigh: 30 },
  { key: 'temperatureC', loinc: '8310-5', display: 'Body temperature', text: 'Temp', unit: 'Cel', ucum: 'Cel', low: 36.1, high: 37.8, criticalLow: 35, criticalHigh: 40 },
  { key: 'spo2', loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', text: 'SpO2', profileLoinc: { code: '2708-6', display: 'Oxygen saturation in Arterial blood' }, unit: '%', ucum: '%', low: 94, high: null, criticalLow: 88, criticalHigh: null },
  { key: 'weightKg', loinc: '29463-7', display: 'Body weight', text: 'Weight', unit: 'kg', ucum: 'kg', low: null, high: null, criticalLow: null, criticalHigh: null },
];

type Code = 'N' | 'H' | 'L' | 'HH' | 'LL';

export function interpret(value: number, d: Pick<VitalDef, 'low' | 'high' | 'criticalLow' | 'criticalHigh'>): Code | null {
  if (d.low === null && d.high === null) return null;
  if (d.criticalHigh !== null && value >= d.criticalHigh) return 'HH';
  if (d.criticalLow !== null && value <= d.criticalLow) return 'LL';
  if (d.high !== null && value > d.high) return 'H';
  if (d.low !== null && value < d.low) return 'L';
  return 'N';
}

const interpretation = (c: Code | null) => (c === null ? {} : { interpretation: [{ coding: [{ system: SYSTEM.interpretation, code: c }] }] });
const range = (low: number | null, high: number | null, ucum: string) =>
  low === null && high === null
    ? {}
    : { referenceRange: [{ ...(low === null ? {} : { low: { value: low, unit: ucum, system: SYSTEM.ucum, code: ucum } }), ...(high === null ? {} : { high: { value: high, unit: ucum, system: SYSTEM.ucum, code: ucum } }) }] };

export interface VitalsContext {
  uuid: () => string;
  now: Date;
  /** A Practitioner reference for the performer, when the user has one. */
  performer: { reference?: string; display: string };
}

const vitalCategory = [{ coding: [{ system: SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }];

export function buildVitalsObservations(input: VitalsInput, ctx: VitalsContext): Observation[] {
  const effective = ctx.now.toISOString();
  const base = (loinc: string, display: string, text: string, profile?: { code: string; display: string }) => ({
    resourceType: 'Observation' as const,
    id: ctx.uuid(),
    status: 'final' as const,
    category: vitalCategory,
    code: {
      // The specific code first, as the synthetic and server data do, so charts group them together.
      coding: [{ system: SYSTEM.loinc, code: loinc, display }, ...(profile === undefined ? [] : [{ system: SYSTEM.loinc, code: profile.code, display: profile.display }])],
      text,
    },
    subject: { reference: `Patient/${input.patientId}` },
    effectiveDateTime: effective,
    issued: effective,
    performer: [ctx.performer],
  });
  const out: Observation[] = [];
  if (input.systolic !== undefined && input.diastolic !== undefined) {
    const sys = interpret(input.systolic, { low: 90, high: 140, criticalLow: 70, criticalHigh: 180 });
    const dia = interpret(input.diastolic, { low: 60, high: 90, criticalLow: 40, criticalHigh: 120 });
    const worst = [sys, dia].find((c) => c === 'HH' || c === 'LL') ?? [sys, dia].find((c) => c === 'H' || c === 'L') ?? 'N';
    out.push({
      ...base('85354-9', 'Blood pressure panel with all children optional', 'Blood pressure'),
      ...interpretation(worst),
      component: [
        { code: { coding: [{ system: SYSTEM.loinc, code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: input.systolic, unit: 'mmHg', system: SYSTEM.ucum, code: 'mm[Hg]' }, ...interpretation(sys), ...range(90, 140, 'mm[Hg]') },
        { code: { coding: [{ system: SYSTEM.loinc, code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: input.diastolic, unit: 'mmHg', system: SYSTEM.ucum, code: 'mm[Hg]' }, ...interpretation(dia), ...range(60, 90, 'mm[Hg]') },
      ],
    } as Observation);
  }
  for (const d of VITALS) {
    const value = input[d.key];
    if (value === undefined) continue;
    out.push({
      ...base(d.loinc, d.display, d.text, d.profileLoinc),
      valueQuantity: { value, unit: d.unit, system: SYSTEM.ucum, code: d.ucum },
      ...interpretation(interpret(value, d)),
      ...range(d.low, d.high, d.ucum),
    } as Observation);
  }
  return out;
}
