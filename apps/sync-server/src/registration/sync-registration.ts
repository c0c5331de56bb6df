/**
 * Registrations that arrive by sync (a workstation registered the patient offline): before the
 * push is decided, the registering user joins the new patient's care team, exactly as a FHIR
 * create does, so the policy sees the relation it will have; after the push, the server assigns
 * the enterprise MRN (a new version the workstations pull; the provisional MRN stays, secondary),
 * claims the identifiers and queues likely duplicates for HIM review. Nothing is merged here:
 * two offline registrations of one person become a review item, never one record by themselves.
 */
import type { Mutation, Role } from '@lantern/core';
import { hasEnterpriseMrn, type MatchConfig } from '@lantern/core/mpi';
import type pg from 'pg';
import type { Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { readResource, writeResource } from '../db/resources.ts';
import { findCandidates } from './candidates.ts';
import { queueDuplicate } from './duplicate-queue.ts';
import { indexMatchKeys, serializeMatching } from './patient-index.ts';
import { patientFromJson, patientJson } from './patient-json.ts';
import { joinCareTeamOnRegistration, prepareRegistration } from './register-write.ts';

const isRegistration = (m: Mutation): boolean =>
  m.resourceType === 'Patient' && m.op === 'create' && m.baseVersion === null && (m.resourceId as string) === (m.patientId as string);

/**
 * The care-team link for each new patient the batch registers. Only for a patient id the server
 * has never seen (no row of any type): claiming to "create" an existing patient must not put
 * anyone on its care team. Returns the ids linked.
 */
export async function joinCareTeamsForNewPatients(pool: pg.Pool, user: { userId: string; role: Role }, mutations: readonly Mutation[]): Promise<string[]> {
  const ids = [...new Set(mutations.filter(isRegistration).map((m) => m.patientId as string))];
  if (ids.length === 0) return [];
  const known = await pool.query('SELECT DISTINCT patient_id::text AS id FROM resources WHERE patient_id = ANY($1::uuid[])', [ids]);
  const seen = new Set((known.rows as { id: string }[]).map((r) => r.id));
  const fresh = ids.filter((id) => !seen.has(id));
  for (const id of fresh) await joinCareTeamOnRegistration(pool, user, id);
  return fresh;
}

/** After the push: enterprise MRN, identifiers, blocking keys and the review queue, per registered patient. */
export async function completeSyncRegistrations(pool: pg.Pool, actor: Actor, patientIds: readonly string[], now: Date, config: MatchConfig): Promise<void> {
  for (const id of patientIds) {
    await withTx(pool, async (c) => {
      const current = await readResource(c, 'Patient', id, { forUpdate: true });
      if (current === null || current.deleted || current.resource === null) return; // the push refused it
      let version = current.version;
      let patient = patientFromJson(current.resource);
      if (patient === null) return;
      if (!hasEnterpriseMrn(patient)) {
        // The identifiers are claimed with the MRN; one already held by another patient makes this
        // record a duplicate to review (below), not a refused sync: the registration has happened.
        await c.query('SAVEPOINT claim');
        let withMrn;
        try {
          withMrn = await prepareRegistration(c, id, patientJson(patient));
          await c.query('RELEASE SAVEPOINT claim');
        } catch {
          await c.query('ROLLBACK TO SAVEPOINT claim');
          withMrn = null;
        }
        if (withMrn !== null) {
          const out = await writeResource(c, { op: 'update', resourceType: 'Patient', id, patientId: id, resource: withMrn, current }, {
            actor, now, audit: { purposeOfUse: 'TREAT', detail: { via: 'registration', assigned: 'enterprise-mrn' } },
          });
          version = out.version;
          patient = patientFromJson(out.resource) ?? patient;
        }
      }
      await serializeMatching(c);
      await indexMatchKeys(c, id, version, patient);
      for (const cand of await findCandidates(c, { ...patient, id }, { count: 10, config })) {
        await queueDuplicate(c, { a: id, b: cand.match.id, match: cand.match, now });
      }
    });
  }
}
