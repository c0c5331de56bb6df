/**
 * Data access for clinical resources, shared by sync.push/pull and the FHIR REST routes:
 * read, vread, history, search by patient/type/code, and ONE write path (create/update/delete
 * with version bump, full history, change sequence and audit event).
 */
import type { Actor, ServerAuditEvent } from './audit-log.ts';
import { appendAuditEvents, serverEvent } from './audit-log.ts';
import { extractSearchColumns } from './search-columns.ts';
import { ResourceJsonSchema, type MutationOp, type ResourceJson } from '@lantern/core';
import type pg from 'pg';
import type { Queryable } from './database.ts';
import { z } from 'zod';
import { settledSeq, TAKE_XID_SQL } from './settled-seq.ts';

/** Resources that belong to no patient (Practitioner) live under the nil UUID partition. */
export const SHARED_PARTITION = '00000000-0000-0000-0000-000000000000';

const ts = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? new Date(v) : v).toISOString());

export const StoredResourceSchema = z
  .object({
    patient_id: z.string(),
    resource_type: z.string(),
    id: z.string(),
    version: z.coerce.number().int().positive(),
    deleted: z.boolean(),
    resource: ResourceJsonSchema.nullable(),
    seq: z.coerce.string(),
    last_updated: ts,
  })
  .transform((r) => ({
    patientId: r.patient_id,
    resourceType: r.resource_type,
    id: r.id,
    version: r.version,
    deleted: r.deleted,
    resource: r.resource,
    seq: r.seq,
    lastUpdated: r.last_updated,
  }));
export type StoredResource = z.output<typeof StoredResourceSchema>;

const COLS = 'patient_id, resource_type, id, version, deleted, resource, seq, last_updated';

export async function readResource(
  c: Queryable,
  resourceType: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredResource | null> {
  const r = await c.query(
    `SELECT ${COLS} FROM resources WHERE resource_type = $1 AND id = $2 ${opts.forUpdate === true ? 'FOR UPDATE' : ''}`,
    [resourceType, id],
  );
  return r.rows[0] === undefined ? null : StoredResourceSchema.parse(r.rows[0]);
}

const VersionRowSchema = z
  .object({
    patient_id: z.string(),
    resource_type: z.string(),
    id: z.string(),
    version: z.coerce.number().int().positive(),
    deleted: z.boolean(),
    resource: ResourceJsonSchema.nullable(),
    last_updated: ts,
  })
  .transform((r) => ({
    patientId: r.patient_id, resourceType: r.resource_type, id: r.id, version: r.version,
    deleted: r.deleted, resource: r.resource, lastUpdated: r.last_updated,
  }));
export type ResourceVersion = z.output<typeof VersionRowSchema>;

const VCOLS = 'patient_id, resource_type, id, version, deleted, resource, last_updated';

export async function vreadResource(c: Queryable, resourceType: string, id: string, version: number): Promise<ResourceVersion | null> {
  const r = await c.query(`SELECT ${VCOLS} FROM resource_versions WHERE resource_type = $1 AND id = $2 AND version = $3`, [resourceType, id, version]);
  return r.rows[0] === undefined ? null : VersionRowSchema.parse(r.rows[0]);
}

/** Every version, newest first (FHIR `_history` order). */
export async function resourceHistory(c: Queryable, resourceType: string, id: string): Promise<ResourceVersion[]> {
  const r = await c.query(`SELECT ${VCOLS} FROM resource_versions WHERE resource_type = $1 AND id = $2 ORDER BY version DESC`, [resourceType, id]);
  return r.rows.map((row) => VersionRowSchema.parse(row));
}

export interface SearchQuery {
  resourceType?: string;
  patientId?: string;
  /** 'system|code', or a bare code (matches any system). */
  code?: string;
  status?: string;
  includeDeleted?: boolean;
  limit: number;
  offset?: number;
}

/** Current resources matching every given criterion, newest change first. */
export async function searchResources(c: Queryable, q: SearchQuery): Promise<StoredResource[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown): string => {
    args.push(v);
    return `$${args.length}`;
  };
  if (q.patientId !== undefined) where.push(`patient_id = ${arg(q.patientId)}`);
  if (q.resourceType !== undefined) where.push(`resource_type = ${arg(q.resourceType)}`);
  if (q.code !== undefined) {
    if (q.code.includes('|')) where.push(`codes @> ARRAY[${arg(q.code)}]::text[]`);
    else where.push(`EXISTS (SELECT 1 FROM unnest(codes) AS x WHERE split_part(x, '|', 2) = ${arg(q.code)})`);
  }
  if (q.status !== undefined) where.push(`status = ${arg(q.status)}`);
  if (q.includeDeleted !== true) where.push('NOT deleted');
  const sql = `SELECT ${COLS} FROM resources ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY seq DESC LIMIT ${arg(q.limit)} OFFSET ${arg(q.offset ?? 0)}`;
  const r = await c.query(sql, args);
  return r.rows.map((row) => StoredResourceSchema.parse(row));
}

