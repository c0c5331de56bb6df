/**
 * sync.pull: paged changes since a cursor, limited to the patients and resource types the caller
 * may read (core's decideAccess per relation), with tombstones for deletes.
 *
 * The cursor is the server's change sequence. Each (user, device) has a remembered scope
 * (`sync_scope`): patients that left it come back in `purgePatients` (the client purges their PHI
 * BEFORE it applies `changes`); patients that entered it after the cursor had moved on are
 * backfilled with their older resources first. A patient whose readable types change (e.g. from
 * care team to unit) is purged and then backfilled once the purge is acknowledged. Pages are
 * bounded by `limit`, so an initial sync of any size streams in bounded memory.
 *
 * Purges are acknowledged (HIPAA 164.514(d) minimum necessary; de-provisioning): the server
 * remembers each purge it owes a device (`sync_scope.purge_id`, migration 0019) and answers it on
 * every pull until the device comes back with proof that it applied a page carrying it: the page
 * token of that page (protocol 4, backfill.ts PageToken) or, without tokens, a cursor at or past
 * the one that page moved it to. Only then is the scope row removed, so an answer lost on the way
 * (or a workstation killed before it stored the page) is answered again instead of leaving the
 * patient's PHI on the device. A patient who comes back into scope while a purge is owed is
 * backfilled after the acknowledgement: purge first, backfill after.
 */
import { decideAccess, POLICY_RESOURCE_TYPES, type AuditEventInput, type Change, type PullOutput, type Role } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { safeChangeSeq, SHARED_PARTITION, StoredResourceSchema, type StoredResource } from '../db/resources.ts';
import type { Relation, UserScope } from '../db/scope.ts';
import { syncMetrics } from '../ops/metrics.ts';
import { backfillPage, decodePageToken, encodePageToken, saveBackfillProgress, type BackfillRow } from './backfill.ts';
import { planFirstSync, SHARED_BACKFILL_SQL } from './first-sync.ts';

interface Access {
  key: string;
  types: string[];
  breakGlass: boolean;
}

function accessFor(role: Role, relation: Relation, breakGlass: boolean): Access {
  const types: string[] = [];
  let flagged = false;
  for (const t of POLICY_RESOURCE_TYPES) {
    const d = decideAccess({ role, resourceType: t, action: 'read', relation, breakGlass });
    if (d.allowed) {
      types.push(t);
      flagged ||= d.flagged;
    }
  }
  return { key: `${relation}${breakGlass ? '+bg' : ''}:${types.join(',')}`, types, breakGlass: flagged };
}

/** Patients in scope, with the types readable for each. */
export function scopeAccess(role: Role, scope: UserScope): Map<string, Access> {
  const out = new Map<string, Access>();
  const cache = new Map<string, Access>();
  const all = new Set([...scope.careTeam, ...scope.unit, ...scope.breakGlass]);
  for (const p of all) {
    const relation: Relation = scope.careTeam.has(p) ? 'care-team' : scope.unit.has(p) ? 'unit' : 'none';
    const bg = scope.breakGlass.has(p);
    const ck = `${relation}/${bg}`;
    let a = cache.get(ck);
    if (a === undefined) {
      a = accessFor(role, relation, bg);
      cache.set(ck, a);
    }
    // Resource types without a patient (Practitioner) travel in the shared partition instead.
    const patientTypes = a.types.filter((t) => t !== 'Practitioner' && t !== 'User' && t !== 'Device' && t !== 'AuditEvent');
    if (patientTypes.length > 0) out.set(p, { ...a, types: patientTypes });
  }
  return out;
}

const COLS = 'patient_id, resource_type, id, version, deleted, resource, seq, last_updated';
const ScopeRow = z.object({
  patient_id: z.string(),
  access_key: z.string(),
  backfill_until: z.coerce.string().nullable(),
  backfill_after: z.coerce.string(),
  backfill_left: z.number().nullable().optional(),
});
const StoredScopeRow = ScopeRow.extend({ purge_id: z.coerce.string().nullable(), purge_cursor: z.coerce.string().nullable() });
type StoredScope = z.infer<typeof StoredScopeRow>;
const PurgeIdRow = z.object({ patient_id: z.string(), purge_id: z.coerce.string() });

/** What the device's pull proves it applied: the purges up to a page token's id, or a cursor (clients without tokens). */
type PurgeProof = { kind: 'page-token'; ack: bigint | null } | { kind: 'cursor'; cursor: bigint | null };

