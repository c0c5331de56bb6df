/**
 * One page of the per-patient backfill (sync/pull.ts): patients whose history up to `backfill_until`
 * has not all been sent yet, in backfill order (plan, priority, patient), read in ONE statement (a
 * LATERAL keyset read per patient on `resources (patient_id, seq)`, each bounded by the room left
 * in the page). A first sync of 250,000 resources is a few dozen pages, so the statements per page,
 * not the rows, are what a loaded server pays for.
 *
 * Where the backfill stands travels as a page token (protocol 4): a position in the backfill order
 * that the workstation stores with the page it applied and echoes in its next pull. The next page is
 * derived from the token the client sends, never from what the server believes it sent, so a page
 * whose answer was lost (or that the workstation did not get to store) is sent again. A client that
 * sends no token (protocol 2 and 3) gets the old behaviour: the server saves the progress itself.
 */
import { LanternError } from '@lantern/core';
import type pg from 'pg';
import { StoredResourceSchema, type StoredResource } from '../db/resources.ts';

export interface BackfillRow {
  patient_id: string;
  backfill_until: string | null;
  backfill_after: string;
  /** Resources still to send (first sync), when known. */
  backfill_left?: number | null | undefined;
  /** The order key: which statement added the patient, then priority, then the patient id. */
  backfill_plan: string;
  priority: number;
}

/**
 * A position in the backfill order: every patient before (plan, priority, patient) is done, that
 * patient is done up to change sequence `after` (`sent` of its resources went out so far).
 */
export interface BackfillPosition {
  plan: string;
  priority: number;
  patient: string;
  after: string;
  sent: number;
}

const TOKEN = /^b1\.(\d{1,19})\.(\d{1,5})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,19})\.(\d{1,9})$/;

export function encodePosition(p: BackfillPosition): string {
  return `b1.${p.plan}.${p.priority}.${p.patient}.${p.after}.${p.sent}`;
}

/** Parses a page token the client echoed; a token this server did not make is a typed BAD_INPUT. */
export function decodePosition(token: string): BackfillPosition {
  const m = TOKEN.exec(token);
  if (m === null) throw new LanternError('BAD_INPUT', 'pageToken must be a token returned by sync.pull', { issues: [{ path: 'pageToken', message: 'not a sync.pull page token' }] });
  return { plan: m[1] ?? '0', priority: Number(m[2]), patient: m[3] ?? '', after: m[4] ?? '0', sent: Number(m[5]) };
}

/**
 * What a page token stands for: where the backfill stands, and the pending purges (sync/pull.ts)
 * the page carried, as the highest purge id in it. A workstation that echoes the token has applied
 * that page, purges included (it stores the token in the page's transaction), so the server may
 * forget those purges. Spelled `b1.<position>`, `b1.<position>.p<ack>` or `p<ack>`: tokens handed
 * out before purges were acknowledged (`b1.<position>`) still parse.
 */
export interface PageToken {
  position: BackfillPosition | null;
  purgeAck: string | null;
}

const WITH_PURGE_ACK = /^(?:(b1\..+)\.)?p(\d{1,19})$/;

/** The token for a page; null when there is neither a backfill position nor a purge to acknowledge. */
export function encodePageToken(t: PageToken): string | null {
  const parts: string[] = [];
  if (t.position !== null) parts.push(encodePosition(t.position));
  if (t.purgeAck !== null) parts.push(`p${t.purgeAck}`);
  return parts.length === 0 ? null : parts.join('.');
}

/** Parses a page token the client echoed; a token this server did not make is a typed BAD_INPUT. */
export function decodePageToken(token: string): PageToken {
  const m = WITH_PURGE_ACK.exec(token);
  if (m === null) return { position: decodePosition(token), purgeAck: null };
  return { position: m[1] === undefined ? null : decodePosition(m[1]), purgeAck: m[2] ?? null };
}

/** Progress of one patient in a page: saved by the server only for clients without page tokens. */
export interface BackfillProgress {
  p: string;
  after: string;
  /** null: the patient's backfill is complete. */
  until: string | null;
  sent: number;
}

