/**
 * ADT demographics (PID, HL7 v2.5.1 3.4.2) as FHIR Patient fields, following the v2-to-FHIR PID
 * mapping: PID-5 name, PID-7 birth date, PID-8 sex, PID-11 address, PID-13 home phone. Only fields
 * the message carries are set, so an update never blanks what the sender left empty. Pure.
 */
import type { Message } from 'node-hl7-client';
import { field } from './message.ts';
import { fhirDate, fhirGender } from './hl7-values.ts';

type Json = Record<string, unknown>;

export type Demographics = { ok: true; value: Json } | { ok: false; text: string; location: string };

export function demographicsOf(m: Message): Demographics {
  const out: Json = {};
  const family = field(m, 'PID.5.1');
  const given = [field(m, 'PID.5.2'), field(m, 'PID.5.3')].filter((g) => g !== '');
  if (family !== '' || given.length > 0) out['name'] = [{ use: 'official', ...(family === '' ? {} : { family }), ...(given.length === 0 ? {} : { given }) }];
  const dob = field(m, 'PID.7.1');
  if (dob !== '') {
    const birthDate = fhirDate(dob);
    if (birthDate === null) return { ok: false, text: 'PID-7 date of birth is not a date', location: 'PID^1^7' };
    out['birthDate'] = birthDate;
  }
  const sex = field(m, 'PID.8');
  if (sex !== '') {
    const gender = fhirGender(sex);
    if (gender === null) return { ok: false, text: 'PID-8 administrative sex is not in table 0001', location: 'PID^1^8' };
    out['gender'] = gender;
  }
  const line = [field(m, 'PID.11.1'), field(m, 'PID.11.2')].filter((l) => l !== '');
  const city = field(m, 'PID.11.3');
  const state = field(m, 'PID.11.4');
  const postalCode = field(m, 'PID.11.5');
  const country = field(m, 'PID.11.6');
  if (line.length > 0 || city !== '' || postalCode !== '') {
    out['address'] = [{ use: 'home', ...(line.length === 0 ? {} : { line }), ...(city === '' ? {} : { city }), ...(state === '' ? {} : { state }), ...(postalCode === '' ? {} : { postalCode }), ...(country === '' ? {} : { country }) }];
  }
  const phone = field(m, 'PID.13.1') || field(m, 'PID.13.12');
  if (phone !== '') out['telecom'] = [{ system: 'phone', value: phone, use: 'home' }];
  return { ok: true, value: out };
}

type Entry = Record<string, unknown>;

/** Same slot: the same `use` (and, for contact points, the same `system`). */
function sameSlot(a: Entry, b: Entry): boolean {
  return a['use'] === b['use'] && a['system'] === b['system'];
}

function replaceSlot(current: unknown, incoming: Entry[]): Entry[] {
  const kept = Array.isArray(current) ? (current as Entry[]) : [];
  const out = [...kept];
  for (const entry of incoming) {
    const i = out.findIndex((e) => sameSlot(e, entry));
    if (i === -1) out.unshift(entry);
    else out[i] = entry;
  }
  return out;
}

/**
 * A registration system's update applied to the patient: what PID carries replaces the matching
 * entry (the official name, the home address, the home phone), and what the sender does not know
 * about (a maiden name, a work address, a mobile number, an email registered at the clinic) is kept.
 * Replacing the whole list would silently lose those. Pure.
 */
export function applyDemographics(patient: Json, demo: Json): Json {
  const out: Json = { ...patient };
  for (const [k, v] of Object.entries(demo)) {
    out[k] = (k === 'name' || k === 'address' || k === 'telecom') && Array.isArray(v) ? replaceSlot(patient[k], v as Entry[]) : v;
  }
  return out;
}
