/**
 * The skeleton of one patient's history, decided before any resource is written: which chronic
 * problems they have and since when, and the timeline of visits (what each visit was for, who saw
 * them). The resource builders (encounters, conditions, medications, observations, notes) all read
 * this plan, so the pieces of a chart agree with one another.
 */
import type { Rng } from './rng.ts';
import {
  ageBand, CHRONIC_KEYS, CONDITIONS, INPATIENT_ACUTE, OUTPATIENT_ACUTE, type AcuteKey, type ChronicKey,
} from './conditions-catalog.ts';
import type { Demographics } from './patient.ts';
import { practitionerPool, type PractitionerSummary } from './practitioners.ts';
import { DAY, HOUR, MINUTE, startOfDay, YEAR } from './time.ts';

export type VisitClass = 'AMB' | 'EMER' | 'IMP';

export type VisitReason =
  | { kind: 'checkup' }
  | { kind: 'followUp'; chronic: ChronicKey }
  | { kind: 'acute'; acute: AcuteKey }
  | { kind: 'exacerbation'; chronic: ChronicKey };

export interface Visit {
  /** Position in the timeline, oldest first. */
  seq: number;
  id: string;
  cls: VisitClass;
  startMs: number;
  endMs: number;
  reason: VisitReason;
  practitioner: PractitionerSummary;
  /** Chronic problems newly diagnosed at this visit. */
  diagnoses: ChronicKey[];
  /** Whether blood is drawn. */
  labs: boolean;
}

export interface ChronicProblem {
  key: ChronicKey;
  onsetMs: number;
  /** The visit where it was diagnosed, if inside the recorded window. */
  diagnosedAt: Visit | null;
  /** Resolved problems (e.g. childhood eczema, depression in remission) have an abatement time. */
  resolvedMs: number | null;
}

export type AllergyStatus = 'has-allergies' | 'nka' | 'not-recorded';

export interface Plan {
  heavy: boolean;
  windowStartMs: number;
  chronic: ChronicProblem[];
  visits: Visit[];
  allergyStatus: AllergyStatus;
}

/** The youngest age at which each chronic problem is diagnosed. */
const MIN_ONSET_AGE: Readonly<Record<ChronicKey, number>> = {
  hypertension: 25, hyperlipidemia: 25, diabetes: 25, prediabetes: 15, ckd3: 35, ckd4: 40, asthma: 2, copd: 40,
  afib: 40, heartFailure: 40, cad: 35, hypothyroidism: 8, depression: 10, anxiety: 8, gerd: 12, osteoarthritis: 35,
  obesity: 4, migraine: 8, allergicRhinitis: 3, adhd: 5, atopicDermatitis: 0.3, anemia: 1, gout: 30,
};

/** Problems that resolve in a fraction of patients (the rest stay active). */
const RESOLVES: Readonly<Partial<Record<ChronicKey, number>>> = {
  atopicDermatitis: 0.5, depression: 0.3, anxiety: 0.25, prediabetes: 0.2, adhd: 0.3, migraine: 0.2, anemia: 0.4, asthma: 0.1,
};

/** The heavy patient's problem list: a multimorbid elder whose chart exercises every screen. */
const HEAVY_CHRONIC: readonly ChronicKey[] = [
  'hypertension', 'hyperlipidemia', 'diabetes', 'ckd3', 'afib', 'heartFailure', 'cad', 'copd', 'hypothyroidism',
  'depression', 'gerd', 'osteoarthritis', 'obesity', 'anemia', 'gout',
];

function drawChronic(rng: Rng, d: Demographics, heavy: boolean): ChronicKey[] {
  if (heavy) return [...HEAVY_CHRONIC];
  const band = ageBand(d.ageYears);
  const have = new Set<ChronicKey>();
  for (const key of CHRONIC_KEYS) {
    const def = CONDITIONS[key];
    if (d.ageYears < MIN_ONSET_AGE[key]) continue;
    if (def.excludes?.some((k) => have.has(k)) === true) continue;
    let p = def.prevalence[band];
    for (const [other, mult] of def.boostedBy ?? []) if (have.has(other)) p *= mult;
    if (rng.chance(Math.min(p, 0.9))) have.add(key);
  }
  const list = [...have];
  // A primary-care problem list rarely runs past seven long-term problems.
  return list.length > 7 ? rng.sample(list, 7) : list;
}

