/**
 * The few identifiers a privacy officer or administrator needs to pick a patient (name, MRN,
 * birth date) without opening the chart: no clinical content leaves here. Every lookup is audited
 * by the caller as a search.
 */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';

export interface PatientLabel {
  patientId: string;
  name: string;
  mrn: string | null;
  birthDate: string | null;
}

const Row = z.object({ patient_id: z.string(), resource: z.record(z.string(), z.unknown()) });
const Name = z.object({ family: z.string().optional(), given: z.array(z.string()).optional(), text: z.string().optional() });
const Ident = z.object({ value: z.string().optional(), type: z.object({ coding: z.array(z.object({ code: z.string().optional() })).optional() }).optional() });

function label(raw: unknown): PatientLabel {
  const { patient_id, resource } = Row.parse(raw);
  const n = Name.safeParse(Array.isArray(resource['name']) ? resource['name'][0] : undefined);
  const name = n.success ? (n.data.text ?? [...(n.data.given ?? []), n.data.family ?? ''].join(' ').trim()) : '';
  const ids = z.array(Ident).safeParse(resource['identifier']);
  const mrn = ids.success ? (ids.data.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value ?? ids.data[0]?.value ?? null) : null;
  const birthDate = typeof resource['birthDate'] === 'string' ? resource['birthDate'] : null;
  return { patientId: patient_id, name: name === '' ? '(no name)' : name, mrn, birthDate };
}

const COLS = `patient_id::text AS patient_id, jsonb_build_object('name', resource->'name', 'identifier', resource->'identifier', 'birthDate', resource->'birthDate') AS resource`;

/** Patients by name, MRN or birth date (YYYY-MM-DD); at most 25. */
export async function findPatientLabels(q: Queryable, text: string): Promise<PatientLabel[]> {
  const t = text.trim().toLowerCase();
  if (t.length < 2) return [];
  const r = await q.query(
    `SELECT ${COLS} FROM resources WHERE resource_type = 'Patient' AND NOT deleted AND (
       lower(resource->>'birthDate') = $1
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(resource->'identifier', '[]')) i WHERE lower(i->>'value') = $1)
       OR (SELECT bool_and(position(w IN lower(coalesce(resource->>'name', ''))) > 0) FROM unnest(string_to_array($1, ' ')) AS w WHERE w <> '')
     ) ORDER BY resource->'name'->0->>'family', patient_id LIMIT 25`,
    [t],
  );
  return r.rows.map(label);
}

export async function patientLabels(q: Queryable, ids: readonly string[]): Promise<Map<string, PatientLabel>> {
  const uuids = ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i));
  if (uuids.length === 0) return new Map();
  const r = await q.query(`SELECT ${COLS} FROM resources WHERE resource_type = 'Patient' AND patient_id = ANY($1::uuid[])`, [uuids]);
  return new Map(r.rows.map(label).map((l) => [l.patientId, l]));
}
