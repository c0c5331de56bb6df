/**
 * One page of the per-patient backfill (sync/pull.ts): patients whose history up to `backfill_until`
 * has not all been sent yet, in priority order, read in ONE statement (a LATERAL keyset read per
 * patient on `resources (patient_id, seq)`, each bounded by the room left in the page) and their
 * progress saved in ONE statement. A first sync of 250,000 resources is a few dozen pages, so the
 * statements per page, not the rows, are what a loaded server pays for.
 */
import type pg from 'pg';
import { StoredResourceSchema, type StoredResource } from '../db/resources.ts';

export interface BackfillRow {
  patient_id: string;
  backfill_until: string | null;
  backfill_after: string;
  /** Resources still to send (first sync), when known. */
  backfill_left?: number | null | undefined;
}

export interface BackfillPage {
  rows: StoredResource[];
  /** Resources (or, where not counted, patients) still to backfill after this page. */
  left: number;
}

const COLS = 'r.patient_id, r.resource_type, r.id, r.version, r.deleted, r.resource, r.seq, r.last_updated';

/**
 * Up to `room` resources from `pending` (already in priority order). `typesOf` gives the readable
 * types of a patient (undefined: not in scope any more, skipped).
 */
export async function backfillPage(
  c: pg.ClientBase,
  who: { userId: string; deviceId: string },
  pending: readonly BackfillRow[],
  typesOf: (patientId: string) => readonly string[] | undefined,
  room: number,
): Promise<BackfillPage> {
  // Plan: patients in order until their expected counts fill the page; each may bring up to the
  // room left at its place (+1, to tell "done" from "more").
  const plan: { row: BackfillRow; until: string; types: string; limit: number }[] = [];
  let expected = 0;
  let left = 0;
  for (const row of pending) {
    const types = typesOf(row.patient_id);
    if (types === undefined || row.backfill_until === null) continue;
    if (expected >= room) {
      left += row.backfill_left ?? 1;
      continue;
    }
    plan.push({ row, until: row.backfill_until, types: types.join(','), limit: room - expected + 1 });
    expected += row.backfill_left ?? room;
  }
  if (plan.length === 0) return { rows: [], left };
  const r = await c.query(
    `SELECT b.ord, ${COLS}
       FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[], $5::int[]) WITH ORDINALITY AS b(p, a, u, t, l, ord)
       CROSS JOIN LATERAL (
         SELECT * FROM resources
          WHERE patient_id = b.p AND seq > b.a AND seq <= b.u AND resource_type = ANY(string_to_array(b.t, ',')) AND NOT deleted
          ORDER BY seq LIMIT b.l) r
      ORDER BY b.ord, r.seq`,
    [plan.map((p) => p.row.patient_id), plan.map((p) => p.row.backfill_after), plan.map((p) => p.until), plan.map((p) => p.types), plan.map((p) => p.limit)],
  );
  const byPatient = new Map<string, StoredResource[]>();
  for (const x of r.rows) {
    const s = StoredResourceSchema.parse(x);
    const list = byPatient.get(s.patientId);
    if (list === undefined) byPatient.set(s.patientId, [s]);
    else list.push(s);
  }
  const rows: StoredResource[] = [];
  const updates: { p: string; after: string; until: string | null; sent: number }[] = [];
  let space = room;
  for (const { row, until, limit } of plan) {
    const got = byPatient.get(row.patient_id) ?? [];
    const taken = got.slice(0, Math.max(0, space));
    space -= taken.length;
    for (const x of taken) rows.push(x);
    // Done when every row left was fetched (fewer than the limit) and all of them fit in the page.
    const done = got.length < limit && taken.length === got.length;
    const last = taken[taken.length - 1];
    if (taken.length > 0 || done) updates.push({ p: row.patient_id, after: last?.seq ?? row.backfill_after, until: done ? null : until, sent: taken.length });
    if (!done) left += row.backfill_left === null || row.backfill_left === undefined ? 1 : Math.max(1, row.backfill_left - taken.length);
  }
  if (updates.length > 0) {
    await c.query(
      `UPDATE sync_scope s SET backfill_after = x.a, backfill_until = x.u, backfill_left = greatest(s.backfill_left - x.n, 0)
         FROM unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::int[]) AS x(p, a, u, n)
        WHERE s.user_id = $1 AND s.device_id = $2 AND s.patient_id = x.p`,
      [who.userId, who.deviceId, updates.map((u) => u.p), updates.map((u) => u.after), updates.map((u) => u.until), updates.map((u) => u.sent)],
    );
  }
  return { rows, left };
}
