/**
 * What a registration screen collects and the Patient it becomes
 * (http://hl7.org/fhir/R4/patient.html): name parts, sex, birth date, address, phone, identifiers
 * with the system they belong to, an emergency contact. The schema is the trust boundary of the
 * workstation's registration procedure; the screen uses it to show field errors.
 */
import { z } from 'zod';
import type { Patient } from '../fhir/types.ts';
import { PROVISIONAL_MRN_SYSTEM } from './mrn.ts';

/** Identifier systems a registrar picks from, with the label shown. */
export const REGISTRATION_IDENTIFIER_SYSTEMS = [
  { system: 'http://hl7.org/fhir/sid/us-ssn', label: 'National ID (SSN)' },
  { system: 'urn:lantern:insurance-member-id', label: 'Insurance member ID' },
  { system: 'http://hl7.org/fhir/sid/passport-USA', label: 'Passport' },
  { system: 'urn:lantern:drivers-license', label: "Driver's license" },
] as const;

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional().transform((s) => (s === undefined || s === '' ? undefined : s));
const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const RegistrationInputSchema = z.object({
  given: text(100).min(1, 'Enter the first name'),
  middle: optionalText(100),
  family: text(100).min(1, 'Enter the last name'),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD').refine(isRealDate, 'Not a real date'),
  addressLine: optionalText(200),
  city: optionalText(100),
  state: optionalText(60),
  postalCode: optionalText(20),
  phone: optionalText(40),
  identifiers: z.array(z.object({ system: z.string().min(1).max(200), value: text(64).min(1, 'Enter the number') })).max(5).default([]),
  emergencyContact: z.object({ name: optionalText(200), relationship: optionalText(60), phone: optionalText(40) }).optional(),
});
export type RegistrationInput = z.input<typeof RegistrationInputSchema>;
export type RegistrationFields = z.output<typeof RegistrationInputSchema>;

/** The Patient a registration makes (no id or MRN yet: `registeredPatient` adds them). */
export function patientFromRegistration(r: RegistrationFields): Patient {
  const given = r.middle === undefined ? [r.given] : [r.given, r.middle];
  const address = [r.addressLine, r.city, r.state, r.postalCode].some((x) => x !== undefined)
    ? [{ use: 'home' as const, ...(r.addressLine === undefined ? {} : { line: [r.addressLine] }), ...(r.city === undefined ? {} : { city: r.city }), ...(r.state === undefined ? {} : { state: r.state }), ...(r.postalCode === undefined ? {} : { postalCode: r.postalCode }) }]
    : undefined;
  const ec = r.emergencyContact;
  const contact = ec !== undefined && (ec.name !== undefined || ec.phone !== undefined)
    ? [{
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Emergency Contact' }], ...(ec.relationship === undefined ? {} : { text: ec.relationship }) }],
        ...(ec.name === undefined ? {} : { name: { text: ec.name } }),
        ...(ec.phone === undefined ? {} : { telecom: [{ system: 'phone' as const, value: ec.phone }] }),
      }]
    : undefined;
  return {
    resourceType: 'Patient',
    active: true,
    name: [{ use: 'official', family: r.family, given, text: `${given.join(' ')} ${r.family}` }],
    gender: r.sex,
    birthDate: r.birthDate,
    ...(r.identifiers.length === 0 ? {} : { identifier: r.identifiers.map((i) => ({ system: i.system, value: i.value })) }),
    ...(r.phone === undefined ? {} : { telecom: [{ system: 'phone' as const, value: r.phone }] }),
    ...(address === undefined ? {} : { address }),
    ...(contact === undefined ? {} : { contact }),
  };
}

/** The registered Patient: its UUID and the provisional MRN as its usual identifier (until the server's MRN). */
export function registeredPatient(r: RegistrationFields, id: string, provisionalMrn: string): Patient {
  const p = patientFromRegistration(r);
  return { ...p, id, identifier: [{ use: 'usual', system: PROVISIONAL_MRN_SYSTEM, value: provisionalMrn }, ...(p.identifier ?? [])] };
}
