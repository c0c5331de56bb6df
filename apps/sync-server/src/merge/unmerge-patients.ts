/**
 * Undoing a merge: exactly the resources that came from the retired record move back to it (new
 * versions, patient references re-pointed), whatever was written to the survivor since stays; the
 * retired Patient is active again without its replaced-by link, the survivor loses its replaces
 * link, and the care-team links the merge added are removed. Audited with
 * the stated reason.
 */
import { LanternError } from '@lantern/core';
import { restoredPatient, unlinkedSurvivor } from '@lantern/core/mpi';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { writeResource } from '../db/resources.ts';
import { indexMatchKeys } from '../registration/patient-index.ts';
import { patientFromJson, patientJson } from '../registration/patient-json.ts';
import { livePatient, moveResources } from './merge-patients.ts';

const MergeRow = z.object({
  survivor_id: z.string(), retired_id: z.string(), status: z.enum(['merged', 'unmerged']),
  retired_active: z.boolean().nullable(), added_care_team: z.array(z.object({ patient: z.string(), user: z.string() })),
});

export async function unmergePatients(c: pg.ClientBase, actor: Actor, req: { mergeId: string; reason: string }, now: Date): Promise<{ mergeId: string; restored: number }> {
  if (req.reason.trim() === '') throw new LanternError('BAD_INPUT', 'An unmerge needs a reason');
  const r = await c.query(
    'SELECT survivor_id::text, retired_id::text, status, retired_active, added_care_team FROM patient_merges WHERE id = $1 FOR UPDATE', [req.mergeId]);
  const m = MergeRow.optional().parse(r.rows[0]);
  if (m === undefined) throw new LanternError('NOT_FOUND', 'No merge with that id');
  if (m.status !== 'merged') throw new LanternError('CONFLICT', 'This merge has already been undone');
  const ids = z.array(z.object({ resource_type: z.string(), resource_id: z.string() })).parse(
    (await c.query('SELECT resource_type, resource_id FROM patient_merge_resources WHERE merge_id = $1', [req.mergeId])).rows,
  ).map((x) => ({ resourceType: x.resource_type, id: x.resource_id }));

  const [first, second] = [m.survivor_id, m.retired_id].sort();
  const locked = new Map([[first, await livePatient(c, first ?? '')], [second, await livePatient(c, second ?? '')]]);
  const survivor = locked.get(m.survivor_id);
  const retired = locked.get(m.retired_id);
  if (survivor === undefined || retired === undefined) throw new LanternError('NOT_FOUND', 'Patient not found');
  const detail = { via: 'patient-unmerge', merge: req.mergeId };
  const restored = await moveResources(c, m.survivor_id, m.retired_id, ids, { actor, now, detail, direction: 'unmerge' });

  const retiredOut = await writeResource(c, {
    op: 'update', resourceType: 'Patient', id: m.retired_id, patientId: m.retired_id, current: retired.row,
    resource: patientJson(restoredPatient(retired.patient, m.survivor_id, m.retired_active)),
  }, { actor, now, audit: { purposeOfUse: 'HOPERAT', reason: req.reason, detail: { ...detail, role: 'retired' } } });
  await writeResource(c, {
    op: 'update', resourceType: 'Patient', id: m.survivor_id, patientId: m.survivor_id, current: survivor.row,
    resource: patientJson(unlinkedSurvivor(survivor.patient, m.retired_id)),
  }, { actor, now, audit: { purposeOfUse: 'HOPERAT', reason: req.reason, detail: { ...detail, role: 'survivor' } } });
  await indexMatchKeys(c, m.retired_id, retiredOut.version, patientFromJson(retiredOut.resource));
  await c.query(
    'DELETE FROM care_team WHERE (patient_id, user_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))',
    [m.added_care_team.map((x) => x.patient), m.added_care_team.map((x) => x.user)],
  );
  await c.query(
    "UPDATE patient_merges SET status = 'unmerged', unmerged_by = $2, unmerged_at = $3, unmerge_reason = $4 WHERE id = $1",
    [req.mergeId, actor.userId, now, req.reason],
  );
  await appendAuditEvents(c, [serverEvent(actor, {
    action: 'resource-update', outcome: 'success', patientId: m.retired_id, resourceType: 'Patient', resourceId: m.retired_id,
    reason: req.reason, purposeOfUse: 'HOPERAT', detail: { ...detail, decision: 'unmerge', survivor: m.survivor_id, restored: restored.length },
  }, now)]);
  return { mergeId: req.mergeId, restored: restored.length };
}
