/** admin.*: accounts and devices. Admins manage access; they never see clinical data. */
import { randomUUID } from 'node:crypto';
import { LanternError, PatientIdSchema, ROLES } from '@lantern/core';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { dropDeviceNonces } from '../auth/nonces.ts';
import { hashPassword } from '../auth/passwords.ts';
import { signInThrottleFor } from '../auth/sign-in-throttle.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { findUserById, findUserByUsername, insertUser, listDevices, listUsers, setDeviceActive, setUserActive } from '../db/users.ts';
import type { Services } from '../services.ts';
import { deviceDirectory } from '../admin/device-directory.ts';
import { userDirectory } from '../admin/user-directory.ts';
import { whoCanSee } from '../admin/who-can-see.ts';
import { readPolicy, WorkstationPolicySchema, writePolicy } from '../admin/workstation-policy.ts';
import { findPatientLabels } from '../privacy/reports/patient-labels.ts';
import { policyProcedure, router } from '../trpc.ts';

/** Managing accounts, devices and assignments: whoever the access policy lets write users. */
const adminProcedure = policyProcedure('User', 'update');
const Unit = z.string().trim().min(1).max(64);

/** Administrative changes are audited like any access (action + what changed, ids only). */
async function audited<T>(s: Services, actor: Actor, detail: Record<string, string | boolean>, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  return withTx(s.pool, async (c) => {
    const out = await fn(c);
    await appendAuditEvents(c, [serverEvent(actor, { action: 'resource-update', outcome: 'success', resourceType: String(detail['type'] ?? 'User'), detail }, s.clock.now())]);
    return out;
  });
}

