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

async function lockedHead(c: pg.ClientBase): Promise<ChainHead | null> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const r = await c.query('SELECT seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1');
  return r.rows[0] === undefined ? null : HeadRow.parse(r.rows[0]);
}

/**
 * Appends events to the central chain. Must run inside a transaction (the lock is released at
 * commit). Events are validated against the core schema first: the log never holds a malformed row.
 */
export async function appendAuditEvents(
  c: pg.ClientBase,
  inputs: readonly AuditEventInput[],
  opts: { /** The events were parsed with the core schema at the API boundary already (ingest). */ alreadyValidated?: boolean } = {},
): Promise<ChainedAuditEvent[]> {
  if (inputs.length === 0) return [];
  const valid = opts.alreadyValidated === true ? inputs : inputs.map((i) => AuditEventInputSchema.parse(i));
  const head = await lockedHead(c);
  const chained = appendToChain(valid, head, sha256Hex);
  const rows = chained.map((e) => ({
    seq: e.seq, event_id: e.eventId, device_id: e.deviceId, user_id: e.userId, action: e.action,
    patient_id: e.patientId, resource_type: e.resourceType, resource_id: e.resourceId, outcome: e.outcome,
    reason: e.reason, detail: e.detail, recorded_at: e.recordedAt, prev_hash: e.prevHash, hash: e.hash,
  }));
  await c.query(
    `INSERT INTO audit.events (seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
       outcome, reason, detail, recorded_at, prev_hash, hash)
     SELECT seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
       outcome, reason, detail, recorded_at, prev_hash, hash
     FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, event_id text, device_id text, user_id text, action text,
       patient_id text, resource_type text, resource_id text, outcome text, reason text, detail jsonb,
       recorded_at text, prev_hash text, hash text)`,
    [JSON.stringify(rows)],
  );
  return chained;
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
