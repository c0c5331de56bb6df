/**
 * The central audit log (HIPAA 164.312(b)): one SHA-256 hash chain over `audit.events`, built with
 * core's `appendToChain` so the server and the workstations hash events identically. Appends are
 * serialised by a transaction-scoped advisory lock, taken as late as possible in each transaction,
 * so the chain has exactly one head; the row lock-free read of the head is safe under that lock.
 */
import { randomUUID } from 'node:crypto';
import {
  appendToChain, AuditEventInputSchema, ChainedAuditEventSchema,
  type AuditAction, type AuditEventInput, type ChainedAuditEvent, type ChainHead, type Role,
} from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { sha256Hex } from '../crypto.ts';

/** Arbitrary constant: advisory lock key of the audit chain head. */
const AUDIT_CHAIN_LOCK = 7_345_002;

/** Who is acting, from where: the fields every server-side event carries. */
export interface Actor {
  userId: string;
  role: Role | 'anonymous' | 'system';
  deviceId: string;
  clientAddress: string;
}

export interface ServerAuditEvent {
  action: AuditAction;
  outcome: 'success' | 'denied' | 'failure';
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  reason?: string | null;
  /** Treatment, payment, operations, emergency (break-glass). Ids and codes only. */
  purposeOfUse?: string;
  breakGlass?: boolean;
  detail?: Record<string, string | number | boolean | null>;
}

/** Builds the AuditEventInput for a server-side event; role, address and flags ride in `detail`. */
export function serverEvent(actor: Actor, e: ServerAuditEvent, recordedAt: Date): AuditEventInput {
  const detail: Record<string, string | number | boolean | null> = {
    ...e.detail,
    origin: 'server',
    role: actor.role,
    clientAddress: actor.clientAddress,
  };
  if (e.purposeOfUse !== undefined) detail['purposeOfUse'] = e.purposeOfUse;
  if (e.breakGlass === true) detail['breakGlass'] = true;
  return {
    eventId: randomUUID(),
    deviceId: actor.deviceId as AuditEventInput['deviceId'],
    userId: actor.userId as AuditEventInput['userId'],
    action: e.action,
    patientId: (e.patientId ?? null) as AuditEventInput['patientId'],
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    outcome: e.outcome,
    reason: e.reason ?? null,
    detail,
    recordedAt: recordedAt.toISOString(),
  };
}

const HeadRow = z.object({ seq: z.coerce.number().int().positive(), hash: z.string() });

/**
 * Takes the chain lock and reads the head in ONE round trip: two statements in one simple-protocol
 * message. Under READ COMMITTED each statement takes its own snapshot, so the head is read after
 * the lock is granted (exactly as with two separate queries). The lock key is a constant, so no
 * parameter is needed.
 */
const LOCK_AND_HEAD_SQL = `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}); SELECT seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1`;

/**
 * The head this process last appended. Only a guess: the chain is precomputed on it while the
 * lock round trip is in flight, and used only if the locked head read from the database equals
 * it (another server, a rolled-back transaction or another database simply cost a recomputation).
 */
let lastAppendedHead: ChainHead | null = null;
/** Whether the last guess was right; after a miss the next append does not precompute. */
let guessHolds = true;
const sameHead = (a: ChainHead | null, b: ChainHead | null) => (a === null ? b === null : b !== null && a.seq === b.seq && a.hash === b.hash);

function headOf(results: unknown): ChainHead | null {
  const list = (Array.isArray(results) ? results : [results]) as { rows: unknown[] }[];
  const row = list[list.length - 1]?.rows[0];
  return row === undefined ? null : HeadRow.parse(row);
}

const INSERT_SQL = `INSERT INTO audit.events (seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
       outcome, reason, detail, recorded_at, prev_hash, hash)
     SELECT seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
       outcome, reason, detail, recorded_at, prev_hash, hash
     FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, event_id text, device_id text, user_id text, action text,
       patient_id text, resource_type text, resource_id text, outcome text, reason text, detail jsonb,
       recorded_at text, prev_hash text, hash text)`;

/** Events per INSERT when a large append is pipelined (hashing one chunk while the previous one is inserted). */
const CHUNK = 250;

