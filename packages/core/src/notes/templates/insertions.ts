/**
 * Smart insertions: the chart facts a note template pulls in as plain, editable text (vitals, labs,
 * active medications, allergies, active problems). Pure: the caller gives the chart view and how to
 * write a time (the workstation writes local time), so core stays clock- and time-zone-free.
 */
import type { AllergyIntolerance, CodeableConcept, Condition, MedicationRequest } from '../../fhir/types.ts';
import type { PatientBanner, RecentLab, VitalSign } from '../../chart/types.ts';
import { assertNever } from '../../result.ts';

export const INSERTION_KINDS = ['vitals', 'labs', 'medications', 'allergies', 'problems'] as const;
export type InsertionKind = (typeof INSERTION_KINDS)[number];

/** What a template reads from the open chart (the chart summary's lists). */
export interface TemplateChart {
  vitals: readonly VitalSign[];
  labs: readonly RecentLab[];
  medications: readonly MedicationRequest[];
  /** 'nka' (no known allergies recorded) is not the same as 'not-recorded' (nobody asked). */
  allergyStatus: PatientBanner['allergyStatus'];
  allergies: readonly AllergyIntolerance[];
  problems: readonly Condition[];
}

export interface InsertionOptions {
  /** How a time is written in the note (the workstation passes its local-time formatter). */
  formatWhen(iso: string): string;
}

const text = (c: CodeableConcept | undefined): string | null =>
  c?.text ?? c?.coding?.find((x) => x.display !== undefined)?.display ?? c?.coding?.[0]?.code ?? null;

const flag = (i: VitalSign['interpretation']): string => (i === null || i === 'N' ? '' : ` (${i})`);

function vitalLine(v: VitalSign, o: InsertionOptions): string {
  const value = v.secondary === undefined ? `${v.value}` : `${v.value}/${v.secondary.value}`;
  return `- ${v.label}: ${value} ${v.unit}${flag(v.interpretation)}, ${o.formatWhen(v.effective)}`;
}

function medicationLine(m: MedicationRequest): string {
  const name = text(m.medicationCodeableConcept) ?? m.medicationReference?.display ?? 'Unnamed medication';
  const sig = m.dosageInstruction?.[0]?.text;
  return `- ${name}${sig === undefined || sig === '' ? '' : `: ${sig}`}${m.status === 'on-hold' ? ' (on hold)' : ''}`;
}

function allergyLine(a: AllergyIntolerance): string {
  const reactions = (a.reaction ?? []).flatMap((r) => r.manifestation.map((m) => text(m))).filter((x): x is string => x !== null);
  const criticality = a.criticality === undefined ? '' : `, criticality ${a.criticality}`;
  return `- ${text(a.code) ?? 'Unnamed substance'}${reactions.length === 0 ? '' : ` (${reactions.join(', ')})`}${criticality}`;
}

function problemLine(c: Condition): string {
  const icd = c.code?.coding?.find((x) => x.system === 'http://hl7.org/fhir/sid/icd-10-cm')?.code;
  const name = text(c.code) ?? 'Unnamed problem';
  return `- ${name}${icd === undefined || name.includes(icd) ? '' : ` (${icd})`}`;
}

/** The text of one insertion; says so plainly when the chart has nothing to insert. */
export function insertionText(kind: InsertionKind, chart: TemplateChart, o: InsertionOptions): string {
  switch (kind) {
    case 'vitals':
      return chart.vitals.length === 0 ? 'Vitals: none recorded.' : ['Vitals (latest):', ...chart.vitals.map((v) => vitalLine(v, o))].join('\n');
    case 'labs':
      return chart.labs.length === 0 ? 'Labs: none resulted.' : ['Labs (latest):', ...chart.labs.map((l) => `- ${l.label}: ${l.value} ${l.unit}${flag(l.interpretation)}, ${o.formatWhen(l.effective)}`)].join('\n');
    case 'medications':
      return chart.medications.length === 0 ? 'Active medications: none.' : ['Active medications:', ...chart.medications.map(medicationLine)].join('\n');
    case 'allergies':
      if (chart.allergies.length > 0) return ['Allergies:', ...chart.allergies.map(allergyLine)].join('\n');
      return chart.allergyStatus === 'nka' ? 'Allergies: no known allergies.' : 'Allergies: not recorded (ask and record).';
    case 'problems':
      return chart.problems.length === 0 ? 'Active problems: none recorded.' : ['Active problems:', ...chart.problems.map(problemLine)].join('\n');
    default:
      return assertNever(kind, 'note insertion');
  }
}
