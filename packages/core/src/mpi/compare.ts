/**
 * Field comparators: each looks at one part of two people and names the agreement level, which the
 * config turns into a weight. `null` means no evidence (the field is missing on either side), which
 * weighs nothing: a registration with no phone is neither for nor against a match.
 */
import { areNicknames } from './nicknames.ts';
import type { MatchPerson } from './person.ts';
import { editDistance, jaroWinkler } from './strings.ts';

export type GivenLevel = 'exact' | 'nickname' | 'similar' | 'initial' | 'disagree';
export type FamilyLevel = 'exact' | 'similar' | 'former' | 'disagree';
export type BirthDateLevel = 'exact' | 'swappedDayMonth' | 'typo' | 'disagree';
export type SexLevel = 'agree' | 'disagree';
export type AddressLevel = 'exact' | 'similar' | 'postalOnly' | 'disagree';
export type PhoneLevel = 'agree' | 'disagree';
export type IdentifierLevel = 'agree' | 'conflict';

/** One mistyped letter, or Jaro-Winkler close: the usual threshold for names (Winkler 1990). */
function similarToken(a: string, b: string): boolean {
  if (a.length >= 4 && b.length >= 4 && editDistance(a, b) <= 1) return true;
  return jaroWinkler(a, b) >= 0.9;
}

export function compareGiven(a: MatchPerson, b: MatchPerson): GivenLevel | null {
  const x = a.given[0];
  const y = b.given[0];
  if (x === undefined || y === undefined) return null;
  if (x === y) return 'exact';
  if (areNicknames(x, y)) return 'nickname';
  if (similarToken(x, y)) return 'similar';
  // First and middle names swapped, or the middle name used as the first: the same name, elsewhere.
  if (b.given.slice(1).some((t) => t === x || areNicknames(t, x)) || a.given.slice(1).some((t) => t === y || areNicknames(t, y))) return 'similar';
  if ((x.length === 1 || y.length === 1) && x[0] === y[0]) return 'initial';
  return 'disagree';
}

export function compareFamily(a: MatchPerson, b: MatchPerson): FamilyLevel | null {
  if (a.family.length === 0 || b.family.length === 0) return null;
  const x = a.family.join('');
  const y = b.family.join('');
  if (x === y) return 'exact';
  if (similarToken(x, y)) return 'similar';
  // A double-barrelled name written with one part ("García-López" / "García").
  if (a.family.some((t) => b.family.includes(t))) return 'similar';
  // A married (or maiden) name recorded as a former name on either record.
  if (a.formerFamily.some((t) => b.family.includes(t)) || b.formerFamily.some((t) => a.family.includes(t))) return 'former';
  return 'disagree';
}

export function compareBirthDate(a: MatchPerson, b: MatchPerson): BirthDateLevel | null {
  const x = a.birthDate;
  const y = b.birthDate;
  if (x === null || y === null) return null;
  if (x === y) return 'exact';
  const [xy, xm, xd] = x.split('-');
  const [yy, ym, yd] = y.split('-');
  // Day and month transposed (03/04 read as 04/03, US vs European order).
  if (xy === yy && xm === yd && xd === ym) return 'swappedDayMonth';
  // One mistyped digit, in either day/month order.
  const xs = `${xy ?? ''}${xm ?? ''}${xd ?? ''}`;
  if (editDistance(xs, `${yy ?? ''}${ym ?? ''}${yd ?? ''}`) <= 1 || editDistance(xs, `${yy ?? ''}${yd ?? ''}${ym ?? ''}`) <= 1) return 'typo';
  return 'disagree';
}

export function compareSex(a: MatchPerson, b: MatchPerson): SexLevel | null {
  const known = (s: MatchPerson['sex']): boolean => s === 'male' || s === 'female';
  if (!known(a.sex) || !known(b.sex)) return null;
  return a.sex === b.sex ? 'agree' : 'disagree';
}

export function compareAddress(a: MatchPerson, b: MatchPerson): AddressLevel | null {
  if (a.addressLine !== null && b.addressLine !== null) {
    if (a.addressLine === b.addressLine) return 'exact';
    if (jaroWinkler(a.addressLine, b.addressLine) >= 0.92) return 'similar';
  }
  if (a.postalCode !== null && b.postalCode !== null) return a.postalCode === b.postalCode ? 'postalOnly' : 'disagree';
  if (a.addressLine !== null && b.addressLine !== null) return 'disagree';
  return null;
}

export function comparePhone(a: MatchPerson, b: MatchPerson): PhoneLevel | null {
  if (a.phones.length === 0 || b.phones.length === 0) return null;
  return a.phones.some((p) => b.phones.includes(p)) ? 'agree' : 'disagree';
}

/** Any shared identifier (same system and value) agrees; a different value in a person-level system conflicts. */
export function compareIdentifiers(a: MatchPerson, b: MatchPerson, personSystems: ReadonlySet<string>): IdentifierLevel | null {
  let conflict = false;
  for (const x of a.identifiers) {
    for (const y of b.identifiers) {
      if (x.system !== y.system) continue;
      if (x.value === y.value) return 'agree';
      if (personSystems.has(x.system)) conflict = true;
    }
  }
  return conflict ? 'conflict' : null;
}
