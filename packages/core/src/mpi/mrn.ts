/**
 * Medical record numbers. The enterprise MRN is assigned by the server (`MRN` + 8 digits + a Luhn
 * check digit, the shape of the synthetic MRNs); a workstation registering offline gives a
 * provisional MRN (`P` + 9 digits + check digit) from a number range the server assigned to that
 * device, so two offline devices never give out the same one. When the registration syncs, the
 * server adds the enterprise MRN as the usual identifier and keeps the provisional one as a
 * secondary identifier (http://hl7.org/fhir/R4/datatypes.html#Identifier, `use`).
 */
import { SYSTEM } from '../fhir/codes.ts';
import type { Patient } from '../fhir/types.ts';
import { luhnCheckDigit } from '../synthetic/mrn.ts';

export const ENTERPRISE_MRN_SYSTEM = SYSTEM.mrn;
export const PROVISIONAL_MRN_SYSTEM = 'urn:lantern:mrn:provisional';
/** HL7 v2 table 0203 `MR` (medical record number). */
const MR_TYPE = { coding: [{ system: SYSTEM.identifierType, code: 'MR', display: 'Medical record number' }] };

export function enterpriseMrn(n: number): string {
  if (!Number.isSafeInteger(n) || n <= 0 || n > 99_999_999) throw new RangeError('enterpriseMrn: out of range');
  const body = String(n).padStart(8, '0');
  return `MRN${body}${luhnCheckDigit(body)}`;
}

export function provisionalMrn(n: number): string {
  if (!Number.isSafeInteger(n) || n <= 0 || n > 999_999_999) throw new RangeError('provisionalMrn: out of range');
  const body = String(n).padStart(9, '0');
  return `P${body}${luhnCheckDigit(body)}`;
}

/** True when `mrn` has the provisional shape and a correct check digit (a typo is caught). */
export function isProvisionalMrn(mrn: string): boolean {
  const m = /^P(\d{9})(\d)$/.exec(mrn);
  return m !== null && luhnCheckDigit(m[1] as string) === Number(m[2]);
}

export const hasEnterpriseMrn = (p: Patient): boolean => (p.identifier ?? []).some((i) => i.system === ENTERPRISE_MRN_SYSTEM && (i.value ?? '') !== '');

/**
 * The Patient with the enterprise MRN as its usual identifier; a provisional MRN stays, marked
 * secondary. Unchanged when it already has an enterprise MRN.
 */
export function withEnterpriseMrn(p: Patient, mrn: string): Patient {
  if (hasEnterpriseMrn(p)) return p;
  const kept = (p.identifier ?? []).map((i) => (i.system === PROVISIONAL_MRN_SYSTEM ? { ...i, use: 'secondary' as const } : i));
  return { ...p, identifier: [{ use: 'usual', type: MR_TYPE, system: ENTERPRISE_MRN_SYSTEM, value: mrn }, ...kept] };
}