function visitCount(rng: Rng, d: Demographics, chronicCount: number, heavy: boolean): number {
  if (heavy) return 230;
  let n = 3 + chronicCount * 2 + rng.int(0, 6);
  if (d.ageYears < 2) n += 5; // well-baby visits
  if (d.ageYears >= 65) n += rng.int(0, 6);
  if (rng.chance(0.05)) n += rng.int(5, 15); // frequent attenders
  return Math.max(5, Math.min(40, n));
}

function acuteFor(rng: Rng, ageYears: number, list: readonly AcuteKey[]): AcuteKey {
  const band = ageBand(ageYears);
  return rng.weighted(list.map((k) => [k, CONDITIONS[k].prevalence[band] + 0.01] as const));
}

function drawReason(rng: Rng, cls: VisitClass, chronic: readonly ChronicKey[], ageYears: number): VisitReason {
  const canExacerbate = chronic.filter((k) => k === 'copd' || k === 'heartFailure' || k === 'asthma' || k === 'afib');
  switch (cls) {
    case 'AMB': {
      if (chronic.length > 0 && rng.chance(0.55)) return { kind: 'followUp', chronic: rng.pick(chronic) };
      if (rng.chance(0.45)) return { kind: 'acute', acute: acuteFor(rng, ageYears, OUTPATIENT_ACUTE) };
      return { kind: 'checkup' };
    }
    case 'EMER': {
      if (canExacerbate.length > 0 && rng.chance(0.35)) return { kind: 'exacerbation', chronic: rng.pick(canExacerbate) };
      return { kind: 'acute', acute: acuteFor(rng, ageYears, OUTPATIENT_ACUTE) };
    }
    case 'IMP': {
      if (canExacerbate.length > 0 && rng.chance(0.5)) {
        const k = rng.pick(canExacerbate);
        return k === 'copd' ? { kind: 'acute', acute: 'copdExacerbation' } : { kind: 'exacerbation', chronic: k };
      }
      return { kind: 'acute', acute: acuteFor(rng, ageYears, INPATIENT_ACUTE) };
    }
  }
}

/** Visit start and length by class: clinic hours for ambulatory visits, any hour for the ED. */
function timing(rng: Rng, cls: VisitClass, dayMs: number, heavy: boolean): { start: number; end: number } {
  switch (cls) {
    case 'AMB': {
      const start = dayMs + 8 * HOUR + rng.int(0, 35) * 15 * MINUTE;
      return { start, end: start + rng.pick([15, 20, 30, 40]) * MINUTE };
    }
    case 'EMER': {
      const start = dayMs + rng.int(0, 24 * 60 - 1) * MINUTE;
      return { start, end: start + rng.int(90, 480) * MINUTE };
    }
    case 'IMP': {
      const start = dayMs + rng.int(0, 24 * 60 - 1) * MINUTE;
      const days = heavy ? rng.int(2, 8) : rng.int(1, 5);
      return { start, end: start + days * DAY + rng.int(-6, 6) * HOUR };
    }
  }
}

