/**
 * A generated population with known duplicates, for measuring match quality (the MPI benchmark and
 * the quality test). The originals are the synthetic patients; each duplicate is a second
 * registration of one of them with the slips front desks actually make (Grannis et al., "Analysis
 * of identifier performance using a deterministic linkage algorithm", AMIA 2002; Just et al.,
 * "Why patient matching is a challenge", Perspect Health Inf Manag 2016): a mistyped name, a
 * nickname, day and month transposed, a mistyped birth date, a new address and phone, a married
 * name, names the wrong way round, fields left empty. Fictional people only.
 */
import type { Patient } from '../fhir/types.ts';
import { createRng, type Rng } from '../synthetic/rng.ts';
import { generatePatientOnly } from '../synthetic/patient.ts';
import { PROVISIONAL_MRN_SYSTEM } from './mrn.ts';
import { FAMILY, FEMALE_GIVEN, MALE_GIVEN, PLACES, STREET_NAMES, STREET_SUFFIXES } from '../synthetic/names.ts';

export const DUPLICATE_KINDS = [
  'typo-given', 'typo-family', 'nickname', 'swapped-day-month', 'birth-date-typo', 'moved', 'married-name', 'missing-fields', 'names-swapped',
] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** Streams of the synthetic RNG used here (the generator's own use 1..4). */
const STREAM_EXTRA = 41;
const STREAM_DUPLICATE = 42;
const STREAM_TWIN = 43;

export const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';

/** Original `index` of the population: a synthetic patient, 40% with a (fictional, 9xx) SSN. */
export function populationPatient(seed: number, index: number): Patient {
  const { patient } = generatePatientOnly({ seed, index });
  const rng = createRng(seed, index, STREAM_EXTRA);
  if (!rng.chance(0.4)) return patient;
  // 900-999 area numbers are never issued (SSA), so these cannot be anyone's.
  const ssn = `9${String(rng.int(0, 99)).padStart(2, '0')}${String(rng.int(1, 99)).padStart(2, '0')}${String(rng.int(1, 9999)).padStart(4, '0')}`;
  return { ...patient, identifier: [...(patient.identifier ?? []), { system: SSN_SYSTEM, value: ssn }] };
}

const NICKNAME_OF: Readonly<Record<string, string>> = {
  robert: 'Bob', william: 'Bill', james: 'Jim', john: 'Jack', michael: 'Mike', richard: 'Rick', joseph: 'Joe', thomas: 'Tom',
  charles: 'Charlie', christopher: 'Chris', daniel: 'Dan', matthew: 'Matt', anthony: 'Tony', donald: 'Don', steven: 'Steve',
  andrew: 'Andy', kenneth: 'Ken', timothy: 'Tim', ronald: 'Ron', edward: 'Ed', jeffrey: 'Jeff', nicholas: 'Nick',
  benjamin: 'Ben', samuel: 'Sam', gregory: 'Greg', alexander: 'Alex', patrick: 'Pat', zachary: 'Zach', jacob: 'Jake',
  elizabeth: 'Liz', margaret: 'Peggy', katherine: 'Kate', catherine: 'Cathy', jennifer: 'Jenny', susan: 'Sue', deborah: 'Debbie',
  patricia: 'Patty', barbara: 'Barb', jessica: 'Jess', rebecca: 'Becky', victoria: 'Vicky', dorothy: 'Dot', abigail: 'Abby',
  pamela: 'Pam', kimberly: 'Kim', samantha: 'Sam', stephanie: 'Steph', cynthia: 'Cindy', sandra: 'Sandy', melissa: 'Missy',
  amanda: 'Mandy', kathleen: 'Kathy', christina: 'Tina', nicole: 'Nikki', angela: 'Angie', virginia: 'Ginny', isabella: 'Bella',
};

/** One keying slip: a letter dropped, doubled, replaced or swapped with its neighbour. */
function typo(rng: Rng, s: string): string {
  if (s.length < 3) return `${s}${s.slice(-1)}`;
  const i = rng.int(1, s.length - 2);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  switch (rng.int(0, 3)) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + s.charAt(i) + s.slice(i);
    case 2: return s.slice(0, i) + letters.charAt(rng.int(0, 25)) + s.slice(i + 1);
    default: return s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
  }
}

function dateTypo(rng: Rng, date: string): string {
  const [y = '', m = '', d = ''] = date.split('-');
  if (rng.chance(0.5)) {
    // One digit of the year off by one.
    const at = rng.int(2, 3);
    const digit = (Number(y.charAt(at)) + (rng.chance(0.5) ? 1 : 9)) % 10;
    return `${y.slice(0, at)}${digit}${y.slice(at + 1)}-${m}-${d}`;
  }
  // The day's last digit hit one key off (a neighbouring digit), when that is still a day of every month.
  const last = Number(d.charAt(1));
  const days = [last - 1, last + 1].filter((x) => x >= 0 && x <= 9).map((x) => `${d.charAt(0)}${x}`).filter((x) => Number(x) >= 1 && Number(x) <= 28);
  if (days.length === 0) return `${y.slice(0, 3)}${(Number(y.charAt(3)) + 1) % 10}-${m}-${d}`;
  return `${y}-${m}-${rng.pick(days)}`;
}

