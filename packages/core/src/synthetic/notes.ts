/**
 * Clinical notes as DocumentReference resources (http://hl7.org/fhir/R4/documentreference.html):
 * LOINC 11506-3 "Progress note", a plain-text SOAP body (Subjective, Objective, Assessment, Plan)
 * in content[0].attachment.data as base64 of UTF-8. The text is written from the same plan the
 * structured data comes from, so it names the patient's real problems, drugs, vitals and results.
 */
import type { DocumentReference, Patient, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { Rng } from './rng.ts';
import { CONDITIONS, EXACERBATION_PHRASES, type ConditionKey } from './conditions-catalog.ts';
import type { AllergenDef } from './allergies-catalog.ts';
import { ANALYTES, type AnalyteKey } from './observations-catalog.ts';
import { base64FromBytes, utf8Bytes } from '../fhir/base64.ts';
import { meta, ref } from './fhir-builders.ts';
import { activeProblemsAt, type Plan, type Visit } from './plan.ts';
import { coursesActiveAt, sigText, type MedCourse } from './medications.ts';
import type { ResultSummary, VisitFindings } from './observations.ts';
import { DAY, HOUR, isoInstant, MINUTE } from './time.ts';

export const PROGRESS_NOTE = { system: SYSTEM.loinc, code: '11506-3', display: 'Progress note' } as const;
const NOTE_CATEGORY = { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' } as const;

export interface NoteContext {
  rng: Rng;
  plan: Plan;
  patientRef: Reference<Patient>;
  courses: readonly MedCourse[];
  allergens: readonly AllergenDef[];
  nowMs: number;
}

const CLASS_TITLE = { AMB: 'Clinic visit', EMER: 'Emergency department visit', IMP: 'Hospital admission' } as const;

function problemName(key: ConditionKey): string {
  return CONDITIONS[key].snomed.display;
}

function visitPurpose(v: Visit): string {
  switch (v.reason.kind) {
    case 'checkup': return 'Routine health maintenance visit';
    case 'followUp': return `Follow-up of ${problemName(v.reason.chronic).toLowerCase()}`;
    case 'acute': return problemName(v.reason.acute);
    case 'exacerbation': return `Exacerbation of ${problemName(v.reason.chronic).toLowerCase()}`;
  }
}

function fmt(r: ResultSummary | undefined): string | null {
  if (r === undefined) return null;
  const flag = r.interpretation === null || r.interpretation === 'N' ? '' : ` (${r.interpretation})`;
  return `${r.value} ${r.unit}${flag}`;
}

function vitalsLine(f: VisitFindings): string {
  const v = f.vitals;
  const parts: string[] = [];
  const sbp = v.systolic;
  const dbp = v.diastolic;
  if (sbp !== undefined && dbp !== undefined) parts.push(`BP ${sbp.value}/${dbp.value} mmHg`);
  const labels: readonly (readonly [AnalyteKey, string])[] = [['heartRate', 'HR'], ['temperature', 'Temp'], ['respRate', 'RR'], ['spo2', 'SpO2'], ['weight', 'Weight'], ['bmi', 'BMI']];
  for (const [key, label] of labels) {
    const s = fmt(v[key]);
    if (s !== null) parts.push(`${label} ${s}`);
  }
  return parts.length === 0 ? 'Vitals not taken.' : `Vitals: ${parts.join(', ')}.`;
}

function labsLine(f: VisitFindings): string | null {
  if (f.labs.length === 0) return null;
  const seen = new Set<AnalyteKey>();
  const parts: string[] = [];
  for (const r of f.labs) {
    if (seen.has(r.key)) continue; // inpatient days repeat labs; the note quotes the first draw
    seen.add(r.key);
    const prev = f.previous[r.key];
    parts.push(`${ANALYTES[r.key].label} ${fmt(r) ?? ''}${prev === undefined ? '' : ` [prev ${prev.value}]`}`);
  }
  return `Labs: ${parts.join(', ')}.`;
}

function allergyLine(ctx: NoteContext): string {
  switch (ctx.plan.allergyStatus) {
    case 'nka': return 'Allergies: no known allergies.';
    case 'not-recorded': return 'Allergies: not yet recorded; to be reconciled.';
    case 'has-allergies': return `Allergies: ${ctx.allergens.map((a) => a.code.display).join(', ')}.`;
  }
}

const EXAM: Readonly<Partial<Record<ConditionKey, string>>> = {
  pneumonia: 'Crackles at the right base, no accessory muscle use.',
  cellulitis: 'Warm, tender erythema of the left lower leg with a demarcated border.',
  uti: 'Suprapubic tenderness, no costovertebral angle tenderness.',
  strepThroat: 'Tonsillar exudate and tender anterior cervical nodes.',
  otitisMedia: 'Bulging, erythematous right tympanic membrane.',
  sinusitis: 'Maxillary sinus tenderness, purulent nasal discharge.',
  ankleSprain: 'Swelling over the lateral ankle, able to bear weight, no bony tenderness.',
  gastroenteritis: 'Mild diffuse abdominal tenderness, mucous membranes dry.',
  heartFailure: 'Bibasilar crackles, 2+ pitting edema to the shins, JVP elevated.',
  copdExacerbation: 'Diffuse expiratory wheeze, prolonged expiration.',
  asthma: 'Diffuse wheeze, speaking in full sentences.',
  afib: 'Irregularly irregular rhythm.',
  chestPain: 'Chest wall non-tender, regular rhythm, lungs clear.',
};

function subjective(rng: Rng, v: Visit, dayOfStay: number): string {
  if (dayOfStay > 0) return 'Feels somewhat better today. Tolerating diet, ambulating with assistance.';
  const r = v.reason;
  switch (r.kind) {
    case 'checkup': return 'Here for a routine visit. No new complaints.';
    case 'followUp': return `Here for follow-up of ${problemName(r.chronic).toLowerCase()}: ${rng.pick(CONDITIONS[r.chronic].statusPhrases)}.`;
    case 'acute': return `Presents with ${problemName(r.acute).toLowerCase()}: ${rng.pick(CONDITIONS[r.acute].statusPhrases)}.`;
    case 'exacerbation': return `Presents with worsening ${problemName(r.chronic).toLowerCase()}: ${EXACERBATION_PHRASES[r.chronic] ?? 'symptoms worse over several days'}.`;
  }
}

/** The SOAP text of the note for a visit. `dayOfStay` > 0 writes an inpatient daily progress note. */
export function soapText(ctx: NoteContext, v: Visit, f: VisitFindings, dayOfStay: number, atMs: number): string {
  const { rng } = ctx;
  const problems = activeProblemsAt(ctx.plan, v.startMs);
  const active = coursesActiveAt(ctx.courses, v.startMs + MINUTE);
  const started = ctx.courses.filter((c) => c.visit === v);
  const stopped = ctx.courses.filter((c) => c.status === 'stopped' && c.endMs === v.startMs);
  const reason = v.reason;
  const focus: ConditionKey | null = reason.kind === 'acute' ? reason.acute : reason.kind === 'checkup' ? null : reason.chronic;
  const title = dayOfStay > 0 ? `Hospital day ${dayOfStay + 1} progress note` : `${CLASS_TITLE[v.cls]}: ${visitPurpose(v)}`;

  const s: string[] = [];
  s.push(subjective(rng, v, dayOfStay));
  s.push(problems.length === 0 ? 'No chronic medical problems.' : `History of ${problems.map((p) => problemName(p.key).toLowerCase()).join(', ')}.`);
  const current = active.filter((c) => !started.includes(c));
  s.push(current.length === 0 ? 'Current medications: none.' : `Current medications: ${current.map((c) => `${c.def.name} ${sigText(c)}`).join('; ')}.`);
  s.push(allergyLine(ctx));

  const o: string[] = [vitalsLine(f)];
  const labs = labsLine(f);
  if (labs !== null) o.push(labs);
  o.push(focus === null ? 'Exam: well appearing, heart regular, lungs clear, abdomen soft.' : `Exam: ${EXAM[focus] ?? 'Unremarkable apart from the above.'}`);

  const a: string[] = [];
  let n = 1;
  if (focus !== null && !CONDITIONS[focus].chronic) a.push(`${n++}. ${problemName(focus)} (${CONDITIONS[focus].icd10.code}).`);
  for (const p of problems) {
    const def = CONDITIONS[p.key];
    const isNew = v.diagnoses.includes(p.key);
    a.push(`${n++}. ${def.snomed.display} (${def.icd10.code})${isNew ? ', new diagnosis' : ''}: ${rng.pick(def.statusPhrases)}.`);
  }
  for (const k of v.diagnoses) {
    if (!problems.some((p) => p.key === k)) a.push(`${n++}. ${problemName(k)} (${CONDITIONS[k].icd10.code}), new diagnosis.`);
  }
  if (a.length === 0) a.push('1. Healthy; preventive care up to date.');
  const abnormal = f.labs.filter((r) => r.interpretation !== null && r.interpretation !== 'N');
  if (abnormal.some((r) => r.interpretation === 'HH' || r.interpretation === 'LL')) {
    a.push(`Critical result: ${abnormal.filter((r) => r.interpretation === 'HH' || r.interpretation === 'LL').map((r) => `${ANALYTES[r.key].label} ${r.value} ${r.unit}`).join(', ')}, addressed today.`);
  }

  const p: string[] = [];
  for (const c of stopped) p.push(`- Stop ${c.def.name} (${c.statusReason ?? 'discontinued'}).`);
  if (dayOfStay === 0) for (const c of started) p.push(`- Start ${c.def.name} ${sigText(c)}.`);
  if (current.length > 0) p.push(`- Continue ${current.map((c) => c.def.name).join(', ')}.`);
  if (abnormal.length > 0) p.push(`- Repeat ${abnormal.map((r) => ANALYTES[r.key].label).join(', ')} ${v.cls === 'IMP' ? 'in the morning' : 'in 4 to 6 weeks'}.`);
  p.push(v.cls === 'IMP'
    ? dayOfStay > 0 ? '- Continue inpatient care; anticipate discharge in 1 to 2 days.' : '- Admit to medicine; telemetry; daily labs.'
    : v.cls === 'EMER' ? '- Discharged home with return precautions; follow up with primary care in 1 week.'
      : `- Return in ${rng.pick(['2 weeks', '1 month', '3 months', '6 months', '1 year'])}, sooner if worse.`);

  return [
    title,
    `Date: ${isoInstant(atMs).replace('T', ' ').replace('Z', ' UTC')}`,
    `Clinician: ${v.practitioner.display}`,
    '',
    'SUBJECTIVE', ...s, '',
    'OBJECTIVE', ...o, '',
    'ASSESSMENT', ...a, '',
    'PLAN', ...p, '',
    `Electronically signed by ${v.practitioner.display}.`,
  ].join('\n');
}

export function buildNote(ctx: NoteContext, v: Visit, f: VisitFindings, dayOfStay: number): DocumentReference {
  const { rng } = ctx;
  const writtenMs = dayOfStay > 0 ? v.startMs + dayOfStay * DAY + rng.int(9, 14) * HOUR : v.endMs;
  const signedMs = Math.min(writtenMs + rng.int(5, 180) * MINUTE, ctx.nowMs);
  const text = soapText(ctx, v, f, dayOfStay, writtenMs);
  const bytes = utf8Bytes(text);
  const title = text.slice(0, text.indexOf('\n'));
  return {
    resourceType: 'DocumentReference',
    id: rng.uuid(),
    meta: meta(signedMs),
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ ...PROGRESS_NOTE }], text: PROGRESS_NOTE.display },
    category: [{ coding: [{ ...NOTE_CATEGORY }] }],
    subject: ctx.patientRef,
    date: isoInstant(signedMs),
    author: [v.practitioner.reference],
    authenticator: v.practitioner.reference,
    description: title,
    content: [{ attachment: { contentType: 'text/plain', language: 'en-US', data: base64FromBytes(bytes), size: bytes.length, title, creation: isoInstant(writtenMs) } }],
    context: {
      encounter: [ref('Encounter', v.id)],
      period: { start: isoInstant(v.startMs), end: isoInstant(v.endMs) },
    },
  };
}