function acknowledged(r: StoredScope, proof: PurgeProof): boolean {
  if (r.purge_id === null) return false;
  if (proof.kind === 'page-token') return proof.ack !== null && BigInt(r.purge_id) <= proof.ack;
  return proof.cursor !== null && r.purge_cursor !== null && proof.cursor >= BigInt(r.purge_cursor);
}

/**
 * The purges owed to this (user, device) after this pull: acknowledged ones are forgotten (their
 * scope rows removed, audited as confirmed), patients that left the scope (or whose readable types
 * changed) become owed (audited as requested), the rest stay owed. Returns what the page must
 * carry, the scope rows still standing, and the audit events (appended with the page's reads, so
 * the chain head is locked only at the end of the transaction).
 */
async function reconcilePurges(
  c: pg.ClientBase,
  actor: Actor,
  stored: readonly StoredScope[],
  access: ReadonlyMap<string, Access>,
  proof: PurgeProof,
  now: Date,
): Promise<{ purge: string[]; purgeAck: string | null; live: StoredScope[]; events: AuditEventInput[] }> {
  const acked = stored.filter((r) => acknowledged(r, proof));
  const ackedSet = new Set(acked.map((r) => r.patient_id));
  const live = stored.filter((r) => !ackedSet.has(r.patient_id));
  const owed = live.filter((r) => r.purge_id !== null);
  const leaving = live.filter((r) => {
    if (r.purge_id !== null) return false;
    const a = access.get(r.patient_id);
    return a === undefined || a.key !== r.access_key;
  });
  if (acked.length > 0) {
    await c.query('DELETE FROM sync_scope WHERE user_id = $1 AND device_id = $2 AND patient_id = ANY($3::uuid[]) AND purge_id IS NOT NULL', [actor.userId, actor.deviceId, acked.map((r) => r.patient_id)]);
  }
  let ids: z.infer<typeof PurgeIdRow>[] = [];
  if (leaving.length > 0) {
    // One purge id for the statement: a token acknowledging it covers every purge owed before it.
    ids = z.array(PurgeIdRow).parse((await c.query(
      `UPDATE sync_scope SET purge_id = (SELECT nextval('sync_scope_purge')), purge_requested_at = $4, purge_cursor = NULL
        WHERE user_id = $1 AND device_id = $2 AND patient_id = ANY($3::uuid[]) RETURNING patient_id, purge_id`,
      [actor.userId, actor.deviceId, leaving.map((r) => r.patient_id), now],
    )).rows);
  }
  const events = [
    ...acked.map((r) => purgeEvent(actor, r.patient_id, { op: 'device-purge-confirmed', proof: proof.kind }, now)),
    ...leaving.map((r) => purgeEvent(actor, r.patient_id, { op: 'device-purge-requested', why: access.has(r.patient_id) ? 'access-changed' : 'left-scope' }, now)),
  ];
  const purge = [...owed.map((r) => r.patient_id), ...leaving.map((r) => r.patient_id)];
  let purgeAck: bigint | null = null;
  for (const id of [...owed.map((r) => r.purge_id), ...ids.map((r) => r.purge_id)]) {
    if (id !== null && (purgeAck === null || BigInt(id) > purgeAck)) purgeAck = BigInt(id);
  }
  return { purge, purgeAck: purgeAck === null ? null : String(purgeAck), live, events };
}

/** A device purge of a patient's PHI, for the privacy officer: asked for (sent) and confirmed (acknowledged). Ids only. */
function purgeEvent(actor: Actor, patientId: string, detail: Record<string, string>, now: Date): AuditEventInput {
  return serverEvent(actor, {
    action: 'resource-delete', outcome: 'success', patientId, resourceType: 'Patient', resourceId: patientId, purposeOfUse: 'TREAT',
    detail: { via: 'sync.pull', ...detail },
  }, now);
}
const PendingRow = ScopeRow.extend({ backfill_plan: z.coerce.string(), priority: z.number() });

function toChange(r: StoredResource): Change {
  return {
    seq: r.seq, resourceType: r.resourceType, resourceId: r.id as Change['resourceId'], patientId: r.patientId as Change['patientId'],
    version: String(r.version), resource: r.deleted ? null : r.resource, lastUpdated: r.lastUpdated,
  };
}

