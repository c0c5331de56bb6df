/**
 * workstation.*: what a workstation tells the server when it syncs (app and knowledge-base
 * versions, unsynced writes) and what it learns back: the organisation's workstation policy, a
 * pending remote wipe, and whether its user must change their password.
 */
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authedProcedure, router } from '../trpc.ts';
import { readPolicy } from './workstation-policy.ts';

const Row = z.object({ wipe: z.boolean(), must_change_password: z.boolean() });

export const workstationRouter = router({
  report: authedProcedure
    .input(z.object({ appVersion: z.string().max(64), kbVersion: z.string().max(64), pendingCount: z.number().int().min(0).max(10_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      const r = await s.pool.query(
        `UPDATE devices d SET app_version = $2, kb_version = $3, pending_count = $4, reported_at = $5 FROM users u WHERE d.id = $1 AND u.id = $6
         RETURNING (d.wipe_requested_at IS NOT NULL AND (d.wiped_at IS NULL OR d.wiped_at < d.wipe_requested_at)) AS wipe, u.must_change_password`,
        [ctx.user.deviceId, input.appVersion, input.kbVersion, input.pendingCount, s.clock.now(), ctx.user.userId],
      );
      const row = r.rows[0] === undefined ? { wipe: false, must_change_password: false } : Row.parse(r.rows[0]);
      const { updatedAt, updatedBy: _by, ...policy } = await readPolicy(s.pool);
      return { policy: { ...policy, setByOrganisation: true as const, updatedAt }, wipe: row.wipe, mustChangePassword: row.must_change_password };
    }),

  /** The workstation purged its store: the device is deactivated and its sessions end. */
  confirmWipe: authedProcedure.input(z.object({ keptUnsynced: z.number().int().min(0) })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const done = await withTx(s.pool, async (c) => {
      const r = await c.query('UPDATE devices SET wiped_at = $2, active = false, revoked_at = $2 WHERE id = $1 AND wipe_requested_at IS NOT NULL AND (wiped_at IS NULL OR wiped_at < wipe_requested_at)', [ctx.user.deviceId, now]);
      if (r.rowCount === 0) return false;
      await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [ctx.user.deviceId, now]);
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'resource-delete', outcome: 'success', resourceType: 'Device', resourceId: ctx.user.deviceId, detail: { op: 'wipe-confirmed', keptUnsynced: input.keptUnsynced } }, now)]);
      return true;
    });
    return { wiped: done };
  }),
});
