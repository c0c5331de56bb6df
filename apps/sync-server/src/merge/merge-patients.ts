/**
 * Merging two patient records (HIM, master patient index). Every current resource of the retired
 * record moves to the survivor as a new version with its patient references re-pointed, through the
 * one write path, so workstations pull the moves from the change feed like any other write. The
 * retired Patient stays as a tombstone for reads (inactive, `link` replaced-by; FHIR R4 Patient.link),
 * the survivor gets `link` replaces, the survivor's care team gains the retired record's members, and
 * the moved resource ids are kept (patient_merges, patient_merge_resources) so an unmerge moves back
 * exactly those. One transaction; audited per moved resource and once for the merge with its reason.
 */
import { randomUUID } from 'node:crypto';
import { LanternError, type Patient, type ResourceJson } from '@lantern/core';
import { repointReferences, retiredPatient, survivingPatient, tagMergedFrom, untagMergedFrom } from '@lantern/core/mpi';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { persistWrites, prepareWrite, readResource, StoredResourceSchema, writeAuditEvent, writeResource, type StoredResource } from '../db/resources.ts';
import { indexMatchKeys } from '../registration/patient-index.ts';
import { patientFromJson, patientJson } from '../registration/patient-json.ts';

export interface MergeRequest {
  survivorId: string;
  retiredId: string;
  reason: string;
  reviewId?: string | undefined;
}

export interface MergeOutcome {
  mergeId: string;
  survivorId: string;
  retiredId: string;
  moved: number;
}

const MERGE_AUDIT = { purposeOfUse: 'HOPERAT' } as const;

/** Locks and reads a live Patient; a missing, deleted or already merged record refuses the merge. */
export async function livePatient(c: pg.ClientBase, id: string): Promise<{ row: StoredResource; patient: Patient }> {
  const row = await readResource(c, 'Patient', id, { forUpdate: true });
  const patient = row === null || row.deleted ? null : patientFromJson(row.resource);
  if (row === null || patient === null) throw new LanternError('NOT_FOUND', 'Patient not found');
  return { row, patient };
}

/**
 * Moves the current resources `ids` (or every non-Patient resource when `ids` is null) from one
 * patient to another: each is deleted from the old patient's partition and written, one version
 * later, under the new one. Returns the moved (type, id) pairs.
 */
export async function moveResources(
  c: pg.ClientBase, from: string, to: string, ids: readonly { resourceType: string; id: string }[] | null,
  ctx: { actor: Actor; now: Date; detail: Record<string, string>; direction: 'merge' | 'unmerge' },
): Promise<{ resourceType: string; id: string }[]> {
  const r = ids === null
    ? await c.query(
      `SELECT patient_id, resource_type, id, version, deleted, resource, seq, last_updated FROM resources
       WHERE patient_id = $1 AND resource_type <> 'Patient' AND NOT deleted ORDER BY resource_type, id FOR UPDATE`, [from])
    : await c.query(
      `SELECT patient_id, resource_type, id, version, deleted, resource, seq, last_updated FROM resources
       WHERE patient_id = $1 AND NOT deleted AND (resource_type, id) IN (SELECT * FROM unnest($2::text[], $3::text[])) ORDER BY resource_type, id FOR UPDATE`,
      [from, ids.map((i) => i.resourceType), ids.map((i) => i.id)]);
  const rows = z.array(StoredResourceSchema).parse(r.rows);
  if (rows.length === 0) return [];
  await c.query(
    'DELETE FROM resources WHERE patient_id = $1 AND (resource_type, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))',
    [from, rows.map((x) => x.resourceType), rows.map((x) => x.id)],
  );
  const writes = rows.map((row) => prepareWrite({
    op: 'update', resourceType: row.resourceType, id: row.id, patientId: to, current: row,
    // The merged-from tag lets a workstation that holds only the survivor drop these on an unmerge.
    resource: (ctx.direction === 'merge' ? tagMergedFrom(repointReferences(row.resource ?? {}, from, to), from) : untagMergedFrom(repointReferences(row.resource ?? {}, from, to))) as ResourceJson,
  }, ctx.now));
  await persistWrites(c, writes, ctx.actor);
  await appendAuditEvents(c, writes.map((p) => writeAuditEvent(p, { actor: ctx.actor, now: ctx.now, audit: { ...MERGE_AUDIT, detail: { ...ctx.detail, from } } })));
  return rows.map((x) => ({ resourceType: x.resourceType, id: x.id }));
}

