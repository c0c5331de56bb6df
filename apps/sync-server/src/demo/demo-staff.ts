/**
 * The demo's staff as FHIR Practitioners (http://hl7.org/fhir/R4/practitioner.html), one per demo user,
 * so the workstation shows "Dr. Ada Lovelace" rather than "dr.ada" in the top bar and on what she orders
 * and signs (the server's sign-in answer carries `name[0].text`). Ids, NPIs and phone numbers come from
 * core's deterministic practitioner generator (pool indexes 1000 and up, far from the patients' pool);
 * names are fixed. Surnames are not in the synthetic patients' surname list, so no demo user raises a
 * same-surname privacy alert by accident (dr.ada's planned one comes from `users.family_name`).
 */
import type { Practitioner } from '@lantern/core';
import { generatePractitioner, type PractitionerSummary } from '@lantern/core/synthetic';

interface Staff { given: string; family: string; gender: 'female' | 'male'; prefix?: string; suffix?: 'MD' | 'RN'; text: string }

const DEGREE = { MD: 'Doctor of Medicine', RN: 'Registered Nurse' } as const;

/** By username; the display text is what the workstation shows. */
export const DEMO_STAFF: Readonly<Record<string, Staff>> = {
  'dr.ada': { given: 'Ada', family: 'Lovelace', gender: 'female', prefix: 'Dr.', suffix: 'MD', text: 'Dr. Ada Lovelace' },
  'rn.ben': { given: 'Ben', family: 'Carter', gender: 'male', suffix: 'RN', text: 'Ben Carter, RN' },
  'billing.cy': { given: 'Cy', family: 'Whitfield', gender: 'male', text: 'Cy Whitfield' },
  'privacy.dee': { given: 'Dee', family: 'Hargreave', gender: 'female', text: 'Dee Hargreave' },
  'admin.eve': { given: 'Eve', family: 'Castellano', gender: 'female', text: 'Eve Castellano' },
  'reg.fay': { given: 'Fay', family: 'Lindgren', gender: 'female', text: 'Fay Lindgren' },
};

const STAFF_POOL_START = 1000;

/** The Practitioner of the demo user at `position` in the user list. */
export function demoStaffPractitioner(seed: number, position: number, username: string): Practitioner | null {
  const staff = DEMO_STAFF[username];
  if (staff === undefined) return null;
  // The generated degree and name are replaced; a non-clinical user has no qualification.
  const { qualification: _generated, ...base } = generatePractitioner(seed, STAFF_POOL_START + position);
  const suffix = staff.suffix;
  return {
    ...base,
    gender: staff.gender,
    name: [{ use: 'official', family: staff.family, given: [staff.given], ...(staff.prefix === undefined ? {} : { prefix: [staff.prefix] }), ...(suffix === undefined ? {} : { suffix: [suffix] }), text: staff.text }],
    ...(suffix === undefined ? {} : { qualification: [{ code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360|2.7', code: suffix, display: DEGREE[suffix] }], text: suffix } }] }),
  };
}

/** A Practitioner as the attending on an Encounter. */
export function asAttending(p: Practitioner): PractitionerSummary {
  const id = p.id ?? '';
  const display = p.name?.[0]?.text ?? 'Unknown clinician';
  return { id, display, reference: { reference: `Practitioner/${id}`, display } };
}
