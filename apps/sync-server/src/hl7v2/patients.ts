/**
 * Finding the patient a v2 message is about, by PID-3 (patient identifier list, HL7 v2.5.1 3.4.2.3)
 * in the master patient index's identifier table (registration/patient-index.ts): an identifier
 * is unique per system, so a known MRN names exactly one patient.
 */
import { ENTERPRISE_MRN_SYSTEM, isProvisionalMrn, PROVISIONAL_MRN_SYSTEM } from '@lantern/core/mpi';
import type { Message } from 'node-hl7-client';
import type pg from 'pg';
import { z } from 'zod';
import { field } from './message.ts';

export interface PidIdentifier {
  system: string;
  value: string;
}

/**
 * PID-3's first identifier with its system: Lantern's own enterprise or provisional MRN when it has
 * that shape, otherwise the assigning authority's namespace (PID-3.4, else the sending facility).
 */
export function pidIdentifier(m: Message, sendingFacility: string): PidIdentifier | null {
  const value = field(m, 'PID.3.1');
  if (value === '') return null;
  if (/^MRN\d{9}$/.test(value)) return { system: ENTERPRISE_MRN_SYSTEM, value };
  if (isProvisionalMrn(value)) return { system: PROVISIONAL_MRN_SYSTEM, value };
  const authority = field(m, 'PID.3.4.1') || sendingFacility;
  return { system: `urn:lantern:hl7v2:mr:${authority.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}`, value };
}

export async function patientByIdentifier(pool: pg.Pool, id: PidIdentifier): Promise<string | null> {
  const r = await pool.query('SELECT patient_id::text AS p FROM patient_identifiers WHERE system = $1 AND value = $2', [id.system, id.value]);
  return r.rows[0] === undefined ? null : z.object({ p: z.string() }).parse(r.rows[0]).p;
}
