/**
 * access.*: break-glass (emergency access). A physician or nurse states a reason and gets
 * time-boxed READ access to one patient outside their care team (default 4 h). The grant is
 * audited with the reason, flagged, and listed for privacy review (audit.breakGlassReview).
 */
import { randomUUID } from 'node:crypto';
import { decideAccess, LanternError, PatientIdSchema } from '@lantern/core';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authedProcedure, router } from '../trpc.ts';

export const accessRouter = router({
  breakGlass: authedProcedure
    .input(z.object({ patientId: PatientIdSchema, reason: z.string().trim().min(10, 'state the clinical reason (at least 10 characters)').max(1000) }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      const now = s.clock.now();
      // Would break-glass let this role read the record at all? (billing, admin, privacy: never)
      const d = decideAccess({ role: ctx.user.role, resourceType: 'Patient', action: 'read', relation: 'none', breakGlass: true });
      if (!d.allowed) {
        await withTx(s.pool, (c) =>
          appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'break-glass', outcome: 'denied', patientId: input.patientId, reason: input.reason, breakGlass: true }, now)]),
        );
        throw new LanternError('FORBIDDEN', `Break-glass is not available to the ${ctx.user.role} role`);
      }
      const exists = await s.pool.query("SELECT 1 FROM resources WHERE patient_id = $1 AND resource_type = 'Patient' AND NOT deleted", [input.patientId]);
      if (exists.rowCount === 0) throw new LanternError('NOT_FOUND', 'No such patient');
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + s.config.breakGlassHours * 3_600_000);
      await withTx(s.pool, async (c) => {
        await c.query(
          'INSERT INTO break_glass_grants (id, patient_id, user_id, device_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [id, input.patientId, ctx.user.userId, ctx.user.deviceId, input.reason, now, expiresAt],
        );
        await appendAuditEvents(c, [
          serverEvent(ctx.actor, {
            action: 'break-glass', outcome: 'success', patientId: input.patientId, reason: input.reason, purposeOfUse: 'ETREAT', breakGlass: true,
            detail: { grantId: id, expiresAt: expiresAt.toISOString() },
          }, now),
        ]);
      });
      return { grantId: id, patientId: input.patientId, expiresAt: expiresAt.toISOString(), flagged: true as const };
    }),

  /** The caller's break-glass grants that are still active. */
  myGrants: authedProcedure.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query(
      'SELECT id, patient_id, expires_at FROM break_glass_grants WHERE user_id = $1 AND expires_at > $2 ORDER BY expires_at',
      [ctx.user.userId, ctx.services.clock.now()],
    );
    return z.array(z.object({ id: z.string(), patient_id: z.string(), expires_at: z.date() })).parse(r.rows)
      .map((g) => ({ grantId: g.id, patientId: g.patient_id, expiresAt: g.expires_at.toISOString() }));
  }),
});