export const adminRouter = router({
  listUsers: adminProcedure.query(({ ctx }) => listUsers(ctx.services.pool)),

  createUser: adminProcedure
    .input(z.object({
      username: z.string().regex(/^[a-z0-9._-]{3,64}$/, '3-64 of a-z 0-9 . _ -'), password: z.string().min(12).max(1024), role: z.enum(ROLES),
      units: z.array(Unit).max(20).default([]), familyName: z.string().trim().min(1).max(100).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      if ((await findUserByUsername(s.pool, input.username)) !== null) throw new LanternError('CONFLICT', 'That username is taken');
      const id = randomUUID();
      const passwordHash = await hashPassword(input.password, s.config.passwordCost);
      await audited(s, ctx.actor, { type: 'User', op: 'create', userId: id, role: input.role }, async (c) => {
        await insertUser(c, { id, username: input.username, passwordHash, role: input.role });
        for (const unit of input.units) await c.query('INSERT INTO user_units (user_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, unit]);
        if (input.familyName !== undefined) await c.query('UPDATE users SET family_name = $2 WHERE id = $1', [id, input.familyName]);
      });
      return { id, username: input.username, role: input.role };
    }),

  setUserActive: adminProcedure.input(z.object({ userId: z.string().uuid(), active: z.boolean() })).mutation(async ({ ctx, input }) => {
    const ok = await audited(ctx.services, ctx.actor, { type: 'User', op: 'set-active', userId: input.userId, active: input.active }, (c) => setUserActive(c, input.userId, input.active));
    if (!ok) throw new LanternError('NOT_FOUND', 'No such user');
    return { userId: input.userId, active: input.active };
  }),

  /** Lifts a sign-in lockout and clears the account's failure count; audited as `login-unlocked`. */
  unlockUser: adminProcedure.input(z.object({ userId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const user = await findUserById(s.pool, input.userId);
    if (user === null) throw new LanternError('NOT_FOUND', 'No such user');
    const wasLocked = await withTx(s.pool, async (c) => {
      const was = await signInThrottleFor(s.pool, s.config.signInThrottle).unlock(c, user.username);
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'login-unlocked', outcome: 'success', resourceType: 'User', resourceId: user.id, detail: { userId: user.id, wasLocked: was } }, s.clock.now())]);
      return was;
    });
    return { userId: user.id, wasLocked };
  }),

  listDevices: adminProcedure.query(({ ctx }) => listDevices(ctx.services.pool)),

  setDeviceActive: adminProcedure.input(z.object({ deviceId: z.string().min(1).max(128), active: z.boolean() })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const ok = await audited(s, ctx.actor, { type: 'Device', op: input.active ? 'reactivate' : 'revoke', deviceId: input.deviceId, active: input.active }, async (c) => {
      const done = await setDeviceActive(c, input.deviceId, input.active, s.clock.now());
      // Revocation is immediate: every tRPC call checks devices.active, and the device's refresh
      // tokens and outstanding nonces go now, so neither a refresh nor a new sign-in can follow.
      if (done && !input.active) {
        await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [input.deviceId, s.clock.now()]);
        await dropDeviceNonces(c, input.deviceId);
      }
      return done;
    });
    if (!ok) throw new LanternError('NOT_FOUND', 'No such device');
    return { deviceId: input.deviceId, active: input.active };
  }),

  /** Care-team and unit assignments: who may see which patients (ids only; admins see no chart). */
  assignCareTeam: adminProcedure
    .input(z.object({ userId: z.string().uuid(), patientId: PatientIdSchema, assigned: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await audited(ctx.services, ctx.actor, { type: 'User', op: input.assigned ? 'care-team-add' : 'care-team-remove', userId: input.userId, patientId: input.patientId }, async (c) => {
        if (input.assigned && (await findUserById(c, input.userId)) === null) throw new LanternError('NOT_FOUND', 'No such user');
        if (input.assigned) await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [input.patientId, input.userId]);
        else await c.query('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [input.patientId, input.userId]);
      });
      return { ok: true as const };
    }),

  assignUnit: adminProcedure
    .input(z.object({ userId: z.string().uuid(), unit: z.string().min(1).max(64), assigned: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await audited(ctx.services, ctx.actor, { type: 'User', op: input.assigned ? 'unit-add' : 'unit-remove', userId: input.userId, unit: input.unit }, async (c) => {
        if (input.assigned && (await findUserById(c, input.userId)) === null) throw new LanternError('NOT_FOUND', 'No such user');
        if (input.assigned) await c.query('INSERT INTO user_units (user_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING', [input.userId, input.unit]);
        else await c.query('DELETE FROM user_units WHERE user_id = $1 AND unit = $2', [input.userId, input.unit]);
      });
      return { ok: true as const };
    }),
  /** Accounts with units, status, lockout, last sign-in and devices; searchable by name or role. */
  users: adminProcedure.input(z.object({ search: z.string().max(100).default('') }).default({ search: '' })).query(({ ctx, input }) => userDirectory(ctx.services.pool, input.search)),

  /** Sets a temporary password the user must change at next sign-in; their sessions end now. */
  resetPassword: adminProcedure.input(z.object({ userId: z.string().uuid(), temporaryPassword: z.string().min(12).max(1024) })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const passwordHash = await hashPassword(input.temporaryPassword, s.config.passwordCost);
    const ok = await audited(s, ctx.actor, { type: 'User', op: 'reset-password', userId: input.userId }, async (c) => {
      const r = await c.query('UPDATE users SET password_hash = $2, must_change_password = true WHERE id = $1', [input.userId, passwordHash]);
      await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [input.userId, s.clock.now()]);
      return r.rowCount === 1;
    });
    if (!ok) throw new LanternError('NOT_FOUND', 'No such user');
    return { userId: input.userId, mustChangePassword: true as const };
  }),

  /** Staff surname and home address, used only to flag staff-as-patient and family lookups. */
  setStaffIdentity: adminProcedure
    .input(z.object({ userId: z.string().uuid(), familyName: z.string().trim().max(100).nullable(), homeAddress: z.string().trim().max(300).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const ok = await audited(ctx.services, ctx.actor, { type: 'User', op: 'set-staff-identity', userId: input.userId }, async (c) =>
        (await c.query('UPDATE users SET family_name = $2, home_address = $3 WHERE id = $1', [input.userId, input.familyName === '' ? null : input.familyName, input.homeAddress === '' ? null : input.homeAddress])).rowCount === 1);
      if (!ok) throw new LanternError('NOT_FOUND', 'No such user');
      return { userId: input.userId };
    }),

  /** Patients by name, MRN or birth date, to assign a care team: identifiers only, never the chart. */
  findPatients: adminProcedure.input(z.object({ text: z.string().max(200) })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const found = await findPatientLabels(s.pool, input.text);
    await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'search', outcome: 'success', resourceType: 'Patient', detail: { via: 'admin.findPatients', count: found.length } }, s.clock.now())]));
    return found;
  }),

  /** Who can see a patient and why (care team, unit, break-glass). */
  whoCanSee: adminProcedure.input(z.object({ patientId: PatientIdSchema })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const out = await whoCanSee(s.pool, input.patientId, s.clock.now());
    await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'search', outcome: 'success', resourceType: 'User', patientId: input.patientId, detail: { via: 'admin.whoCanSee', count: out.length } }, s.clock.now())]));
    return out;
  }),

  units: adminProcedure.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query(
      `SELECT unit, sum(u)::int AS users, sum(p)::int AS patients FROM (
         SELECT unit, 1 AS u, 0 AS p FROM user_units UNION ALL SELECT unit, 0, 1 FROM patient_units) x GROUP BY unit ORDER BY unit`,
    );
    return z.array(z.object({ unit: z.string(), users: z.number(), patients: z.number() })).parse(r.rows);
  }),

  devices: adminProcedure.query(({ ctx }) => deviceDirectory(ctx.services.pool)),

  /**
   * Asks a workstation to purge its store at next contact (workstation.report answers `wipe`); it
   * pushes its unsynced clinical writes first when it can, so its sessions stay valid until it
   * confirms the wipe (workstation.confirmWipe), which deactivates it.
   */
  requestWipe: adminProcedure.input(z.object({ deviceId: z.string().min(1).max(128) })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const ok = await audited(s, ctx.actor, { type: 'Device', op: 'request-wipe', deviceId: input.deviceId }, async (c) => {
      const r = await c.query('UPDATE devices SET wipe_requested_at = $2, wipe_requested_by = $3 WHERE id = $1', [input.deviceId, now, ctx.user.userId]);
      return r.rowCount === 1;
    });
    if (!ok) throw new LanternError('NOT_FOUND', 'No such device');
    return { deviceId: input.deviceId, wipeRequestedAt: now.toISOString() };
  }),

  policy: adminProcedure.query(({ ctx }) => readPolicy(ctx.services.pool)),

  setPolicy: adminProcedure.input(WorkstationPolicySchema).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    await audited(s, ctx.actor, { type: 'WorkstationPolicy', op: 'set-policy', autoLockMinutes: String(input.autoLockMinutes), offlineGrantHours: String(input.offlineGrantHours), syncIntervalSeconds: String(input.syncIntervalSeconds), cdsSuppressionHours: String(input.cdsSuppressionHours) },
      (c) => writePolicy(c, input, ctx.user.userId, s.clock.now()));
    return readPolicy(s.pool);
  }),
});