/** Merges `retiredId` into `survivorId`. Run inside a transaction. */
export async function mergePatients(c: pg.ClientBase, actor: Actor, req: MergeRequest, now: Date): Promise<MergeOutcome> {
  if (req.survivorId === req.retiredId) throw new LanternError('BAD_INPUT', 'A record cannot be merged into itself');
  if (req.reason.trim() === '') throw new LanternError('BAD_INPUT', 'A merge needs a reason');
  // Lock in id order so two merges of the same pair cannot deadlock.
  const [first, second] = [req.survivorId, req.retiredId].sort();
  const locked = new Map([[first, await livePatient(c, first ?? '')], [second, await livePatient(c, second ?? '')]]);
  const survivor = locked.get(req.survivorId);
  const retired = locked.get(req.retiredId);
  if (survivor === undefined || retired === undefined) throw new LanternError('NOT_FOUND', 'Patient not found');
  if (retired.patient.active === false || survivor.patient.active === false) {
    throw new LanternError('CONFLICT', 'An inactive or already merged record cannot take part in a merge; unmerge it first');
  }
  const mergeId = randomUUID();
  const detail = { via: 'patient-merge', merge: mergeId };
  const moved = await moveResources(c, req.retiredId, req.survivorId, null, { actor, now, detail, direction: 'merge' });

  const retiredOut = await writeResource(c, {
    op: 'update', resourceType: 'Patient', id: req.retiredId, patientId: req.retiredId, current: retired.row,
    resource: patientJson(retiredPatient(retired.patient, req.survivorId)),
  }, { actor, now, audit: { ...MERGE_AUDIT, reason: req.reason, detail: { ...detail, role: 'retired' } } });
  await writeResource(c, {
    op: 'update', resourceType: 'Patient', id: req.survivorId, patientId: req.survivorId, current: survivor.row,
    resource: patientJson(survivingPatient(survivor.patient, req.retiredId)),
  }, { actor, now, audit: { ...MERGE_AUDIT, reason: req.reason, detail: { ...detail, role: 'survivor', moved: moved.length } } });
  // The retired record is no longer a match candidate (inactive records have no blocking keys).
  await indexMatchKeys(c, req.retiredId, retiredOut.version, patientFromJson(retiredOut.resource));

  // Care teams are unioned: whoever cared for either record sees the one chart and the tombstone.
  const added = await c.query(
    `INSERT INTO care_team (patient_id, user_id)
       SELECT $1::uuid, user_id FROM care_team WHERE patient_id = $2 UNION SELECT $2::uuid, user_id FROM care_team WHERE patient_id = $1
     ON CONFLICT DO NOTHING RETURNING patient_id::text AS patient, user_id::text AS "user"`, [req.survivorId, req.retiredId]);
  const addedLinks = z.array(z.object({ patient: z.string(), user: z.string() })).parse(added.rows);

  await c.query(
    `INSERT INTO patient_merges (id, survivor_id, retired_id, reason, review_id, retired_active, added_care_team, merged_by, merged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
    [mergeId, req.survivorId, req.retiredId, req.reason, req.reviewId ?? null, retired.patient.active ?? null, JSON.stringify(addedLinks), actor.userId, now],
  );
  if (moved.length > 0) {
    await c.query(
      'INSERT INTO patient_merge_resources (merge_id, resource_type, resource_id) SELECT $1, * FROM unnest($2::text[], $3::text[])',
      [mergeId, moved.map((m) => m.resourceType), moved.map((m) => m.id)],
    );
  }
  const [a, b] = [req.survivorId, req.retiredId].sort();
  await c.query(
    "UPDATE duplicate_reviews SET status = 'merged', decided_by = $3, decided_at = $4 WHERE patient_a = $1 AND patient_b = $2 AND status = 'open'",
    [a, b, actor.userId, now],
  );
  await appendAuditEvents(c, [serverEvent(actor, {
    action: 'resource-update', outcome: 'success', patientId: req.survivorId, resourceType: 'Patient', resourceId: req.survivorId,
    reason: req.reason, purposeOfUse: 'HOPERAT', detail: { ...detail, decision: 'merge', retired: req.retiredId, moved: moved.length, careTeamAdded: addedLinks.length },
  }, now)]);
  return { mergeId, survivorId: req.survivorId, retiredId: req.retiredId, moved: moved.length };
}