export interface WriteRequest {
  op: MutationOp;
  resourceType: string;
  id: string;
  patientId: string;
  /** The new content (ignored for a delete). `meta.versionId`/`lastUpdated` are set here. */
  resource: ResourceJson | null;
  /** The current row, read FOR UPDATE by the caller in the same transaction (null: none). */
  current: StoredResource | null;
  mutationId?: string | null;
}

export interface WriteContext {
  actor: Actor;
  now: Date;
  audit?: Omit<ServerAuditEvent, 'action' | 'outcome' | 'patientId' | 'resourceType' | 'resourceId'>;
}

export interface WriteOutcome {
  version: number;
  resource: ResourceJson | null;
  seq: string;
  lastUpdated: string;
}

export const AUDIT_ACTION = { create: 'resource-create', update: 'resource-update', delete: 'resource-delete' } as const;

/** A write with its new version and stored JSON decided (meta.versionId/lastUpdated set). */
export interface PreparedWrite {
  req: WriteRequest;
  version: number;
  stored: ResourceJson | null;
  lastUpdated: string;
}

/**
 * `{ ...src, ...extra }`: same keys, same order. Object.assign where it is the same thing, since on
 * Node 20 a spread followed by more properties takes V8's slow path (about 1-2 us an object, twice
 * per pushed mutation). Not when `src` has an own `__proto__` key (JSON.parse makes one, e.g. in a
 * nested `meta`): assigning it would set the copy's prototype instead of copying the key.
 */
function copyWith<T extends object, U extends object>(src: T, extra: U): T & U {
  return Object.hasOwn(src, '__proto__') ? { ...src, ...extra } : Object.assign({}, src, extra);
}

export function prepareWrite(w: WriteRequest, now: Date): PreparedWrite {
  const version = (w.current?.version ?? 0) + 1;
  const lastUpdated = now.toISOString();
  if (w.op === 'delete') return { req: w, version, stored: null, lastUpdated };
  if (w.resource === null) throw new Error(`writeResource: ${w.op} needs a resource`);
  const meta = typeof w.resource['meta'] === 'object' && w.resource['meta'] !== null ? (w.resource['meta'] as Record<string, unknown>) : {};
  const stored: ResourceJson = copyWith(w.resource, { id: w.id, meta: copyWith(meta, { versionId: String(version), lastUpdated }) });
  return { req: w, version, stored, lastUpdated };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * Persists prepared writes in one statement (history rows, then current rows with new change
 * seqs). Several writes of one resource may be in the list, in order: all enter the history, the
 * last one becomes current. Must run in a transaction holding the row locks of the resources.
 * Returns the change seq of each write's resource.
 */
export async function persistWrites(c: Queryable, writes: readonly PreparedWrite[], actor: Actor): Promise<Map<string, string>> {
  return persistWritesWith(c, writes, actor, []);
}

/** Another INSERT of the same transaction, run as a CTE of the write statement (one round trip for all). */
export interface ExtraInsert {
  /** `INSERT ...` reading its rows from the given parameter placeholder (e.g. `jsonb_to_recordset($3::jsonb)`). */
  sql: (param: string) => string;
  value: unknown;
}

/**
 * `persistWrites` with further inserts of the same transaction (mutation log, conflicts) riding in
 * the same statement. `writes` may be empty. The transaction takes its id right before the write
 * (settled-seq.ts: it must exist before a change seq is drawn); no lock is taken.
 */
export async function persistWritesWith(c: Queryable, writes: readonly PreparedWrite[], actor: Actor, extra: readonly ExtraInsert[]): Promise<Map<string, string>> {
  const seqs = new Map<string, string>();
  const r = await runWriteStatement(c, writes, actor, extra, 'each');
  if (r === null) return seqs;
  for (const row of SeqRows.parse(r.rows)) seqs.set(`${row.resource_type}/${row.id}`, row.seq);
  return seqs;
}

/**
 * `persistWritesWith` for a caller that needs no change seq per write (sync.push): the statement
 * returns one row, the change seqs it drew as a range (and each of them only when another writer
 * drew numbers in between), so nothing comes back to be parsed per write. Returns them as runs
 * of consecutive numbers, lowest first (none when it wrote no resource).
 */
export async function persistBatch(c: Queryable, writes: readonly PreparedWrite[], actor: Actor, extra: readonly ExtraInsert[]): Promise<SeqRuns> {
  const r = await runWriteStatement(c, writes, actor, extra, 'drawn');
  const row = DrawnRow.parse(r?.rows ?? [{ first: null, last: null, seqs: null }])[0];
  if (row.first === null || row.last === null) return [];
  if (row.seqs === null) return [[BigInt(row.first), BigInt(row.last)]];
  return runsOf(row.seqs.map((s) => BigInt(s)));
}

/** Runs of consecutive change seqs, each [first, last], lowest first. */
export type SeqRuns = readonly (readonly [bigint, bigint])[];

/** Runs of consecutive numbers of a sorted list of distinct numbers. */
export function runsOf(sorted: readonly bigint[]): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (const n of sorted) {
    const top = out[out.length - 1];
    if (top !== undefined && n === top[1] + 1n) top[1] = n;
    else out.push([n, n]);
  }
  return out;
}