/** SQL for "in scope": one (patients, types) clause per distinct access, plus shared types. */
function scopeClause(groups: Map<string, { patients: string[]; types: string[] }>, sharedTypes: string[], args: unknown[]): string {
  const parts: string[] = [];
  for (const g of groups.values()) {
    args.push(g.patients, g.types);
    parts.push(`(patient_id = ANY($${args.length - 1}::uuid[]) AND resource_type = ANY($${args.length}::text[]))`);
  }
  if (sharedTypes.length > 0) {
    args.push(SHARED_PARTITION, sharedTypes);
    parts.push(`(patient_id = $${args.length - 1}::uuid AND resource_type = ANY($${args.length}::text[]))`);
  }
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

export async function pull(
  pool: pg.Pool,
  actor: Actor & { role: Role },
  scope: UserScope,
  input: { cursor: string | null; limit: number; pageToken?: string | null | undefined },
  now: Date,
): Promise<PullOutput> {
  // A client that echoes page tokens (protocol 4) keeps the backfill position; others leave it to the server.
  const tokens = input.pageToken !== undefined;
  const token = input.cursor === null || input.pageToken === null || input.pageToken === undefined ? null : decodePageToken(input.pageToken);
  const position = token?.position ?? null;
  const proof: PurgeProof = tokens
    ? { kind: 'page-token', ack: token?.purgeAck === null || token?.purgeAck === undefined ? null : BigInt(token.purgeAck) }
    : { kind: 'cursor', cursor: input.cursor === null ? null : BigInt(input.cursor) };
  const access = scopeAccess(actor.role, scope);
  const sharedTypes = accessFor(actor.role, 'none', false).types.filter((t) => t === 'Practitioner');
  const safe = await safeChangeSeq(pool);
  const cursor = input.cursor ?? '0';
  // First sync: the history up to `safe` goes through the backfill, own patients first (first-sync.ts).
  const first = input.cursor === null;

  return withTx(pool, async (c) => {
    // 1. Reconcile the remembered scope of this (user, device).
    if (input.cursor === null) {
      // A full resync starts the scope over, but keeps the purges still owed: the device may hold those patients yet.
      await c.query('DELETE FROM sync_scope WHERE user_id = $1 AND device_id = $2 AND purge_id IS NULL', [actor.userId, actor.deviceId]);
    }
    const stored = z.array(StoredScopeRow).parse(
      (await c.query('SELECT patient_id, access_key, backfill_until, backfill_after, purge_id, purge_cursor FROM sync_scope WHERE user_id = $1 AND device_id = $2 FOR UPDATE', [actor.userId, actor.deviceId])).rows,
    );
    const { purge, purgeAck, live, events: purgeEvents } = await reconcilePurges(c, actor, stored, access, proof, now);
    const storedBy = new Map(live.map((r) => [r.patient_id, r]));
    const purgeSet = new Set(purge);
    const added: { patient: string; key: string }[] = [];
    for (const [p, a] of access) {
      if (purgeSet.has(p)) continue; // backfilled once the device has acknowledged the purge
      if (!storedBy.has(p)) added.push({ patient: p, key: a.key });
    }
    if (first) {
      await planFirstSync(c, actor, added, safe);
    } else if (added.length > 0) {
      // One plan number for the statement (backfill.ts): these patients sort after every token handed out.
      await c.query(
        `INSERT INTO sync_scope (user_id, device_id, patient_id, access_key, backfill_until, backfill_plan)
         SELECT $1, $2, p, k, $5, (SELECT nextval('sync_scope_plan')) FROM unnest($3::uuid[], $4::text[]) AS x(p, k)
         ON CONFLICT (user_id, device_id, patient_id) DO NOTHING`,
        [actor.userId, actor.deviceId, added.map((a) => a.patient), added.map((a) => a.key), input.cursor === null || cursor === '0' ? null : cursor],
      );
    }

    // 2. Backfill patients that joined the scope after the cursor had passed their history (and a first sync's whole scope).
    const changes: Change[] = [];
    let room = input.limit;
    if (first && sharedTypes.length > 0) {
      const r = await c.query(SHARED_BACKFILL_SQL(COLS), [sharedTypes, safe]);
      for (const x of r.rows) changes.push(toChange(StoredResourceSchema.parse(x)));
      room = Math.max(1, room - changes.length);
    }
    // From the client's position (its token) when it sends one: the same token always gets the same page.
    const pendingRows: BackfillRow[] = z.array(PendingRow).parse(
      (await c.query(
        `SELECT patient_id, access_key, backfill_until, backfill_after, backfill_left, backfill_plan, priority FROM sync_scope
          WHERE user_id = $1 AND device_id = $2 AND backfill_until IS NOT NULL AND purge_id IS NULL AND (backfill_plan, priority, patient_id) >= ($3, $4, $5::uuid)
          ORDER BY backfill_plan, priority, patient_id`,
        [actor.userId, actor.deviceId, position?.plan ?? '0', position?.priority ?? 0, position?.patient ?? '00000000-0000-0000-0000-000000000000'],
      )).rows,
    ).map((r) => (position !== null && r.patient_id === position.patient && r.backfill_plan === position.plan
      ? { ...r, backfill_after: BigInt(position.after) > BigInt(r.backfill_after) ? position.after : r.backfill_after, backfill_left: r.backfill_left === null || r.backfill_left === undefined ? r.backfill_left : Math.max(0, r.backfill_left - position.sent) }
      : r));
    const backfill = await backfillPage(c, pendingRows, (p) => access.get(p)?.types, room, position);
    if (!tokens) await saveBackfillProgress(c, actor, backfill.progress);
    for (const x of backfill.rows) changes.push(toChange(x));
    room -= backfill.rows.length;
    const backfillLeft = backfill.left;

    // 3. The change stream since the cursor, up to the safe sequence.
    const groups = new Map<string, { patients: string[]; types: string[] }>();
    for (const [p, a] of access) {
      if (purgeSet.has(p)) continue;
      const g = groups.get(a.key) ?? { patients: [], types: a.types };
      g.patients.push(p);
      groups.set(a.key, g);
    }
    // A first sync's stream starts where its backfill ends.
    const from = first ? safe : cursor;
    const args: unknown[] = [from, safe];
    const where = `seq > $1 AND seq <= $2 AND ${scopeClause(groups, sharedTypes, args)}`;
    let nextCursor = from;
    let streamMore = false;
    if (room > 0) {
      const r = await c.query(`SELECT ${COLS} FROM resources WHERE ${where} ORDER BY seq LIMIT ${room + 1}`, args);
      const rows = r.rows.map((x) => StoredResourceSchema.parse(x));
      const page = rows.slice(0, room);
      for (const x of page) changes.push(toChange(x));
      streamMore = rows.length > page.length;
      const last = page[page.length - 1];
      // With nothing more in scope, jump to `safe`: everything up to it is committed.
      nextCursor = streamMore ? (last?.seq ?? from) : BigInt(safe) > BigInt(from) ? safe : from;
    } else {
      streamMore = true;
    }
    const remainingArgs = [...args];
    remainingArgs[0] = nextCursor;
    const rem = await c.query(`SELECT count(*)::int AS n FROM resources WHERE ${where}`, remainingArgs);
    const remainingStream = z.object({ n: z.number() }).parse(rem.rows[0]).n;
    if (!tokens && purge.length > 0 && (input.cursor === null || BigInt(nextCursor) > BigInt(input.cursor))) {
      // Without page tokens the proof is the cursor: one at or past this came with a page carrying these purges.
      await c.query(
        'UPDATE sync_scope SET purge_cursor = $3 WHERE user_id = $1 AND device_id = $2 AND patient_id = ANY($4::uuid[]) AND purge_id IS NOT NULL',
        [actor.userId, actor.deviceId, nextCursor, purge],
      );
    }

    // 4. Audit: one read event per patient whose data left the server in this page.
    const perPatient = new Map<string, number>();
    for (const ch of changes) if (ch.patientId !== SHARED_PARTITION) perPatient.set(ch.patientId, (perPatient.get(ch.patientId) ?? 0) + 1);
    const events = [...perPatient].map(([patientId, count]) => {
      const bg = access.get(patientId)?.breakGlass === true;
      return serverEvent(actor, {
        action: 'resource-read', outcome: 'success', patientId, purposeOfUse: bg ? 'ETREAT' : 'TREAT', breakGlass: bg,
        detail: { via: 'sync.pull', count },
      }, now);
    });
    await appendAuditEvents(c, [...purgeEvents, ...events]);
    syncMetrics.pulled(changes.length);

    return {
      changes,
      purgePatients: purge as PullOutput['purgePatients'],
      cursor: nextCursor,
      // A patient back in scope is backfilled once this page's purge is acknowledged: by the very next pull of a
      // client that echoes tokens (without tokens the proof waits for the cursor to move, so no spinning on it).
      hasMore: streamMore || backfillLeft > 0 || remainingStream > 0 || (tokens && purge.some((p) => access.has(p))),
      remaining: remainingStream + backfillLeft,
      ...(tokens ? { pageToken: encodePageToken({ position: backfill.position, purgeAck }) } : {}),
    };
  });
}
