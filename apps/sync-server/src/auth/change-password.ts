/**
 * auth.changePassword: the signed-in user sets a new password, proving the current one (the
 * temporary password after an administrator's reset). Clears the must-change flag, revokes the
 * user's other refresh tokens (sessions elsewhere end), and is audited without either password.
 */
import { LanternError } from '@lantern/core';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { findUserById } from '../db/users.ts';
import { authedProcedure } from '../trpc.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, 'At least 12 characters').max(1024),
}).refine((v) => v.newPassword !== v.currentPassword, { message: 'The new password must differ from the current one', path: ['newPassword'] });

export const changePasswordProcedure = authedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
  const s = ctx.services;
  const now = s.clock.now();
  const user = await findUserById(s.pool, ctx.user.userId);
  if (user === null || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'login-failed', outcome: 'denied', resourceType: 'User', resourceId: ctx.user.userId, detail: { op: 'change-password' } }, now)]));
    throw new LanternError('UNAUTHENTICATED', 'The current password is not correct');
  }
  const hash = await hashPassword(input.newPassword, s.config.passwordCost);
  await withTx(s.pool, async (c) => {
    await c.query('UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1', [ctx.user.userId, hash]);
    await c.query('UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND device_id <> $2 AND revoked_at IS NULL', [ctx.user.userId, ctx.user.deviceId, now]);
    await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'resource-update', outcome: 'success', resourceType: 'User', resourceId: ctx.user.userId, detail: { op: 'change-password' } }, now)]);
  });
  return { ok: true as const };
});
