/**
 * Synthetic clinicians. Each practitioner is a pure function of (seed, index), so a patient can
 * reference `Practitioner/<id>` of pool member k without generating the others; the pool that
 * patients draw from has PRACTITIONER_POOL_SIZE members, so `generatePractitioners(seed, n)` with
 * n >= PRACTITIONER_POOL_SIZE yields every practitioner a generated patient refers to.
 */
import type { Practitioner, Reference } from '../fhir/types.ts';
import { createRng, STREAM } from './rng.ts';
import { FAMILY, FEMALE_GIVEN, MALE_GIVEN, PLACES, PRACTITIONER_DEGREES } from './names.ts';
import { meta, NPI_SYSTEM } from './fhir-builders.ts';
import { luhnCheckDigit } from './mrn.ts';

export const PRACTITIONER_POOL_SIZE = 40;

/** When the practitioner directory was loaded; fixed so output does not depend on the clock. */
const DIRECTORY_LOADED_MS = Date.parse('2019-06-01T08:00:00Z');

const DEGREE_DISPLAY: Readonly<Record<string, string>> = {
  MD: 'Doctor of Medicine', DO: 'Doctor of Osteopathy', NP: 'Nurse practitioner', PA: 'Physician Assistant',
};

/** NPI check digit: Luhn over the 9-digit body prefixed with 80840 (CMS NPI standard, section 3). */
function npi(body9: string): string {
  return body9 + String(luhnCheckDigit('80840' + body9));
}

export interface PractitionerSummary {
  id: string;
  /** How the name appears on notes and orders, e.g. "Dr. Ana Silva, MD". */
  display: string;
  reference: Reference<Practitioner>;
}

export function generatePractitioner(seed: number, index: number): Practitioner {
  const rng = createRng(seed, index, STREAM.practitioner);
  const id = rng.uuid();
  const female = rng.chance(0.52);
  const given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  const family = rng.pick(FAMILY);
  const degree = rng.weighted(PRACTITIONER_DEGREES);
  const place = rng.pick(PLACES);
  const doctor = degree === 'MD' || degree === 'DO';
  return {
    resourceType: 'Practitioner',
    id,
    meta: meta(DIRECTORY_LOADED_MS + index * 60_000),
    identifier: [{ use: 'official', system: NPI_SYSTEM, value: npi(String(1 + rng.int(0, 1)) + String(rng.int(0, 99_999_999)).padStart(8, '0')) }],
    active: true,
    name: [{ use: 'official', family, given: [given], ...(doctor ? { prefix: ['Dr.'] } : {}), suffix: [degree], text: practitionerDisplay(given, family, degree) }],
    telecom: [{ system: 'phone', value: `(${place.area}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`, use: 'work' }],
    gender: female ? 'female' : 'male',
    qualification: [{ code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360|2.7', code: degree, display: DEGREE_DISPLAY[degree] ?? degree }], text: degree } }],
  };
}

function practitionerDisplay(given: string, family: string, degree: string): string {
  return degree === 'MD' || degree === 'DO' ? `Dr. ${given} ${family}, ${degree}` : `${given} ${family}, ${degree}`;
}

export function generatePractitioners(seed: number, count: number): Practitioner[] {
  const out: Practitioner[] = [];
  for (let i = 0; i < count; i++) out.push(generatePractitioner(seed, i));
  return out;
}

// The pool of the most recent seed, kept so that generating 100,000 patients does not rebuild it.
let cachedSeed: number | null = null;
let cachedPool: PractitionerSummary[] = [];

/** The practitioners patients are attached to, as references (memoized per seed). */
export function practitionerPool(seed: number): readonly PractitionerSummary[] {
  if (cachedSeed !== seed) {
    cachedPool = generatePractitioners(seed, PRACTITIONER_POOL_SIZE).map((p) => {
      const display = p.name?.[0]?.text ?? 'Unknown clinician';
      const id = p.id as string;
      return { id, display, reference: { reference: `Practitioner/${id}`, display } };
    });
    cachedSeed = seed;
  }
  return cachedPool;
}