const SeqRows = z.array(z.object({ resource_type: z.string(), id: z.string(), seq: z.coerce.string() }));
const DrawnRow = z.tuple([z.object({ first: z.string().nullable(), last: z.string().nullable(), seqs: z.array(z.string()).nullable() })]);

/** What the write statement returns: each write's change seq, or the seqs it drew as one row. */
type Returning = 'each' | 'drawn';

async function runWriteStatement(c: Queryable, writes: readonly PreparedWrite[], actor: Actor, extra: readonly ExtraInsert[], returning: Returning) {
  if (writes.length === 0 && extra.length === 0) return null;
  const userId = isUuid(actor.userId) ? actor.userId : null;
  const versions = writes.map((p) => ({
    patient_id: p.req.patientId, resource_type: p.req.resourceType, id: p.req.id, version: p.version, deleted: p.stored === null,
    resource: p.stored, last_updated: p.lastUpdated, user_id: userId, device_id: actor.deviceId, mutation_id: p.req.mutationId ?? null,
  }));
  const last = new Map<string, number>();
  writes.forEach((p, i) => last.set(`${p.req.resourceType}/${p.req.id}`, i));
  const current = [...last.values()].map((i) => {
    const p = writes[i] as PreparedWrite;
    const search = p.stored === null ? { codes: [], status: null, effective: null } : extractSearchColumns(p.stored);
    return {
      patient_id: p.req.patientId, resource_type: p.req.resourceType, id: p.req.id, version: p.version, deleted: p.stored === null,
      last_updated: p.lastUpdated, codes: search.codes, status: search.status, effective: search.effective, vi: i,
    };
  });
  // The transaction's id exists before it draws a change seq (see safeChangeSeq).
  if (writes.length > 0) await c.query(TAKE_XID_SQL);
  const extraCtes = extra.map((e, k) => `, x${k} AS (${e.sql(`$${k + 3}`)})`).join('');
  const upsert = `INSERT INTO resources (patient_id, resource_type, id, version, deleted, resource, seq, last_updated, codes, status, effective)
     SELECT patient_id, resource_type, id, version, deleted, v.resource, nextval('change_seq'), last_updated, codes, status, effective
     FROM jsonb_to_recordset($2::jsonb) AS x(patient_id uuid, resource_type text, id text, version int, deleted boolean,
       last_updated timestamptz, codes text[], status text, effective text, vi int)
     CROSS JOIN LATERAL (SELECT nullif($1::jsonb -> x.vi -> 'resource', 'null'::jsonb) AS resource) v
     ON CONFLICT (patient_id, resource_type, id) DO UPDATE SET
       version = EXCLUDED.version, deleted = EXCLUDED.deleted, resource = EXCLUDED.resource, seq = EXCLUDED.seq,
       last_updated = EXCLUDED.last_updated, codes = EXCLUDED.codes, status = EXCLUDED.status, effective = EXCLUDED.effective`;
  // One statement: history rows and current rows from the same JSON parameter, plus the extras.
  // 'drawn': the seqs as a range, listed only when they are not consecutive (another writer drew
  // numbers while this statement did).
  const main = returning === 'each'
    ? `${upsert} RETURNING resource_type, id, seq`
    : `, cur AS (${upsert} RETURNING seq)
     SELECT lo::text AS first, hi::text AS last,
       CASE WHEN n = hi - lo + 1 THEN NULL ELSE (SELECT array_agg(seq ORDER BY seq)::text[] FROM cur) END AS seqs
     FROM (SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM cur) drawn`;
  return c.query(
    `WITH v AS (
       INSERT INTO resource_versions (patient_id, resource_type, id, version, deleted, resource, last_updated, user_id, device_id, mutation_id)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, resource_type text, id text, version int, deleted boolean,
         resource jsonb, last_updated timestamptz, user_id uuid, device_id text, mutation_id uuid)
     )${extraCtes}
     ${main}`,
    [JSON.stringify(versions), JSON.stringify(current), ...extra.map((e) => JSON.stringify(e.value))],
  );
}