export interface BackfillPage {
  rows: StoredResource[];
  /** Resources (or, where not counted, patients) still to backfill after this page. */
  left: number;
  /** Where the backfill stands after this page (null: it has not started). */
  position: BackfillPosition | null;
  progress: BackfillProgress[];
}

const COLS = 'r.patient_id, r.resource_type, r.id, r.version, r.deleted, r.resource, r.seq, r.last_updated';

/**
 * Up to `room` resources from `pending` (already in backfill order, the first one possibly
 * started: its `backfill_after`/`backfill_left` as the position says). `typesOf` gives the readable
 * types of a patient (undefined: not in scope any more, skipped). `from` is the position the page
 * starts at (the client's token), returned unchanged when the page takes nothing.
 */
export async function backfillPage(
  c: pg.ClientBase,
  pending: readonly BackfillRow[],
  typesOf: (patientId: string) => readonly string[] | undefined,
  room: number,
  from: BackfillPosition | null,
): Promise<BackfillPage> {
  // Plan: patients in order until their expected counts fill the page; each may bring up to the
  // room left at its place (+1, to tell "done" from "more").
  const plan: { row: BackfillRow; until: string; types: string; limit: number }[] = [];
  let expected = 0;
  let left = 0;
  for (const row of pending) {
    const types = typesOf(row.patient_id);
    if (types === undefined || row.backfill_until === null) continue;
    // Done up to its end (the token says so): nothing to read, and it must not take the page's room.
    if (BigInt(row.backfill_after) >= BigInt(row.backfill_until)) continue;
    if (expected >= room) {
      left += row.backfill_left ?? 1;
      continue;
    }
    plan.push({ row, until: row.backfill_until, types: types.join(','), limit: room - expected + 1 });
    expected += row.backfill_left ?? room;
  }
  if (plan.length === 0) return { rows: [], left, position: from, progress: [] };
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
  const progress: BackfillProgress[] = [];
  let position = from;
  let space = room;
  // Whether every patient planned so far is done: only then may the token move past a later one.
  let allDone = true;
  for (const { row, until, limit } of plan) {
    const got = byPatient.get(row.patient_id) ?? [];
    const taken = got.slice(0, Math.max(0, space));
    space -= taken.length;
    for (const x of taken) rows.push(x);
    // Done when every row left was fetched (fewer than the limit) and all of them fit in the page.
    const done = got.length < limit && taken.length === got.length;
    const last = taken[taken.length - 1];
    const after = last?.seq ?? row.backfill_after;
    if (taken.length > 0 || done) progress.push({ p: row.patient_id, after, until: done ? null : until, sent: taken.length });
    if (!done) left += row.backfill_left === null || row.backfill_left === undefined ? 1 : Math.max(1, row.backfill_left - taken.length);
    // The token moves over every patient the page took from (all of them complete but maybe the last),
    // and over a patient that is done with nothing taken (nothing older to send) when all before it are
    // done. A done patient's position is the end of its backfill, so the next page skips it: otherwise
    // a patient of unknown size held the token and the page's room, and the pull never ended.
    allDone &&= done;
    if (taken.length > 0 || allDone) {
      const before = position !== null && position.plan === row.backfill_plan && position.patient === row.patient_id ? position.sent : 0;
      position = { plan: row.backfill_plan, priority: row.priority, patient: row.patient_id, after: done ? until : after, sent: before + taken.length };
    }
  }
  return { rows, left, position, progress };
}

/** Saves a page's progress on the server: only for clients that send no page token (protocol 2 and 3). */
export async function saveBackfillProgress(c: pg.ClientBase, who: { userId: string; deviceId: string }, progress: readonly BackfillProgress[]): Promise<void> {
  if (progress.length === 0) return;
  await c.query(
    `UPDATE sync_scope s SET backfill_after = x.a, backfill_until = x.u, backfill_left = greatest(s.backfill_left - x.n, 0)
       FROM unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::int[]) AS x(p, a, u, n)
      WHERE s.user_id = $1 AND s.device_id = $2 AND s.patient_id = x.p`,
    [who.userId, who.deviceId, progress.map((u) => u.p), progress.map((u) => u.after), progress.map((u) => u.until), progress.map((u) => u.sent)],
  );
}
