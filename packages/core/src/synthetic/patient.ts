/**
 * Synthetic demographics: the Patient resource (http://hl7.org/fhir/R4/patient.html) and what the
 * clinical generator needs to know about the person. It reads only the patient's demographics
 * stream, so `generatePatientOnly` is cheap and gives exactly the Patient inside the full record.
 */
import type { Patient } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { createRng, STREAM, type Rng } from './rng.ts';
import { FAMILY, FEMALE_GIVEN, MALE_GIVEN, PLACES, STREET_NAMES, STREET_SUFFIXES } from './names.ts';
import { mrnForIndex } from './mrn.ts';
import { meta, MR_TYPE } from './fhir-builders.ts';
import { practitionerPool, type PractitionerSummary } from './practitioners.ts';
import { ageYearsAt, DAY, isoDate, parseNow, YEAR } from './time.ts';
import type { Sex } from './observations-catalog.ts';

export interface PatientOnlyOptions {
  seed: number;
  index: number;
  /** Must match what the full record used (generatePatients passes it for heavyIndex). */
  heavy?: boolean;
  now?: string;
}

export interface PatientOnly {
  patient: Patient;
  mrn: string;
  displayName: string;
}

/** Demographics plus the facts the clinical generator builds on. */
export interface Demographics extends PatientOnly {
  seed: number;
  index: number;
  patientId: string;
  /** Sex for physiology (reference ranges, growth): always male or female. */
  sex: Sex;
  birthMs: number;
  nowMs: number;
  ageYears: number;
  gp: PractitionerSummary;
}

/**
 * Age in years at `now`: a primary-care mix with children and the very old. The heavy patient is a
 * multimorbid elder; its age comes from a side stream so that every other draw (name, MRN, address)
 * is the same as for the same index without the heavy flag.
 */
function drawAge(rng: Rng, heavy: boolean, seed: number, index: number): number {
  const band = rng.weighted<readonly [number, number]>([
    [[0, 2], 3], [[2, 18], 14], [[18, 45], 30], [[45, 65], 28], [[65, 85], 20], [[85, 100.9], 5],
  ]);
  const age = rng.float(band[0], band[1]);
  return heavy ? createRng(seed, index, STREAM.heavyAge).float(62, 85) : age;
}

export function buildDemographics(opts: PatientOnlyOptions): Demographics {
  const { seed, index } = opts;
  const heavy = opts.heavy ?? false;
  const nowMs = parseNow(opts.now);
  const rng = createRng(seed, index, STREAM.demographics);
  const patientId = rng.uuid();
  const mrn = mrnForIndex(index);

  const ageDraw = drawAge(rng, heavy, seed, index);
  // At least one day old so that every clinical date can fall after birth.
  const birthMs = Math.floor((nowMs - Math.max(ageDraw * YEAR, 2 * DAY)) / DAY) * DAY;
  const ageYears = ageYearsAt(birthMs, nowMs);

  const genderDraw = rng.float();
  const sex: Sex = genderDraw < 0.5 ? 'female' : 'male';
  // A few patients record a gender identity other than their sex; physiology follows `sex`.
  const gender: Patient['gender'] = genderDraw > 0.995 ? 'other' : sex;

  const given = rng.pick(sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN);
  const middle = rng.chance(0.45) ? rng.pick(sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN) : null;
  const family = rng.pick(FAMILY);
  const givenNames = middle === null || middle === given ? [given] : [given, middle];
  const displayName = `${given} ${family}`;

  const place = rng.pick(PLACES);
  const line = [`${rng.int(1, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`];
  if (rng.chance(0.15)) line.push(`Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}`);
  // 555-0100..0199 is the range reserved for fictional US numbers.
  const phone = `(${place.area}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
  // Drawn for everyone (children always get the home phone) so that later draws do not depend on age.
  const homePhone = rng.chance(0.35);
  const pool = practitionerPool(seed);
  const gp = pool[rng.int(0, pool.length - 1)] as PractitionerSummary;
  // Registered some time in the last years, never before birth.
  const registeredMs = Math.max(birthMs + DAY, nowMs - rng.float(30 * DAY, 3 * YEAR));

  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId,
    meta: meta(registeredMs),
    identifier: [{ use: 'usual', type: MR_TYPE, system: SYSTEM.mrn, value: mrn }],
    active: true,
    name: [{ use: 'official', family, given: givenNames, text: `${givenNames.join(' ')} ${family}` }],
    telecom: [{ system: 'phone', value: phone, use: ageYears < 16 || homePhone ? 'home' : 'mobile' }],
    gender,
    birthDate: isoDate(birthMs),
    address: [{ use: 'home', line, city: place.city, state: place.state, postalCode: `${place.zip3}${String(rng.int(1, 99)).padStart(2, '0')}`, country: 'US' }],
    generalPractitioner: [gp.reference],
  };
  return { patient, mrn, displayName, seed, index, patientId, sex, birthMs, nowMs, ageYears, gp };
}

/**
 * The Patient resource alone, for search indexes and benchmarks over many patients: it costs a few
 * microseconds and equals the `patient` of `generatePatient` with the same options.
 */
export function generatePatientOnly(opts: PatientOnlyOptions): PatientOnly {
  const d = buildDemographics(opts);
  return { patient: d.patient, mrn: d.mrn, displayName: d.displayName };
}