export function buildPlan(rng: Rng, d: Demographics, heavy: boolean): Plan {
  const { nowMs, birthMs } = d;
  const chronicKeys = drawChronic(rng, d, heavy);
  const ageNow = (nowMs - birthMs) / YEAR;
  const windowYears = heavy ? 15 : rng.float(1, 10);
  const windowStartMs = Math.max(birthMs + DAY, nowMs - windowYears * YEAR);
  const lastStartMs = nowMs - DAY; // every visit is over by now

  // Visits: random days in the window, then laid out so that none overlaps the one before.
  const n = visitCount(rng, d, chronicKeys.length, heavy);
  const days: number[] = [];
  for (let i = 0; i < n; i++) days.push(startOfDay(rng.float(windowStartMs, lastStartMs)));
  days.sort((x, y) => x - y);
  const pool = practitionerPool(d.seed);
  const inpatientShare = heavy ? 0.12 : ageNow >= 65 ? 0.05 : 0.02;
  const visits: Visit[] = [];
  let busyUntil = -Infinity;
  for (const day0 of days) {
    const cls = rng.weighted<VisitClass>([['AMB', 1 - 0.12 - inpatientShare], ['EMER', 0.12], ['IMP', inpatientShare]]);
    const day = Math.max(day0, startOfDay(busyUntil) + DAY);
    let { start, end } = timing(rng, cls, day, heavy);
    if (start < windowStartMs) {
      const shift = windowStartMs - start + HOUR;
      start += shift;
      end += shift;
    }
    if (end > nowMs - HOUR) continue;
    const practitioner = cls === 'AMB' && rng.chance(0.75) ? d.gp : rng.pick(pool);
    visits.push({
      seq: visits.length, id: rng.uuid(), cls, startMs: start, endMs: end, practitioner,
      reason: drawReason(rng, cls, chronicKeys, (start - birthMs) / YEAR), diagnoses: [],
      // Bloods at the first visit we have (intake), at most admissions and ED visits, and some clinic visits.
      labs: visits.length === 0 || cls === 'IMP' || (cls === 'EMER' ? rng.chance(0.7) : rng.chance(heavy ? 0.6 : 0.25)),
    });
    busyUntil = end;
  }
  if (visits.length === 0) {
    // A baby born yesterday still has one visit: the newborn check.
    const start = Math.max(windowStartMs, nowMs - 20 * HOUR);
    visits.push({ seq: 0, id: rng.uuid(), cls: 'AMB', startMs: start, endMs: start + 30 * MINUTE, practitioner: d.gp, reason: { kind: 'checkup' }, diagnoses: [], labs: false });
  }

  const chronic: ChronicProblem[] = chronicKeys.map((key) => {
    const minOnsetMs = birthMs + MIN_ONSET_AGE[key] * YEAR;
    const earliest = Math.max(minOnsetMs, nowMs - 25 * YEAR);
    let onsetMs = rng.float(earliest, Math.max(earliest, nowMs - 7 * DAY));
    // Diagnosed inside the window: the first visit on or after onset is where it was found.
    let diagnosedAt: Visit | null = null;
    if (onsetMs >= windowStartMs) {
      // Found at the first clinic or ED visit after it began, else at the latest one it could have been.
      diagnosedAt = visits.find((v) => v.startMs >= onsetMs && v.cls !== 'IMP')
        ?? visits.findLast((v) => v.startMs >= minOnsetMs && v.cls !== 'IMP') ?? null;
      if (diagnosedAt === null) onsetMs = Math.min(onsetMs, (visits[0] as Visit).startMs - DAY);
      else {
        onsetMs = diagnosedAt.startMs;
        diagnosedAt.diagnoses.push(key);
      }
    }
    const resolveP = heavy ? 0 : (RESOLVES[key] ?? 0);
    let resolvedMs: number | null = null;
    if (rng.chance(resolveP)) {
      const candidate = onsetMs + rng.float(0.5, 6) * YEAR;
      if (candidate < nowMs - 30 * DAY) resolvedMs = candidate;
    }
    return { key, onsetMs, diagnosedAt, resolvedMs };
  });
  // A visit for a problem that does not exist yet (or any more) becomes a check-up in clinic, or an
  // acute problem in the ED or hospital (nobody is admitted for a check-up).
  for (const v of visits) {
    if (v.reason.kind !== 'followUp' && v.reason.kind !== 'exacerbation') continue;
    const key = v.reason.chronic;
    const p = chronic.find((c) => c.key === key);
    if (p !== undefined && p.onsetMs <= v.startMs && (p.resolvedMs === null || p.resolvedMs >= v.startMs)) continue;
    const age = (v.startMs - birthMs) / YEAR;
    v.reason = v.cls === 'AMB' ? { kind: 'checkup' } : { kind: 'acute', acute: acuteFor(rng, age, v.cls === 'IMP' ? INPATIENT_ACUTE : OUTPATIENT_ACUTE) };
  }

  // Every chart has at least one problem: a patient with no long-term one came in for something.
  if (chronic.length === 0 && !visits.some((v) => v.reason.kind === 'acute')) {
    const v = rng.pick(visits);
    v.reason = { kind: 'acute', acute: acuteFor(rng, (v.startMs - birthMs) / YEAR, v.cls === 'IMP' ? INPATIENT_ACUTE : OUTPATIENT_ACUTE) };
  }

  const ageYears = d.ageYears;
  const allergyStatus: AllergyStatus = heavy
    ? 'has-allergies'
    : rng.weighted<AllergyStatus>([['has-allergies', ageYears < 18 ? 0.3 : 0.45], ['nka', 0.35], ['not-recorded', 0.2]]);
  return { heavy, windowStartMs, chronic, visits, allergyStatus };
}

/** Chronic problems active at a given time. */
export function activeProblemsAt(plan: Plan, atMs: number): ChronicProblem[] {
  return plan.chronic.filter((c) => c.onsetMs <= atMs && (c.resolvedMs === null || c.resolvedMs > atMs));
}
