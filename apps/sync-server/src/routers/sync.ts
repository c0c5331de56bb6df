/** sync.*: push and pull for workstations (ARCHITECTURE.md, Sync protocol). */
import { LanternError, PullInputSchema, PushInputSchema, type PullOutput, type PushOutput, type PushResult } from '@lantern/core';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { loadUserScope } from '../db/scope.ts';
import { pull } from '../sync/pull.ts';
import { precheckResources, pushBatch } from '../sync/push.ts';
import { isAfterRefusal } from '../sync/push-head.ts';
import { completeSyncRegistrations, joinCareTeamsForNewPatients } from '../registration/sync-registration.ts';
import { authedProcedure, router } from '../trpc.ts';
import { workstationProcedure } from '../updates/version-gate.ts';

const ConflictRow = z.object({
  id: z.string(), patient_id: z.string(), resource_type: z.string(), resource_id: z.string(), fields: z.array(z.string()),
  base_version: z.number().nullable(), server_version: z.number().nullable(), created_at: z.date(), resolved_at: z.date().nullable(),
});

export const syncRouter = router({
  push: workstationProcedure.input(PushInputSchema).mutation(async ({ ctx, input }): Promise<PushOutput> => {
    if (input.deviceId !== ctx.user.deviceId) throw new LanternError('FORBIDDEN', 'deviceId does not match the device this token was issued to');
    // First, before any database wait: a batch sent behind another is checked while that one is in Postgres.
    precheckResources(input.mutations);
    const s = ctx.services;
    // Patients registered offline: their registering user joins the care team first (registration/).
    const registered = await joinCareTeamsForNewPatients(s.pool, ctx.user, input.mutations);
    // Not awaited here: pushBatch reads the mutation log while the scope loads (two connections).
    const scope = loadUserScope(s.pool, ctx.user.userId, s.clock.now());
    scope.catch(() => undefined); // awaited in pushBatch (and below)
    const deps = { pool: s.pool, clock: s.clock };
    const actor = { ...ctx.actor, role: ctx.user.role };
    try {
      const results = await pushBatch(deps, actor, scope, input.mutations, { after: input.after });
      await completeSyncRegistrations(s.pool, ctx.actor, registered, s.clock.now(), s.config.matchConfig);
      // checksAfter: this server honours `after`, so the workstation may send its next batch before this answer.
      return { results, checksAfter: true };
    } catch (e) {
      if (isAfterRefusal(e)) throw e; // nothing was stored: the workstation sends the batch again alone
      await scope; // a failed scope load is an error of the whole request, not of each mutation
      // One mutation the database refuses must not block the rest of the outbox forever: retry
      // one by one, and report only the failing ones (the client may retry them later).
      s.logger.warn({ err: e instanceof Error ? e.message.slice(0, 200) : 'unknown', batch: input.mutations.length }, 'push batch failed; retrying one by one');
      const results: PushResult[] = [];
      // A record whose earlier mutation failed: its later ones wait with it, so the device's edits
      // of one record are stored in their queue order (sync/push.ts editedBase relies on it).
      const failed = new Set<string>();
      for (const m of input.mutations) {
        const record = `${m.resourceType}/${m.resourceId}`;
        try {
          if (failed.has(record)) throw new Error('an earlier change to the record failed');
          // Already past the head check: each is decided alone; once one failed, the head stays not clean.
          results.push(...(await pushBatch(deps, actor, scope, [m], { dirty: failed.size > 0 })));
        } catch {
          failed.add(record);
          results.push({ mutationId: m.mutationId, status: 'rejected', code: 'INTERNAL', message: 'The server could not store this mutation; retry it later' });
        }
      }
      return { results, checksAfter: true };
    }
  }),

  pull: workstationProcedure.input(PullInputSchema).mutation(async ({ ctx, input }): Promise<PullOutput> => {
    const s = ctx.services;
    const now = s.clock.now();
    const scope = await loadUserScope(s.pool, ctx.user.userId, now);
    return pull(s.pool, { ...ctx.actor, role: ctx.user.role }, scope, input, now);
  }),

  /**
   * Marks a conflict resolved once a clinician has decided it (the decision itself travels as a
   * normal mutation based on the server's version). Audited as conflict-resolve.
   */
  resolveConflict: authedProcedure.input(z.object({ conflictId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    return withTx(s.pool, async (c) => {
      const r = await c.query(
        'UPDATE conflicts SET resolved_at = $3 WHERE id = $1 AND user_id = $2 AND resolved_at IS NULL RETURNING patient_id, resource_type, resource_id',
        [input.conflictId, ctx.user.userId, now],
      );
      const row = z.object({ patient_id: z.string(), resource_type: z.string(), resource_id: z.string() }).optional().parse(r.rows[0]);
      if (row === undefined) throw new LanternError('NOT_FOUND', 'No open conflict of yours with that id');
      await appendAuditEvents(c, [serverEvent(ctx.actor, {
        action: 'conflict-resolve', outcome: 'success', patientId: row.patient_id, resourceType: row.resource_type, resourceId: row.resource_id,
        purposeOfUse: 'TREAT', detail: { conflictId: input.conflictId },
      }, now)]);
      return { conflictId: input.conflictId, resolvedAt: now.toISOString() };
    });
  }),

  /**
   * The caller's patients by relation: the workstation's "my patients" and unit census, and the
   * relation it passes to core's decideAccess while offline (care team wins over unit), plus active
   * break-glass grants. Ids only.
   */
  scope: authedProcedure.query(async ({ ctx }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const scope = await loadUserScope(s.pool, ctx.user.userId, now);
    const grants = await s.pool.query(
      'SELECT patient_id, max(expires_at) AS expires_at FROM break_glass_grants WHERE user_id = $1 AND granted_at <= $2 AND expires_at > $2 GROUP BY patient_id',
      [ctx.user.userId, now],
    );
    return {
      careTeam: [...scope.careTeam].sort(),
      unit: [...scope.unit].sort(),
      breakGlass: z.array(z.object({ patient_id: z.string(), expires_at: z.date() })).parse(grants.rows)
        .map((g) => ({ patientId: g.patient_id, expiresAt: g.expires_at.toISOString() })),
    };
  }),

  /** Conflicts this user's pushes produced that are not resolved yet. */
  conflicts: authedProcedure.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query(
      `SELECT id, patient_id, resource_type, resource_id, fields, base_version, server_version, created_at, resolved_at
       FROM conflicts WHERE user_id = $1 AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 500`,
      [ctx.user.userId],
    );
    return r.rows.map((row) => {
      const c = ConflictRow.parse(row);
      return {
        conflictId: c.id, patientId: c.patient_id, resourceType: c.resource_type, resourceId: c.resource_id, fields: c.fields,
        baseVersion: c.base_version === null ? null : String(c.base_version), serverVersion: c.server_version === null ? null : String(c.server_version),
        createdAt: c.created_at.toISOString(),
      };
    });
  }),
});
