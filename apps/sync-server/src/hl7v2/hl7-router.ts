/**
 * hl7.*: the interface analyst's tools (an administrator: the policy's Device permissions, since
 * an interface is a connected system like a device): registered interfaces, the error queue, one
 * queued message, replay and discard, and the orders sent to the lab. Every call is audited; a raw
 * message is PHI, so it is read one at a time, each read audited against its patient when known.
 */
import { LanternError } from '@lantern/core';
import { z } from 'zod';
import { auditRead } from '../privacy/audited.ts';
import { policyProcedure, router } from '../trpc.ts';
import { INTERFACE_KINDS, listInterfaces, registerInterface } from './interfaces.ts';
import { discardEntry, listFlagged, listQueue, readEntry } from './journal.ts';
import { replayerFor } from './replay.ts';

const readInterfaces = policyProcedure('Device', 'read');
const manageInterfaces = policyProcedure('Device', 'update');
const MessageId = z.object({ id: z.uuid() });
const Sender = z.string().trim().min(1).max(180).regex(/^[^|^~\\&\r\n]+$/, 'no HL7 delimiters');

const OutboundRow = z.object({
  serviceRequestId: z.string(), status: z.enum(['pending', 'acked', 'rejected']), attempts: z.number(),
  nextAttemptAt: z.coerce.date().transform((d) => d.toISOString()), lastError: z.string().nullable(), ackedAt: z.coerce.date().nullable().transform((d) => d?.toISOString() ?? null),
});

export const hl7Router = router({
  interfaces: readInterfaces.query(async ({ ctx }) => {
    const list = await listInterfaces(ctx.services.pool);
    return list.map(({ id, sendingApplication, sendingFacility, kind, username }) => ({ id, sendingApplication, sendingFacility, kind, username }));
  }),

  registerInterface: policyProcedure('Device', 'create')
    .input(z.object({ sendingApplication: Sender, sendingFacility: Sender, kind: z.enum(INTERFACE_KINDS) }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      const i = await registerInterface(s.pool, { ...input, now: s.clock.now(), passwordCost: s.config.passwordCost });
      await auditRead(s, ctx.actor, { action: 'resource-create', outcome: 'success', resourceType: 'Device', resourceId: `hl7-${i.id}`, detail: { via: 'hl7.registerInterface', kind: i.kind } });
      return { id: i.id, username: i.username, kind: i.kind };
    }),

  /** The error queue (AE/AR), oldest first, and accepted messages flagged for a look (unknown order). */
  queue: readInterfaces.input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const [errors, flagged] = await Promise.all([listQueue(s.pool, input.limit), listFlagged(s.pool, input.limit)]);
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'Device', detail: { via: 'hl7.queue', count: errors.length + flagged.length } });
    return { errors, flagged };
  }),

  message: readInterfaces.input(MessageId).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const entry = await readEntry(s.pool, input.id);
    if (entry === null) throw new LanternError('NOT_FOUND', 'No such HL7 message');
    await auditRead(s, ctx.actor, { action: 'resource-read', outcome: 'success', patientId: entry.patientId, resourceType: 'Device', resourceId: input.id, detail: { via: 'hl7.message' } });
    return entry;
  }),

  replay: manageInterfaces.input(MessageId).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const entry = await readEntry(s.pool, input.id);
    if (entry === null) throw new LanternError('NOT_FOUND', 'No such HL7 message');
    if (entry.status !== 'error' && entry.status !== 'rejected') throw new LanternError('CONFLICT', `Only queued messages are replayed (this one is ${entry.status})`);
    const replay = replayerFor(s.pool);
    if (replay === null) throw new LanternError('UNAVAILABLE', 'HL7 v2 is not enabled on this server (LANTERN_HL7_PORT)');
    const outcome = await replay(input.id, entry.raw);
    await auditRead(s, ctx.actor, { action: 'resource-update', outcome: 'success', patientId: outcome.patientId, resourceType: 'Device', resourceId: input.id, detail: { via: 'hl7.replay', ack: outcome.code } });
    return { ack: outcome.code, error: outcome.code === 'AA' ? null : `${outcome.problem.condition} ${outcome.problem.text}` };
  }),

  discard: manageInterfaces.input(MessageId).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const done = await discardEntry(s.pool, input.id, ctx.user.userId, s.clock.now());
    if (!done) throw new LanternError('CONFLICT', 'Only queued messages are discarded');
    await auditRead(s, ctx.actor, { action: 'resource-update', outcome: 'success', resourceType: 'Device', resourceId: input.id, detail: { via: 'hl7.discard' } });
    return { discarded: true };
  }),

  /** Orders sent to the lab and their acknowledgment state (ids only). */
  outbound: readInterfaces.input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 })).query(async ({ ctx, input }) => {
    const r = await ctx.services.pool.query(
      `SELECT service_request_id AS "serviceRequestId", status, attempts, next_attempt_at AS "nextAttemptAt", last_error AS "lastError", acked_at AS "ackedAt"
         FROM hl7_outbound_orders ORDER BY created_at DESC LIMIT $1`,
      [input.limit],
    );
    return r.rows.map((x) => OutboundRow.parse(x));
  }),
});