/** The audit event of one successful write. */
export function writeAuditEvent(p: PreparedWrite, ctx: WriteContext) {
  // Assigned, not spread (see prepareWrite): one event per pushed mutation.
  const detail: Record<string, string | number | boolean | null> = Object.assign({}, ctx.audit?.detail);
  detail['version'] = p.version;
  const e: ServerAuditEvent = Object.assign({}, ctx.audit, {
    action: AUDIT_ACTION[p.req.op], outcome: 'success' as const, patientId: p.req.patientId, resourceType: p.req.resourceType, resourceId: p.req.id, detail,
  });
  return serverEvent(ctx.actor, e, ctx.now);
}

/**
 * The one write path (sync.push uses the same prepare/persist steps in bulk). Must run inside a
 * transaction that already holds the row lock on `current`. Appends the audit event last, so the
 * audit chain lock is held for as short a time as possible.
 */
export async function writeResource(c: pg.ClientBase, w: WriteRequest, ctx: WriteContext): Promise<WriteOutcome> {
  const p = prepareWrite(w, ctx.now);
  const seqs = await persistWrites(c, [p], ctx.actor);
  await appendAuditEvents(c, [writeAuditEvent(p, ctx)]);
  return { version: p.version, resource: p.stored, seq: seqs.get(`${w.resourceType}/${w.id}`) ?? '0', lastUpdated: p.lastUpdated };
}

/**
 * The highest change seq at or below which every writer has committed or rolled back, without a
 * global lock: the transaction-id watermark of settled-seq.ts. Every writer of `change_seq`
 * (persistWritesWith, bulkInsertResources) takes its transaction id (TAKE_XID_SQL) before it
 * draws a seq; this reads the sequence, then waits only for the transactions that had an id when
 * it started. No writer waits for it or for another writer, and a pull bounded by it never skips a
 * change that drew a lower seq but commits later (db/settled-seq.int.test.ts, change-feed.int.test.ts).
 */
export async function safeChangeSeq(pool: pg.Pool): Promise<string> {
  return settledSeq(pool, 'change_seq');
}

/**
 * Bulk load of new resources at version 1 (demo seed, imports): one statement per batch, with
 * history rows and change seqs, no per-row audit (the caller audits the load as one event).
 * Existing ids are left untouched, so a repeated load is a no-op.
 */
export async function bulkInsertResources(
  c: Queryable,
  items: readonly { patientId: string; resource: ResourceJson }[],
  now: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const lastUpdated = now.toISOString();
  const rows = items.map(({ patientId, resource }) => {
    const meta = typeof resource['meta'] === 'object' && resource['meta'] !== null ? (resource['meta'] as Record<string, unknown>) : {};
    const stored = { ...resource, meta: { ...meta, versionId: '1', lastUpdated } };
    const s = extractSearchColumns(stored);
    return { patient_id: patientId, resource_type: String(resource['resourceType']), id: String(resource['id']), resource: stored, codes: s.codes, status: s.status, effective: s.effective };
  });
  await c.query(TAKE_XID_SQL);
  const r = await c.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, resource_type text, id text, resource jsonb, codes text[], status text, effective text)
     ), ins AS (
       INSERT INTO resources (patient_id, resource_type, id, version, deleted, resource, seq, last_updated, codes, status, effective)
       SELECT patient_id, resource_type, id, 1, false, resource, nextval('change_seq'), $2, codes, status, effective FROM x
       ON CONFLICT DO NOTHING
       RETURNING patient_id, resource_type, id, resource
     )
     INSERT INTO resource_versions (patient_id, resource_type, id, version, deleted, resource, last_updated)
     SELECT patient_id, resource_type, id, 1, false, resource, $2 FROM ins`,
    [JSON.stringify(rows), lastUpdated],
  );
  return r.rowCount ?? 0;
}