function applyKind(p: Patient, kind: DuplicateKind, rng: Rng): Patient {
  const name = p.name?.[0] ?? {};
  const given = [...(name.given ?? [])];
  const family = name.family ?? '';
  const withName = (n: typeof name): Patient => ({ ...p, name: [n] });
  switch (kind) {
    case 'typo-given':
      return withName({ ...name, given: [typo(rng, given[0] ?? 'x'), ...given.slice(1)] });
    case 'typo-family':
      return withName({ ...name, family: typo(rng, family) });
    case 'nickname': {
      const nick = NICKNAME_OF[(given[0] ?? '').toLowerCase()];
      return nick === undefined ? withName({ ...name, given: [typo(rng, given[0] ?? 'x'), ...given.slice(1)] }) : withName({ ...name, given: [nick, ...given.slice(1)] });
    }
    case 'swapped-day-month': {
      const [y = '', m = '', d = ''] = (p.birthDate ?? '').split('-');
      return m !== d && Number(d) <= 12 ? { ...p, birthDate: `${y}-${d}-${m}` } : { ...p, birthDate: dateTypo(rng, p.birthDate ?? '2000-01-01') };
    }
    case 'birth-date-typo':
      return { ...p, birthDate: dateTypo(rng, p.birthDate ?? '2000-01-01') };
    case 'moved': {
      const place = rng.pick(PLACES);
      return {
        ...p,
        address: [{ use: 'home', line: [`${rng.int(1, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`], city: place.city, state: place.state, postalCode: `${place.zip3}${String(rng.int(1, 99)).padStart(2, '0')}`, country: 'US' }],
        telecom: rng.chance(0.5) ? p.telecom ?? [] : [{ system: 'phone', value: `(${place.area}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`, use: 'mobile' }],
      };
    }
    case 'married-name':
      return withName({ ...name, family: rng.pick(FAMILY) });
    case 'missing-fields': {
      const { telecom: _t, address: _a, ...rest } = p;
      return rng.chance(0.5) ? rest : { ...p, telecom: [], gender: 'unknown' };
    }
    case 'names-swapped':
      return withName({ ...name, given: [family], family: given[0] ?? '' });
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export interface GeneratedDuplicate {
  readonly originalIndex: number;
  readonly patient: Patient;
  readonly kinds: readonly DuplicateKind[];
}

/**
 * Duplicate `n` of a population of `size`: a second registration (new id, a provisional MRN of its
 * own, SSN kept half the time) of a random original with one slip (75%) or two.
 */
export function makeDuplicate(seed: number, size: number, n: number): GeneratedDuplicate {
  const rng = createRng(seed, n, STREAM_DUPLICATE);
  const originalIndex = rng.int(0, size - 1);
  const original = populationPatient(seed, originalIndex);
  const kinds = rng.sample(DUPLICATE_KINDS, rng.chance(0.75) ? 1 : 2);
  const ids = (original.identifier ?? []).filter((i) => i.system === SSN_SYSTEM && rng.chance(0.5));
  let patient: Patient = {
    ...original,
    id: rng.uuid(),
    identifier: [...ids, { system: PROVISIONAL_MRN_SYSTEM, value: `P-${n}` }],
  };
  for (const kind of kinds) patient = applyKind(patient, kind, rng);
  return { originalIndex, patient, kinds };
}

/**
 * A twin of original `n % size`: same family name, birth date, address and phone, another given
 * name and no shared identifier. Not a duplicate: the hardest true non-match an MPI meets.
 */
export function twinOf(seed: number, size: number, n: number): Patient {
  const rng = createRng(seed, n, STREAM_TWIN);
  const original = populationPatient(seed, rng.int(0, size - 1));
  const name = original.name?.[0] ?? {};
  const first = (name.given ?? [])[0] ?? '';
  let given = first;
  while (given === first) given = rng.pick(original.gender === 'female' ? FEMALE_GIVEN : MALE_GIVEN);
  return { ...original, id: rng.uuid(), identifier: [{ system: PROVISIONAL_MRN_SYSTEM, value: `T-${n}` }], name: [{ ...name, given: [given] }] };
}

/** A person who is in nobody's records (a fresh walk-in): index beyond the population. */
export const newcomer = (seed: number, size: number, n: number): Patient => populationPatient(seed, size + n);
