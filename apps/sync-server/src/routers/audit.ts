/**
 * audit.*: ingest of workstations' offline audit chains, and the privacy officer's views.
 * HIPAA 164.312(b) audit controls. Each device's chain is verified against the head the server
 * stored at the last ingest; events are never dropped: a gap or broken link is stored with the
 * events marked unverified, recorded as a finding, and reported to the device as an error.
 * Ingest believes only what it can check (auth/ingest-binding.ts): the batch must carry the device
 * key's signature, and an event whose user did not sign in on the device is refused, per event,
 * and kept only as a finding.
 */
import { randomUUID } from 'node:crypto';
import { DeviceIdSchema, LanternError, PatientIdSchema, type ChainedAuditEvent, type ChainHead } from '@lantern/core';
import { z } from 'zod';
import { ChainFollower, framePrepared, frameOf, frameWithExtraDetail } from '../db/audit-hash.ts';
import { appendAuditEvents, appendRowsInBulk, AUDIT_ROW_COLUMNS, bulkRow, rowToChained, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { verifyAuditTrail } from '../audit-checkpoints/trail.ts';
import { deviceKey, recordDeviceFinding } from '../auth/device-identity.ts';
import { ProofSchema } from '../auth/device-proof.ts';
import { signInWindows } from '../auth/device-sign-ins.ts';
import { batchSignatureValid, refusalOf, usersOf, type Refusal } from '../auth/ingest-binding.ts';
import { authedProcedure, policyProcedure, router } from '../trpc.ts';
import { ingestEventsSchema } from './audit-ingest-event.ts';
import { observeAuditIngest } from '../ops/metrics.ts';

const IngestInput = z.object({
  deviceId: DeviceIdSchema,
  events: ingestEventsSchema(5000, 'ingest at most 5000 events at a time'),
  /** The device key's Ed25519 signature over the batch (auth/device-proof.ts `batchString`). */
  signature: ProofSchema,
});

const HeadRow = z.object({ seq: z.number().int(), hash: z.string() });

/**
 * What the central copy of a device event adds to its detail: the device's own seq/hash ride along
 * so the two chains can be compared; `recordedAt` stays the device's clock and `ingest.receivedAt`
 * is the server's, hashed into the central chain. INGEST_KEYS: the same keys, sorted.
 */
const ingestDetail = (e: ChainedAuditEvent, clientAddress: string, verified: boolean, receivedAt: string) =>
  ({ 'ingest.deviceSeq': e.seq, 'ingest.deviceHash': e.hash, 'ingest.from': clientAddress, 'ingest.verified': verified, 'ingest.receivedAt': receivedAt });
const INGEST_KEYS = Object.keys(ingestDetail({ seq: 1, hash: '' } as ChainedAuditEvent, '', true, '')).sort();

/** Events refused as their user's act: one finding each (one INSERT for the batch), with what they claimed. */
const REFUSED_FINDINGS_SQL = `INSERT INTO audit.findings (id, device_id, kind, detail)
  SELECT id::uuid, device_id, kind, detail FROM jsonb_to_recordset($1::jsonb) AS x(id text, device_id text, kind text, detail jsonb)`;

/**
 * Locks the device's head row and returns the head, in one statement: the upsert takes the row
 * lock (waiting for a concurrent ingest of the same device) and returns the stored head. A device
 * never ingested before gets a placeholder row (seq 0: no head) that this transaction overwrites.
 */
const LOCK_DEVICE_HEAD_SQL = `INSERT INTO audit.device_heads AS h (device_id, seq, hash) VALUES ($1, 0, '')
  ON CONFLICT (device_id) DO UPDATE SET seq = h.seq RETURNING seq, hash`;

function headFromRow(row: unknown): ChainHead | null {
  const h = HeadRow.parse(row);
  return h.seq === 0 ? null : h;
}

const ListInput = z.object({
  patientId: PatientIdSchema.optional(),
  userId: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  flaggedOnly: z.boolean().default(false),
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const auditRouter = router({
  ingest: authedProcedure.input(IngestInput).mutation(async ({ ctx, input }) => {
    if (input.deviceId !== ctx.user.deviceId) throw new LanternError('FORBIDDEN', 'deviceId does not match the device this token was issued to');
    const foreign = input.events.findIndex((e) => e.deviceId !== input.deviceId);
    if (foreign >= 0) throw new LanternError('BAD_INPUT', `events[${foreign}].deviceId: must be the ingesting device`, { issues: [{ path: `events.${foreign}.deviceId`, message: 'must be the ingesting device' }] });
    const s = ctx.services;
    const events = input.events;
    const first = events[0];
    const receivedAt = s.clock.now();
    // Two queries per batch, whatever its size: the device's key, and the sign-ins of the users it names.
    const [device, windows] = await Promise.all([deviceKey(s.pool, input.deviceId), signInWindows(s.pool, input.deviceId, usersOf(events))]);
    if (device === null || device.thumbprint !== ctx.user.deviceKeyThumbprint || !batchSignatureValid(device.key, input.deviceId, events, input.signature)) {
      await recordDeviceFinding(s.pool, { deviceId: input.deviceId, kind: 'ingest-signature-invalid', detail: { userId: ctx.user.userId, batchSize: events.length, clientAddress: ctx.clientAddress } });
      throw new LanternError('UNAUTHENTICATED', 'This batch is not signed by the device key: nothing was stored');
    }
    const receivedIso = receivedAt.toISOString();
    const outcome = await withTx(s.pool, async (c) => {
      const head = headFromRow((await c.query(LOCK_DEVICE_HEAD_SQL, [input.deviceId])).rows[0]);
      // A retried batch: events at or below the stored head were already ingested.
      const fresh = events.filter((e) => head === null || e.seq > head.seq);
      if (fresh.length === 0) return { accepted: 0, duplicates: events.length, broken: null, head, refused: [] };
      // The events stored (by their index in `fresh`) and those refused as their user's act.
      const accepted: number[] = [];
      const refused: Refusal[] = [];
      const findings: unknown[] = [];
      fresh.forEach((e, i) => {
        const why = refusalOf(e, windows);
        if (why === null) {
          accepted.push(i);
          return;
        }
        // Never stored as the claimed user's act: the device chain moves past it, the finding keeps it.
        refused.push({ seq: e.seq, eventId: e.eventId, code: 'FORBIDDEN', reason: why });
        findings.push({ id: randomUUID(), device_id: input.deviceId, kind: 'ingest-user-refused', detail: {
          reason: why, deviceSeq: e.seq, deviceHash: e.hash, eventId: e.eventId, claimedUserId: e.userId, action: e.action, patientId: e.patientId,
          resourceType: e.resourceType, resourceId: e.resourceId, recordedAt: e.recordedAt, receivedAt: receivedIso, sentBy: ctx.user.userId, from: ctx.clientAddress,
        } });
      });
      if (findings.length > 0) await c.query(REFUSED_FINDINGS_SQL, [JSON.stringify(findings)]);
      // The device's chain continues from what it sent, even past a break (the finding records it).
      const last = fresh[fresh.length - 1] ?? first;
      if (last === undefined) throw new Error('unreachable: fresh is not empty');
      await c.query('UPDATE audit.device_heads SET seq = $2, hash = $3 WHERE device_id = $1', [input.deviceId, last.seq, last.hash]);
      // The device chain is checked as the events stream into the central chain: each event's
      // canonical text is framed once, its device hash checked on it, and its central row made
      // from the same frame with whether it verified (it and every fresh event before it, refused
      // ones included). Rows are made only as each is written (appendRowsInBulk), so the batch's
      // texts are never all alive at once.
      const follower = new ChainFollower(head);
      let seen = 0;
      const followTo = (end: number): void => {
        for (; seen < end; seen++) {
          const e = fresh[seen] as ChainedAuditEvent;
          follower.next(e, framePrepared(frameOf(e)));
        }
      };
      // Last: the central chain lock is held only from here to the commit.
      await appendRowsInBulk(c, accepted.length, (i) => {
        followTo(accepted[i] as number);
        const e = fresh[seen++] as ChainedAuditEvent;
        const frame = frameOf(e);
        const verified = follower.next(e, framePrepared(frame));
        return bulkRow(e, frameWithExtraDetail(frame, INGEST_KEYS, ingestDetail(e, ctx.clientAddress, verified, receivedIso)));
      });
      followTo(fresh.length);
      const v = follower.result();
      let broken: { seq: number; reason: string } | null = null;
      if (!v.ok) {
        broken = { seq: v.seq, reason: v.reason };
        await c.query('INSERT INTO audit.findings (id, device_id, kind, detail) VALUES ($1, $2, $3, $4)', [
          randomUUID(), input.deviceId, v.reason,
          JSON.stringify({ atSeq: v.seq, expectedAfter: head?.seq ?? 0, batchSize: fresh.length, userId: ctx.user.userId }),
        ]);
      }
      return { accepted: accepted.length, duplicates: events.length - fresh.length, broken, head: { seq: last.seq, hash: last.hash }, refused };
    });
    observeAuditIngest(outcome.accepted, events.slice(events.length - outcome.accepted).map((e) => e.recordedAt), receivedAt);
    if (outcome.broken !== null) {
      throw new LanternError('CONFLICT', `Audit chain of device broken at seq ${outcome.broken.seq} (${outcome.broken.reason}): the events were stored as unverified and a finding was recorded`);
    }
    // Refused events are answered per event (typed FORBIDDEN); the device must not resend them.
    return { accepted: outcome.accepted, duplicates: outcome.duplicates, head: outcome.head, refused: outcome.refused, receivedAt: receivedIso };
  }),

  /** The device's last ingested head, so a workstation can resume after a crash. */
  deviceHead: authedProcedure.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query('SELECT seq, hash FROM audit.device_heads WHERE device_id = $1', [ctx.user.deviceId]);
    return r.rows[0] === undefined ? null : HeadRow.parse(r.rows[0]);
  }),

  list: policyProcedure('AuditEvent', 'search').input(ListInput).query(async ({ ctx, input }) => {
    const where = ['seq > $1'];
    const args: unknown[] = [input.afterSeq];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (input.patientId !== undefined) add('patient_id = ?', input.patientId);
    if (input.userId !== undefined) add('user_id = ?', input.userId);
    if (input.action !== undefined) add('action = ?', input.action);
    if (input.flaggedOnly) where.push('flagged');
    args.push(input.limit);
    const s = ctx.services;
    // One patient's rows come through the patient index (by device time, migration 0021), then
    // sorted by seq: materialised first, so the planner never walks the whole log in seq order.
    const sql = input.patientId === undefined
      ? `SELECT ${AUDIT_ROW_COLUMNS} FROM audit.events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${args.length}`
      : `WITH p AS MATERIALIZED (SELECT ${AUDIT_ROW_COLUMNS} FROM audit.events WHERE ${where.join(' AND ')})
         SELECT * FROM p ORDER BY seq LIMIT $${args.length}`;
    const r = await s.pool.query(sql, args);
    await withTx(s.pool, (c) =>
      appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', patientId: input.patientId ?? null, detail: { via: 'audit.list', count: r.rows.length } }, s.clock.now())]),
    );
    return { events: r.rows.map(rowToChained) };
  }),

  breakGlassReview: policyProcedure('AuditEvent', 'search')
    .input(z.object({ unreviewedOnly: z.boolean().default(false) }).default({ unreviewedOnly: false }))
    .query(async ({ ctx, input }) => {
      const r = await ctx.services.pool.query(
        `SELECT g.id, g.patient_id, g.user_id, u.username, u.role, g.device_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at
         FROM break_glass_grants g JOIN users u ON u.id = g.user_id
         ${input.unreviewedOnly ? 'WHERE g.reviewed_at IS NULL' : ''} ORDER BY g.granted_at DESC LIMIT 1000`,
      );
      const now = ctx.services.clock.now();
      await withTx(ctx.services.pool, (c) =>
        appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', detail: { via: 'audit.breakGlassReview', count: r.rows.length } }, now)]),
      );
      return z.array(z.object({
        id: z.string(), patient_id: z.string(), user_id: z.string(), username: z.string(), role: z.string(), device_id: z.string().nullable(),
        reason: z.string(), granted_at: z.date(), expires_at: z.date(), reviewed_at: z.date().nullable(),
      })).parse(r.rows).map((g) => ({
        grantId: g.id, patientId: g.patient_id, userId: g.user_id, username: g.username, role: g.role, deviceId: g.device_id, reason: g.reason,
        grantedAt: g.granted_at.toISOString(), expiresAt: g.expires_at.toISOString(), active: g.expires_at > now, reviewedAt: g.reviewed_at?.toISOString() ?? null,
      }));
    }),

  // Reviewing break-glass use is part of reading the audit trail; the log itself stays append-only.
  markReviewed: policyProcedure('AuditEvent', 'read').input(z.object({ grantId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    return withTx(s.pool, async (c) => {
      const r = await c.query('UPDATE break_glass_grants SET reviewed_at = $2, reviewed_by = $3 WHERE id = $1 AND reviewed_at IS NULL RETURNING patient_id', [input.grantId, now, ctx.user.userId]);
      if (r.rowCount === 0) throw new LanternError('NOT_FOUND', 'No unreviewed grant with that id');
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'break-glass', outcome: 'success', patientId: z.string().parse(r.rows[0].patient_id), detail: { review: input.grantId } }, now)]);
      return { grantId: input.grantId, reviewedAt: now.toISOString() };
    });
  }),

  /** Recomputes the central chain and checks the signed checkpoints (same check as the verify-audit command). */
  verify: policyProcedure('AuditEvent', 'read').query(async ({ ctx }) => {
    const c = await ctx.services.pool.connect();
    try {
      return await verifyAuditTrail(c, ctx.services.config);
    } finally {
      c.release();
    }
  }),
});
