/**
 * The match score of two people: the Fellegi-Sunter sum of per-field log2 weights plus the prior,
 * turned into a probability (FHIR `Bundle.entry.search.score`, 0..1) and a FHIR match grade
 * (http://hl7.org/fhir/R4/extension-match-grade.html: certain | probable | possible | certainly-not).
 */
import { assertNever } from '../result.ts';
import {
  compareAddress, compareBirthDate, compareFamily, compareGiven, compareIdentifiers, comparePhone, compareSex,
} from './compare.ts';
import type { MatchConfig } from './config.ts';
import type { MatchPerson } from './person.ts';

export const MATCH_FIELDS = ['given', 'family', 'birthDate', 'sex', 'address', 'phone', 'identifier'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export type MatchGrade = 'certain' | 'probable' | 'possible' | 'certainly-not';

/** How one field compared, and what it weighed; a reviewer sees these side by side. */
export interface FieldComparison {
  readonly field: MatchField;
  /** The agreement level (exact, nickname, similar, swappedDayMonth, ..., disagree, conflict). */
  readonly level: string;
  readonly weight: number;
  /** True when the two records do not say the same thing here (anything short of full agreement). */
  readonly differs: boolean;
}

export interface MatchScore {
  /** Posterior probability that the two records are one person, 0..1. */
  readonly score: number;
  /** log2 likelihood ratio plus the prior. */
  readonly weight: number;
  readonly grade: MatchGrade;
  readonly fields: readonly FieldComparison[];
}

const AGREE_LEVELS = new Set(['exact', 'agree']);

export function gradeOf(score: number, config: MatchConfig): MatchGrade {
  const t = config.thresholds;
  if (score >= t.certain) return 'certain';
  if (score >= t.probable) return 'probable';
  if (score >= t.review) return 'possible';
  return 'certainly-not';
}

/** Needs a person's decision: possible or probable (certain is linked, certainly-not dropped). */
export function needsReview(grade: MatchGrade): boolean {
  switch (grade) {
    case 'probable':
    case 'possible':
      return true;
    case 'certain':
    case 'certainly-not':
      return false;
    default:
      return assertNever(grade, 'match grade');
  }
}

const personSystemsCache = new WeakMap<MatchConfig, ReadonlySet<string>>();
function personSystems(config: MatchConfig): ReadonlySet<string> {
  let s = personSystemsCache.get(config);
  if (s === undefined) {
    s = new Set(config.personIdentifierSystems);
    personSystemsCache.set(config, s);
  }
  return s;
}

interface NameComparison {
  given: string | null;
  family: string | null;
  givenWeight: number;
  familyWeight: number;
}

function directNames(a: MatchPerson, b: MatchPerson, config: MatchConfig): NameComparison {
  const given = compareGiven(a, b);
  const family = compareFamily(a, b);
  return { given, family, givenWeight: given === null ? 0 : config.given[given], familyWeight: family === null ? 0 : config.family[family] };
}

/**
 * Names compared as written and, when they disagree, with one record's given and family names
 * exchanged (a registration that put them the wrong way round, common with names whose order
 * differs by culture); the better reading wins, the exchanged one at a small cost.
 */
function compareNames(a: MatchPerson, b: MatchPerson, config: MatchConfig): NameComparison {
  const direct = directNames(a, b, config);
  if (direct.given !== 'disagree' && direct.family !== 'disagree') return direct;
  const first = b.given[0];
  if (first === undefined || b.family.length === 0) return direct;
  const exchanged: MatchPerson = { ...b, given: [b.family.join('')], family: [first], formerFamily: [] };
  const crossed = directNames(a, exchanged, config);
  const penalty = config.nameSwapped / 2;
  if (crossed.givenWeight + crossed.familyWeight + 2 * penalty <= direct.givenWeight + direct.familyWeight) return direct;
  return {
    given: `swapped-${crossed.given ?? 'missing'}`,
    family: `swapped-${crossed.family ?? 'missing'}`,
    givenWeight: crossed.givenWeight + penalty,
    familyWeight: crossed.familyWeight + penalty,
  };
}

export function scoreMatch(a: MatchPerson, b: MatchPerson, config: MatchConfig): MatchScore {
  const fields: FieldComparison[] = [];
  const add = (field: MatchField, level: string | null, weight: number): void => {
    if (level !== null) fields.push({ field, level, weight, differs: !AGREE_LEVELS.has(level) });
  };
  const names = compareNames(a, b, config);
  add('given', names.given, names.givenWeight);
  add('family', names.family, names.familyWeight);
  const birth = compareBirthDate(a, b);
  add('birthDate', birth, birth === null ? 0 : config.birthDate[birth]);
  const sex = compareSex(a, b);
  add('sex', sex, sex === null ? 0 : config.sex[sex]);
  const address = compareAddress(a, b);
  add('address', address, address === null ? 0 : config.address[address]);
  const phone = comparePhone(a, b);
  add('phone', phone, phone === null ? 0 : config.phone[phone]);
  const identifier = compareIdentifiers(a, b, personSystems(config));
  add('identifier', identifier, identifier === null ? 0 : config.identifier[identifier]);

  const weight = fields.reduce((sum, f) => sum + f.weight, config.priorLog2Odds);
  const score = 1 / (1 + 2 ** -weight);
  return { score, weight, grade: gradeOf(score, config), fields };
}
