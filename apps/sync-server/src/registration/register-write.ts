/**
 * What a Patient write does besides being stored, in the same transaction (FHIR POST, PUT,
 * transaction entries): the registering user joins the new patient's care team (when the policy
 * lets their role register on their own care team); the enterprise MRN is assigned when the
 * record has none (a provisional MRN stays as a secondary identifier); identifiers are claimed,
 * unique per system; after the write, the record's blocking keys are indexed and a new record that
 * looks like an existing one is queued for HIM review. Nothing is ever merged here.
 */
import { decideAccess, resourceJson, type ResourceJson, type Role } from '@lantern/core';
import { enterpriseMrn, hasEnterpriseMrn, withEnterpriseMrn, type MatchConfig } from '@lantern/core/mpi';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { unprocessable } from '../fhir/outcome.ts';
import { findCandidates } from './candidates.ts';
import { claimIdentifiers, indexMatchKeys, serializeMatching } from './patient-index.ts';
import { queueDuplicate } from './duplicate-queue.ts';
import { patientFromJson } from './patient-json.ts';

/** Before the access decision on a new Patient: its registering user is on its care team. */
export async function joinCareTeamOnRegistration(c: Queryable, user: { userId: string; role: Role }, patientId: string): Promise<void> {
  if (!decideAccess({ role: user.role, resourceType: 'Patient', action: 'create', relation: 'care-team' }).allowed) return;
  await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [patientId, user.userId]);
}

/** Before the write: the enterprise MRN when missing, and the identifiers claimed (409 on a clash). */
export async function prepareRegistration(c: Queryable, patientId: string, resource: ResourceJson): Promise<ResourceJson> {
  let p = patientFromJson(resource);
  if (p === null) throw unprocessable('Patient', 'not a valid Patient');
  if (!hasEnterpriseMrn(p) && p.active !== false) {
    const r = await c.query("SELECT nextval('enterprise_mrn_seq') AS n");
    const n = z.object({ n: z.coerce.number() }).parse(r.rows[0]).n;
    p = withEnterpriseMrn(p, enterpriseMrn(n));
  }
  await claimIdentifiers(c, patientId, p);
  return resourceJson(p);
}

/** After the write: blocking keys indexed; a new record resembling others is queued for review. */
export async function afterPatientWrite(c: Queryable, w: { patientId: string; version: number; resource: ResourceJson | null; created: boolean; now: Date; config: MatchConfig }): Promise<void> {
  const p = w.resource === null ? null : patientFromJson(w.resource);
  if (w.created && p !== null) await serializeMatching(c);
  await indexMatchKeys(c, w.patientId, w.version, p);
  if (!w.created || p === null) return;
  for (const cand of await findCandidates(c, { ...p, id: w.patientId }, { count: 10, config: w.config })) {
    await queueDuplicate(c, { a: w.patientId, b: cand.match.id, match: cand.match, now: w.now });
  }
}
