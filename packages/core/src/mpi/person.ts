/**
 * What the matcher compares: a Patient (http://hl7.org/fhir/R4/patient.html) reduced to normalised
 * name tokens, birth date, sex, address, phones and identifiers. Made once per record (the index
 * keeps them), so scoring never re-normalises.
 */
import type { Patient } from '../fhir/types.ts';
import { digitsOnly, nameTokens, normalizeName, phonetic } from './strings.ts';

export type MatchSex = 'male' | 'female' | 'other' | 'unknown';

export interface MatchIdentifier {
  readonly system: string;
  readonly value: string;
}

export interface MatchPerson {
  /** The Patient's id. */
  readonly id: string;
  /** Given name tokens of the current name, first given name first. */
  readonly given: readonly string[];
  /** Family name tokens of the current name ("García-López" -> garcia, lopez). */
  readonly family: readonly string[];
  /** Family tokens of former names (`use: old` or `maiden`), so a married name still matches. */
  readonly formerFamily: readonly string[];
  /** Double Metaphone of the first given and first family token. */
  readonly givenPhonetic: string;
  readonly familyPhonetic: string;
  readonly sex: MatchSex | null;
  /** YYYY-MM-DD, or null when not known to the day. */
  readonly birthDate: string | null;
  /** Normalised first address line ("12 Oak St" -> 12oakst), and the 5-digit postal code. */
  readonly addressLine: string | null;
  readonly postalCode: string | null;
  /** The last 10 digits of each phone number. */
  readonly phones: readonly string[];
  readonly identifiers: readonly MatchIdentifier[];
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function currentName(patient: Patient): NonNullable<Patient['name']>[number] | undefined {
  const names = patient.name ?? [];
  return names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'maiden') ?? names[0];
}

/** The matcher's view of a Patient. Missing parts are empty or null, which the scorer treats as "no evidence". */
export function matchPersonFromPatient(patient: Patient): MatchPerson {
  const name = currentName(patient);
  const given = (name?.given ?? []).flatMap(nameTokens);
  const family = nameTokens(name?.family ?? '');
  const formerFamily = (patient.name ?? [])
    .filter((n) => n !== name && (n.use === 'old' || n.use === 'maiden'))
    .flatMap((n) => nameTokens(n.family ?? ''));
  const address = patient.address?.find((a) => a.use !== 'old') ?? patient.address?.[0];
  const line = address?.line?.[0];
  const postal = address?.postalCode === undefined ? '' : digitsOnly(address.postalCode).slice(0, 5);
  const phones = (patient.telecom ?? [])
    .filter((t) => t.system === 'phone' && t.value !== undefined)
    .map((t) => digitsOnly(t.value ?? '').slice(-10))
    .filter((p) => p.length >= 7);
  const identifiers = (patient.identifier ?? [])
    .filter((i) => i.system !== undefined && i.value !== undefined && i.value !== '')
    .map((i) => ({ system: i.system ?? '', value: normalizeName(i.value ?? '') }));
  return {
    id: patient.id ?? '',
    given,
    family,
    formerFamily,
    givenPhonetic: phonetic(given[0] ?? ''),
    familyPhonetic: phonetic(family[0] ?? ''),
    sex: patient.gender ?? null,
    birthDate: patient.birthDate !== undefined && FULL_DATE.test(patient.birthDate) ? patient.birthDate : null,
    addressLine: line === undefined || normalizeName(line) === '' ? null : normalizeName(line),
    postalCode: postal.length === 5 ? postal : null,
    phones,
    identifiers,
  };
}
