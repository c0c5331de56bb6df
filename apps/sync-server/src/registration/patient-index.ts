/**
 * The server's master patient index tables, kept in step with Patient writes: identifiers unique
 * per system (`patient_identifiers`), the blocking keys of core's matcher (`patient_match_keys`)
 * and the version they reflect (`patient_index_state`). Written in the transaction of the Patient
 * write, so an identifier clash refuses the write itself.
 */
import type { Patient } from '@lantern/core';
import { blockingKeys, matchPersonFromPatient } from '@lantern/core/mpi';
import type pg from 'pg';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { FhirError } from '../fhir/outcome.ts';
import { patientFromJson } from './patient-json.ts';

/** Identifier (system, value) pairs of a Patient, trimmed; blank ones are not identifiers. */
export function identifiersOf(p: Patient): { system: string; value: string }[] {
  const out = new Map<string, { system: string; value: string }>();
  for (const i of p.identifier ?? []) {
    const system = i.system?.trim() ?? '';
    const value = i.value?.trim() ?? '';
    if (system !== '' && value !== '') out.set(`${system}|${value}`, { system, value });
  }
  return [...out.values()];
}

/**
 * Claims each identifier for `patientId`; an identifier held by another patient is a 409 naming
 * the system only (never the value or the other patient: both would disclose PHI).
 */
export async function claimIdentifiers(c: Queryable, patientId: string, p: Patient): Promise<void> {
  const ids = identifiersOf(p);
  if (ids.length > 0) {
    const r = await c.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(system, value)),
            ins AS (INSERT INTO patient_identifiers (system, value, patient_id) SELECT system, value, $3 FROM wanted ON CONFLICT (system, value) DO NOTHING RETURNING system)
       SELECT pi.system FROM wanted w JOIN patient_identifiers pi USING (system, value) WHERE pi.patient_id <> $3`,
      [ids.map((i) => i.system), ids.map((i) => i.value), patientId],
    );
    const taken = z.array(z.object({ system: z.string() })).parse(r.rows);
    if (taken.length > 0) {
      throw new FhirError('CONFLICT', `identifier already in use by another patient (system ${taken.map((t) => t.system.slice(0, 200)).join(', ')}): this may be the same person; search or $match before registering`, {
        issues: taken.map((t) => ({ path: 'Patient.identifier', message: `system ${t.system.slice(0, 200)}: value already registered` })),
      });
    }
  }
  // Identifiers the patient no longer carries are free again.
  await c.query(
    `DELETE FROM patient_identifiers WHERE patient_id = $1 AND (system, value) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [patientId, ids.map((i) => i.system), ids.map((i) => i.value)],
  );
}

/**
 * Taken before a new record's keys are indexed and its look-alikes searched, held to the commit: two
 * registrations of one person arriving together (two clinics reconnecting at once) would otherwise
 * each search before the other's keys are committed, and the pair would never reach HIM review.
 * Registrations are few, so one lock for all of them costs nothing that matters.
 */
export async function serializeMatching(c: Queryable): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('lantern.mpi.index-and-search'))");
}

/** Replaces the blocking keys of `patientId` and records the version they reflect. */
export async function indexMatchKeys(c: Queryable, patientId: string, version: number, p: Patient | null): Promise<void> {
  await c.query('DELETE FROM patient_match_keys WHERE patient_id = $1', [patientId]);
  const keys = keysOf(patientId, p);
  if (keys.length > 0) {
    await c.query('INSERT INTO patient_match_keys (key, patient_id) SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING', [keys, patientId]);
  }
  await c.query(
    'INSERT INTO patient_index_state (patient_id, version) VALUES ($1, $2) ON CONFLICT (patient_id) DO UPDATE SET version = EXCLUDED.version',
    [patientId, version],
  );
}

const keysOf = (id: string, p: Patient | null): string[] => (p === null || p.active === false ? [] : blockingKeys(matchPersonFromPatient({ ...p, id })));

/** One transaction, four statements, for a batch of patients. */
async function indexBatch(pool: pg.Pool, rows: readonly { id: string; version: number; resource: Record<string, unknown> | null }[]): Promise<void> {
  const keyPids: string[] = [];
  const keys: string[] = [];
  const idPids: string[] = [];
  const systems: string[] = [];
  const values: string[] = [];
  for (const row of rows) {
    const p = row.resource === null ? null : patientFromJson(row.resource);
    for (const k of keysOf(row.id, p)) {
      keyPids.push(row.id);
      keys.push(k);
    }
    for (const i of p === null ? [] : identifiersOf(p)) {
      idPids.push(row.id);
      systems.push(i.system);
      values.push(i.value);
    }
  }
  const ids = rows.map((r) => r.id);
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('DELETE FROM patient_match_keys WHERE patient_id = ANY($1::uuid[])', [ids]);
    await c.query('INSERT INTO patient_match_keys (key, patient_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING', [keys, keyPids]);
    await c.query('INSERT INTO patient_identifiers (system, value, patient_id) SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING', [systems, values, idPids]);
    await c.query(
      `INSERT INTO patient_index_state (patient_id, version) SELECT * FROM unnest($1::uuid[], $2::int[])
       ON CONFLICT (patient_id) DO UPDATE SET version = EXCLUDED.version`,
      [ids, rows.map((r) => r.version)],
    );
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

const PendingRow = z.object({ id: z.string(), version: z.number(), resource: z.record(z.string(), z.unknown()).nullable() });
const BATCH = 1000;
const CATCH_UP_EVERY_MS = 5_000;
const lastCatchUp = new WeakMap<pg.Pool, { at: number; running: Promise<number> | null }>();

/**
 * Indexes Patients the write hook did not see (bulk-loaded demo and imported data, records written
 * before the index existed, writes by sync). Existing identifier clashes are left as they are (a
 * backlog for HIM, not a reason to fail). At most once every few seconds per pool.
 */
export async function catchUpPatientIndex(pool: pg.Pool): Promise<number> {
  const state = lastCatchUp.get(pool) ?? { at: 0, running: null };
  lastCatchUp.set(pool, state);
  if (state.running !== null) return state.running;
  if (Date.now() - state.at < CATCH_UP_EVERY_MS) return 0;
  state.running = (async () => {
    let total = 0;
    for (;;) {
      const r = await pool.query(
        `SELECT r.id, r.version, r.resource FROM resources r LEFT JOIN patient_index_state s ON s.patient_id = r.patient_id
         WHERE r.resource_type = 'Patient' AND (s.version IS NULL OR s.version <> r.version) LIMIT ${BATCH}`,
      );
      const rows = z.array(PendingRow).parse(r.rows);
      if (rows.length > 0) await indexBatch(pool, rows);
      total += rows.length;
      if (rows.length < BATCH) break;
    }
    return total;
  })();
  try {
    return await state.running;
  } finally {
    state.running = null;
    state.at = Date.now();
  }
}
