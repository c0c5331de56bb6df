/**
 * Medication history: long-term therapy for each problem (with switches within a class and dose
 * changes), and short courses for acute visits, as MedicationRequest resources
 * (http://hl7.org/fhir/R4/medicationrequest.html) with structured Dosage
 * (http://hl7.org/fhir/R4/dosage.html). Drugs the patient is allergic to are not ordered.
 */
import type { MedicationRequest, Patient, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { Rng } from './rng.ts';
import { CONDITIONS, type ChronicKey, type ConditionKey } from './conditions-catalog.ts';
import {
  ACUTE_THERAPY, CHRONIC_THERAPY, MEDICATIONS, PENICILLIN_ALTERNATIVE, SWITCH_TO, type MedicationDef, type MedKey, type RouteKey,
} from './medications-catalog.ts';
import { concept, meta, ref } from './fhir-builders.ts';
import type { Plan, Visit } from './plan.ts';
import type { PractitionerSummary } from './practitioners.ts';
import { DAY, isoInstant, YEAR } from './time.ts';

export type CourseStatus = 'active' | 'stopped' | 'completed';

/** One order of one drug at one dose, from when it was written until it ended (null: ongoing). */
export interface MedCourse {
  def: MedicationDef;
  doseMg: number;
  startMs: number;
  endMs: number | null;
  status: CourseStatus;
  visit: Visit | null;
  prescriber: PractitionerSummary;
  reason: ConditionKey;
  /** Why a stopped order stopped. */
  statusReason?: string;
}

export interface MedContext {
  rng: Rng;
  plan: Plan;
  birthMs: number;
  nowMs: number;
  /** Drug keys the patient must not get (allergies, with class cross-sensitivity). */
  avoid: ReadonlySet<string>;
  gp: PractitionerSummary;
}

/** The heavy patient's regimens, chosen so the chart shows the classic CDS interactions. */
const HEAVY_REGIMEN: Partial<Record<ChronicKey, readonly MedKey[]>> = {
  afib: ['warfarin', 'metoprolol'],
  hyperlipidemia: ['simvastatin'],
  diabetes: ['metformin', 'glipizide'],
  hypertension: ['lisinopril', 'amlodipine'],
  heartFailure: ['furosemide', 'spironolactone'],
  cad: ['aspirin', 'clopidogrel'],
  copd: ['albuterol', 'tiotropium'],
  depression: ['sertraline'],
  gerd: ['omeprazole'],
};

/** Pairs never given together (dual RAAS blockade), so a switch or second regimen skips them. */
const NOT_WITH: Readonly<Partial<Record<MedKey, MedKey>>> = { lisinopril: 'losartan', losartan: 'lisinopril' };

function clashes(key: MedKey, onTherapy: ReadonlySet<MedKey>): boolean {
  const other = NOT_WITH[key];
  return onTherapy.has(key) || (other !== undefined && onTherapy.has(other));
}

function ageAt(ctx: MedContext, ms: number): number {
  return (ms - ctx.birthMs) / YEAR;
}

function allowed(ctx: MedContext, key: MedKey, atMs: number): boolean {
  if (ctx.avoid.has(key)) return false;
  const def: MedicationDef = MEDICATIONS[key];
  return ageAt(ctx, atMs) >= 12 || def.childDoses !== undefined;
}

function chooseDose(ctx: MedContext, def: MedicationDef, atMs: number): number {
  const age = ageAt(ctx, atMs);
  if (age < 12 && def.childDoses !== undefined) return ctx.rng.pick(def.childDoses);
  if (age < 18) return def.doses[0] as number;
  // Most adults sit on the lower and middle doses.
  return ctx.rng.weighted(def.doses.map((d, i) => [d, i === 0 ? 3 : i === 1 ? 3 : 1] as const));
}

/** A visit at or after `fromMs` (and before `toMs`) to hang a change of therapy on. */
function laterVisit(ctx: MedContext, fromMs: number, toMs: number): Visit | null {
  const candidates = ctx.plan.visits.filter((v) => v.startMs > fromMs + 30 * DAY && v.startMs < toMs);
  return candidates.length === 0 ? null : ctx.rng.pick(candidates);
}

function chronicCourses(ctx: MedContext): MedCourse[] {
  const { rng, plan } = ctx;
  const first = plan.visits[0] as Visit;
  const out: MedCourse[] = [];
  const onTherapy = new Set<MedKey>();
  const ckd4 = plan.chronic.some((c) => c.key === 'ckd4');
  for (const p of plan.chronic) {
    const regimens = CHRONIC_THERAPY[p.key];
    const regimen = plan.heavy && HEAVY_REGIMEN[p.key] !== undefined
      ? HEAVY_REGIMEN[p.key] as readonly MedKey[]
      : rng.weighted(regimens.map((r, i) => [r, i === 0 ? 3 : 1] as const));
    const visit = p.diagnosedAt ?? plan.visits.find((v) => v.startMs >= p.onsetMs) ?? first;
    const startMs = visit.startMs;
    for (const key0 of regimen) {
      let key: MedKey = key0;
      if (clashes(key, onTherapy) || !allowed(ctx, key, startMs) || (key === 'metformin' && ckd4)) continue;
      onTherapy.add(key);
      const stopMs = p.resolvedMs;
      let course: MedCourse = {
        def: MEDICATIONS[key], doseMg: chooseDose(ctx, MEDICATIONS[key], startMs), startMs, endMs: null,
        status: 'active', visit, prescriber: visit.practitioner, reason: p.key,
      };
      // Therapy changes: a switch within the class, or a dose change, at a later visit.
      const changes = plan.heavy ? rng.int(0, 2) : rng.chance(0.2) ? 1 : 0;
      for (let i = 0; i < changes; i++) {
        const at = laterVisit(ctx, course.startMs, stopMs ?? ctx.nowMs);
        if (at === null) break;
        const switchTo = SWITCH_TO[key];
        const doSwitch = switchTo !== undefined && !clashes(switchTo, onTherapy) && allowed(ctx, switchTo, at.startMs) && rng.chance(plan.heavy ? 0.3 : 0.5)
          && !(plan.heavy && (key === 'warfarin' || key === 'simvastatin'));
        const nextKey: MedKey = doSwitch ? switchTo : key;
        const def = MEDICATIONS[nextKey];
        const others = def.doses.filter((d) => d !== course.doseMg);
        if (!doSwitch && others.length === 0) break;
        const doseMg = doSwitch ? chooseDose(ctx, def, at.startMs) : rng.pick(others);
        out.push({
          ...course, endMs: at.startMs, status: 'stopped',
          statusReason: doSwitch ? `Changed to ${def.name}` : `Dose changed to ${def.doseText?.(doseMg) ?? `${doseMg} mg`}`,
        });
        if (doSwitch) onTherapy.add(nextKey);
        key = nextKey;
        course = { def, doseMg, startMs: at.startMs, endMs: null, status: 'active', visit: at, prescriber: at.practitioner, reason: p.key };
      }
      if (stopMs !== null) out.push({ ...course, endMs: Math.max(stopMs, course.startMs + DAY), status: 'stopped', statusReason: `${CONDITIONS[p.key].snomed.display} resolved` });
      else out.push(course);
    }
  }
  return out;
}

function acuteCourses(ctx: MedContext): MedCourse[] {
  const { rng, plan } = ctx;
  const out: MedCourse[] = [];
  let heavyMacrolide = false;
  for (const v of plan.visits) {
    let reason: ConditionKey;
    let options: readonly (MedKey | null)[];
    if (v.reason.kind === 'acute') {
      reason = v.reason.acute;
      options = ACUTE_THERAPY[v.reason.acute];
    } else if (v.reason.kind === 'exacerbation' && (v.reason.chronic === 'asthma' || v.reason.chronic === 'copd')) {
      reason = v.reason.chronic;
      options = ['prednisone'];
    } else continue;
    let key: MedKey | null = rng.weighted(options.map((k, i) => [k, i === 0 ? 3 : 1] as const));
    // The heavy chart must hold a clarithromycin course given while on simvastatin and warfarin.
    if (plan.heavy && !heavyMacrolide && reason === 'pneumonia') {
      key = 'clarithromycin';
      heavyMacrolide = true;
    }
    if (key !== null && !allowed(ctx, key, v.startMs)) {
      key = allowed(ctx, PENICILLIN_ALTERNATIVE, v.startMs) ? PENICILLIN_ALTERNATIVE : null;
    }
    if (key === null) continue;
    const def = MEDICATIONS[key];
    const endMs = v.startMs + (def.courseDays ?? 5) * DAY;
    out.push({
      def, doseMg: chooseDose(ctx, def, v.startMs), startMs: v.startMs, endMs: endMs < ctx.nowMs ? endMs : null,
      status: endMs < ctx.nowMs ? 'completed' : 'active', visit: v, prescriber: v.practitioner, reason,
    });
  }
  return out;
}

/** Typical charts list up to this many orders; the oldest finished ones go first when over. */
const TYPICAL_MAX_ORDERS = 12;

export function planMedications(ctx: MedContext): MedCourse[] {
  let all = [...chronicCourses(ctx), ...acuteCourses(ctx)].sort((a, b) => a.startMs - b.startMs);
  if (!ctx.plan.heavy && all.length > TYPICAL_MAX_ORDERS) {
    const finished = all.filter((c) => c.status !== 'active');
    const drop = new Set(finished.slice(0, all.length - TYPICAL_MAX_ORDERS));
    all = all.filter((c) => !drop.has(c));
    if (all.length > TYPICAL_MAX_ORDERS) all = all.slice(all.length - TYPICAL_MAX_ORDERS);
  }
  return all;
}

/** Drugs the patient was taking at a time (for notes and for lab effects). */
export function coursesActiveAt(courses: readonly MedCourse[], atMs: number): MedCourse[] {
  return courses.filter((c) => c.startMs <= atMs && (c.endMs === null || c.endMs > atMs));
}

const ROUTE: Readonly<Record<RouteKey, { code: string; display: string; text: string }>> = {
  oral: { code: '26643006', display: 'Oral route', text: 'by mouth' },
  inhaled: { code: '447694001', display: 'Respiratory tract route', text: 'inhaled' },
  topical: { code: '6064005', display: 'Topical route', text: 'to the skin' },
};

function frequencyText(def: MedicationDef): string {
  if (def.periodUnit === 'h') return `every ${def.period} hours`;
  switch (def.frequency) {
    case 1: return 'once daily';
    case 2: return 'twice daily';
    case 3: return 'three times daily';
    default: return `${def.frequency} times daily`;
  }
}

/** How a clinician reads the order, e.g. "metformin 500 mg by mouth twice daily". */
export function sigText(c: MedCourse): string {
  const dose = c.def.doseText?.(c.doseMg) ?? `${c.doseMg} mg`;
  const prn = c.def.asNeeded === true ? ' as needed' : '';
  const course = c.def.courseDays === undefined ? '' : ` for ${c.def.courseDays} days`;
  return `${dose} ${ROUTE[c.def.route].text} ${frequencyText(c.def)}${prn}${course}`;
}

const UCUM_DAYS = { unit: 'days', system: SYSTEM.ucum, code: 'd' } as const;

export function buildMedicationRequest(rng: Rng, c: MedCourse, patientRef: Reference<Patient>, nowMs: number): MedicationRequest {
  const def = c.def;
  const supplyDays = def.courseDays ?? (rng.chance(0.5) ? 90 : 30);
  const route = ROUTE[def.route];
  const lastUpdatedMs = Math.min(c.endMs ?? c.startMs, nowMs);
  const reason = CONDITIONS[c.reason].snomed;
  return {
    resourceType: 'MedicationRequest',
    id: rng.uuid(),
    meta: meta(lastUpdatedMs),
    status: c.status,
    ...(c.statusReason === undefined ? {} : { statusReason: { text: c.statusReason } }),
    intent: 'order',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: c.visit?.cls === 'IMP' ? 'inpatient' : 'outpatient', display: c.visit?.cls === 'IMP' ? 'Inpatient' : 'Outpatient' }] }],
    medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: def.rxcui, display: def.name }], text: def.name },
    subject: patientRef,
    ...(c.visit === null ? {} : { encounter: ref('Encounter', c.visit.id) }),
    authoredOn: isoInstant(c.startMs),
    requester: c.prescriber.reference,
    reasonCode: [concept(SYSTEM.snomed, reason)],
    dosageInstruction: [{
      sequence: 1,
      text: sigText(c),
      timing: {
        repeat: {
          frequency: def.frequency, period: def.period, periodUnit: def.periodUnit,
          ...(def.courseDays === undefined ? {} : { boundsDuration: { value: def.courseDays, ...UCUM_DAYS } }),
        },
      },
      ...(def.asNeeded === true ? { asNeededBoolean: true } : {}),
      route: { coding: [{ system: SYSTEM.snomed, code: route.code, display: route.display }], text: route.text },
      doseAndRate: [{ doseQuantity: { value: c.doseMg, unit: 'mg', system: SYSTEM.ucum, code: 'mg' } }],
    }],
    dispenseRequest: {
      expectedSupplyDuration: { value: supplyDays, ...UCUM_DAYS },
      numberOfRepeatsAllowed: def.courseDays === undefined ? 3 : 0,
    },
  };
}