const rowsOf = (chained: readonly ChainedAuditEvent[]) => chained.map((e) => ({
  seq: e.seq, event_id: e.eventId, device_id: e.deviceId, user_id: e.userId, action: e.action,
  patient_id: e.patientId, resource_type: e.resourceType, resource_id: e.resourceId, outcome: e.outcome,
  reason: e.reason, detail: e.detail, recorded_at: e.recordedAt, prev_hash: e.prevHash, hash: e.hash,
}));

/**
 * Appends events to the central chain. Must run inside a transaction (the lock is released at
 * commit). Events are validated against the core schema first: the log never holds a malformed row.
 * The chain is always built on the head read under the lock. Hashing overlaps the database: the
 * first chunk is hashed while the lock round trip is in flight, each later chunk while the
 * previous chunk's INSERT runs (Postgres and Node on different cores).
 */
export async function appendAuditEvents(
  c: pg.ClientBase,
  inputs: readonly AuditEventInput[],
  opts: {
    /** The events were parsed with the core schema at the API boundary already (ingest). */
    alreadyValidated?: boolean;
    /**
     * A statement of the same transaction still running on `c` (e.g. the resource writes): the
     * events are validated and hashed meanwhile, and the chain lock is requested only after it.
     */
    after?: Promise<unknown>;
  } = {},
): Promise<ChainedAuditEvent[]> {
  if (inputs.length === 0) {
    await opts.after;
    return [];
  }
  const valid = opts.alreadyValidated === true ? inputs : inputs.map((i) => AuditEventInputSchema.parse(i));
  const chunkAt = (i: number) => (valid.length <= CHUNK + CHUNK / 2 ? valid : valid.slice(i, i + CHUNK));
  // Sent now when the connection is idle; hashed while Postgres works.
  let pending = opts.after === undefined ? c.query(LOCK_AND_HEAD_SQL) : null;
  pending?.catch(() => undefined); // awaited just below
  const guess = lastAppendedHead;
  const pre = guessHolds ? appendToChain(chunkAt(0), guess, sha256Hex) : null;
  if (pending === null) {
    await opts.after;
    pending = c.query(LOCK_AND_HEAD_SQL);
  }
  const head = headOf(await pending);
  guessHolds = sameHead(head, guess);
  const out: ChainedAuditEvent[] = [];
  let part = pre !== null && guessHolds ? pre : appendToChain(chunkAt(0), head, sha256Hex);
  for (;;) {
    out.push(...part);
    const insert = c.query(INSERT_SQL, [JSON.stringify(rowsOf(part))]);
    insert.catch(() => undefined); // awaited below, after the next chunk is hashed
    const tail = part[part.length - 1];
    const next = out.length < valid.length && tail !== undefined ? appendToChain(chunkAt(out.length), { seq: tail.seq, hash: tail.hash }, sha256Hex) : null;
    await insert;
    if (next === null) break;
    part = next;
  }
  const last = out[out.length - 1];
  lastAppendedHead = last === undefined ? head : { seq: last.seq, hash: last.hash };
  return out;
}

export const AUDIT_ROW_COLUMNS = `seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
  outcome, reason, detail, recorded_at, prev_hash, hash`;

/** A row of audit.events as the chained event it stores (zod-checked where it enters typed code). */
export const AuditRowSchema = z
  .object({
    seq: z.coerce.number().int(),
    event_id: z.string(),
    device_id: z.string(),
    user_id: z.string(),
    action: z.string(),
    patient_id: z.string().nullable(),
    resource_type: z.string().nullable(),
    resource_id: z.string().nullable(),
    outcome: z.string(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    recorded_at: z.string(),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .transform((r) => ({
    seq: r.seq, eventId: r.event_id, deviceId: r.device_id, userId: r.user_id, action: r.action,
    patientId: r.patient_id, resourceType: r.resource_type, resourceId: r.resource_id, outcome: r.outcome,
    reason: r.reason, detail: r.detail, recordedAt: r.recorded_at, prevHash: r.prev_hash, hash: r.hash,
  }));

/**
 * Reads rows back as ChainedAuditEvents. A row that no longer fits the schema (tampered beyond
 * recognition) is returned as-is via the loose shape so the verifier reports it as a hash mismatch.
 */
export function rowToChained(row: unknown): ChainedAuditEvent {
  const loose = AuditRowSchema.parse(row);
  const strict = ChainedAuditEventSchema.safeParse(loose);
  return strict.success ? strict.data : (loose as unknown as ChainedAuditEvent);
}
