/** Synthetic FHIR resources and mutations for tests (no real people). */
import { randomUUID } from 'node:crypto';
import type { Session, TestServer } from './harness.ts';

export type Json = Record<string, unknown>;

export function medicationRequest(patientId: string, id: string, doseMg: number, extra: Json = {}): Json {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361', display: 'amlodipine 5 MG Oral Tablet' }] },
    authoredOn: '2026-11-20T10:00:00Z',
    dosageInstruction: [{ sequence: 1, text: `${doseMg} mg daily`, doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }],
    ...extra,
  };
}

export function observation(patientId: string, id: string, value: number): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2026-11-20T10:00:00Z',
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

export function note(patientId: string, id: string, docStatus: 'preliminary' | 'final' = 'preliminary'): Json {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    docStatus,
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${patientId}` },
    date: '2026-11-20T10:00:00Z',
    content: [{ attachment: { contentType: 'text/plain', data: 'U3ludGhldGljIG5vdGU=' } }],
  };
}

export function mutation(
  s: Session,
  m: { op: 'create' | 'update' | 'delete'; patientId: string; resource: Json | null; resourceType?: string; resourceId?: string; baseVersion?: string | null },
): Json {
  const resourceType = m.resourceType ?? String(m.resource?.['resourceType']);
  const resourceId = m.resourceId ?? String(m.resource?.['id']);
  return {
    mutationId: randomUUID(),
    deviceId: s.deviceId,
    userId: s.userId,
    resourceType,
    resourceId,
    patientId: m.patientId,
    op: m.op,
    baseVersion: m.baseVersion ?? null,
    resource: m.resource,
    createdAt: new Date().toISOString(),
  };
}

/** Demo patients by relation to dr.ada / rn.ben (see demo/seed.ts). */
export async function demoPatients(server: TestServer): Promise<{ careTeam: string[]; unit: string[]; outside: string[]; billing: string[] }> {
  return server.asOwner(async (c) => {
    const ids = async (sql: string) => (await c.query(sql)).rows.map((r: { p: string }) => r.p);
    return {
      careTeam: await ids(`SELECT ct.patient_id AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada' ORDER BY 1`),
      unit: await ids(`SELECT patient_id AS p FROM patient_units ORDER BY 1`),
      billing: await ids(`SELECT ct.patient_id AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'billing.cy' ORDER BY 1`),
      outside: await ids(`SELECT r.patient_id AS p FROM resources r WHERE r.resource_type = 'Patient'
        AND r.patient_id NOT IN (SELECT patient_id FROM care_team) AND r.patient_id NOT IN (SELECT patient_id FROM patient_units) ORDER BY 1`),
    };
  });
}
