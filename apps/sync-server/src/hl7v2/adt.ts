/**
 * ADT^A01 (admit), A04 (register) and A08 (update patient information) from an ADT interface,
 * through the server's registration (registration/register-write.ts runs on every Patient write):
 * the patient is found by PID-3 in the identifier index; a known patient is updated (an A01/A04 for
 * a patient Lantern has is an update, never a second record); an unknown one is registered (A01/A04)
 * and gets its enterprise MRN, and a new record resembling an existing one is queued for HIM review,
 * as a workstation registration is. An A08 for an unknown patient is an application error.
 * Writes go through the FHIR API as the interface's account (the demo lab's write path).
 */
import type { Message } from 'node-hl7-client';
import { z } from 'zod';
import { idFromLocation, LabFhirClient } from '../lab-simulator/fhir-client.ts';
import { applyDemographics, demographicsOf } from './adt-mapping.ts';
import type { Hl7Deps } from './deps.ts';
import { interfaceToken, joinCareTeam, type Hl7Interface } from './interfaces.ts';
import { accepted, appError, reject, type Hl7Outcome } from './message.ts';
import { patientByIdentifier, pidIdentifier } from './patients.ts';

export const ADT_EVENTS = ['A01', 'A04', 'A08'] as const;
const isAdtEvent = (e: string): e is (typeof ADT_EVENTS)[number] => (ADT_EVENTS as readonly string[]).includes(e);

const StoredPatient = z.looseObject({ resourceType: z.literal('Patient'), meta: z.looseObject({ versionId: z.string() }).optional() });

export async function handleAdt(d: Hl7Deps, iface: Hl7Interface, m: Message, event: string): Promise<Hl7Outcome> {
  if (!isAdtEvent(event)) return reject({ condition: '201', text: `ADT event ${event.slice(0, 3)} is not supported (A01, A04, A08)`, location: 'MSH^1^9^2' });
  if (!m.exists('PID')) return reject({ condition: '100', text: 'PID segment is required', location: 'PID^1' });
  const ident = pidIdentifier(m, iface.sendingFacility);
  if (ident === null) return reject({ condition: '101', text: 'PID-3 patient identifier is required', location: 'PID^1^3' });
  const demo = demographicsOf(m);
  if (!demo.ok) return appError({ condition: '102', text: demo.text, location: demo.location });
  const fhir = new LabFhirClient(d.app, () => interfaceToken(d.keys, d.clock, iface));
  const existing = await patientByIdentifier(d.pool, ident);

  if (existing === null) {
    if (event === 'A08') return appError({ condition: '204', text: 'Unknown patient identifier in PID-3', location: 'PID^1^3' });
    if (demo.value['name'] === undefined) return reject({ condition: '101', text: 'PID-5 patient name is required to register', location: 'PID^1^5' });
    const res = await fhir.request('POST', '/Patient', { resourceType: 'Patient', active: true, identifier: [{ use: 'usual', system: ident.system, value: ident.value }], ...demo.value });
    const id = idFromLocation(res.location, 'Patient');
    if (res.status === 409) return appError({ condition: '204', text: 'PID-3 identifier is held by another patient', location: 'PID^1^3' });
    if (res.status !== 201 || id === null) return appError({ condition: '207', text: `Registration refused by the record (HTTP ${res.status})` });
    return accepted(id);
  }

  // The interface joins the patient's care team: how the policy lets a registrar update this record.
  await joinCareTeam(d.pool, iface, existing);
  const current = await fhir.request('GET', `/Patient/${existing}`);
  const parsed = StoredPatient.safeParse(current.body);
  if (current.status !== 200 || !parsed.success) return appError({ condition: '207', text: `Patient could not be read (HTTP ${current.status})` }, existing);
  const { meta, ...patient } = parsed.data;
  const res = await fhir.request('PUT', `/Patient/${existing}`, { ...applyDemographics(patient, demo.value), id: existing }, meta === undefined ? {} : { 'if-match': `W/"${meta.versionId}"` });
  if (res.status !== 200) return appError({ condition: '207', text: `Update refused by the record (HTTP ${res.status})` }, existing);
  return accepted(existing);
}
