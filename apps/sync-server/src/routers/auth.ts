/**
 * auth.*: sign-in (argon2id), token refresh with rotation, logout, device registration.
 * HIPAA 164.312(d) person or entity authentication; every attempt is audited.
 */
import { DeviceIdSchema, LanternError, type Role } from '@lantern/core';
import { z } from 'zod';
import { signOfflineGrant } from '../auth/offline-grant.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { consumeRefreshToken, issueRefreshToken, revokeDeviceTokens, signAccessToken } from '../auth/tokens.ts';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { findDevice, findUserById, findUserByUsername, upsertDevice, type UserRow } from '../db/users.ts';
import type { Services } from '../services.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';


const LoginInput = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
  deviceId: DeviceIdSchema,
  deviceLabel: z.string().max(200).optional(),
});

export interface TokenSet {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; username: string; role: Role; practitionerId: string | null };
  deviceId: string;
}

async function tokenSet(s: Services, user: UserRow, deviceId: string, familyId?: string): Promise<TokenSet> {
  const now = s.clock.now();
  const access = await signAccessToken(s.keys.accessTokenKey, { userId: user.id, username: user.username, role: user.role, deviceId }, now, s.config.accessTokenTtlSeconds);
  const refresh = await withTx(s.pool, (c) =>
    issueRefreshToken(c, { userId: user.id, deviceId, now, ttlHours: s.config.refreshTokenTtlHours, ...(familyId === undefined ? {} : { familyId }) }),
  );
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt,
    user: { id: user.id, username: user.username, role: user.role, practitionerId: user.practitionerId },
    deviceId,
  };
}

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const user = await findUserByUsername(s.pool, input.username);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    const device = await findDevice(s.pool, input.deviceId);
    const failure =
      user === null || !passwordOk ? 'bad-credentials' : !user.active ? 'user-inactive' : device !== null && !device.active ? 'device-inactive' : null;
    if (failure !== null || user === null) {
      await withTx(s.pool, (c) =>
        appendAuditEvents(c, [
          serverEvent(
            { userId: user?.id ?? 'unknown', role: user?.role ?? 'anonymous', deviceId: input.deviceId, clientAddress: ctx.clientAddress },
            { action: 'login-failed', outcome: 'denied', detail: { why: failure ?? 'bad-credentials' } },
            now,
          ),
        ]),
      );
      // One message for unknown user and wrong password, so sign-in does not reveal which usernames exist.
      throw new LanternError('UNAUTHENTICATED', failure === 'device-inactive' ? 'This device has been deactivated' : 'Wrong username or password');
    }
    await withTx(s.pool, async (c) => {
      await upsertDevice(c, { id: input.deviceId, userId: user.id, label: input.deviceLabel ?? null, now });
      await appendAuditEvents(c, [
        serverEvent({ userId: user.id, role: user.role, deviceId: input.deviceId, clientAddress: ctx.clientAddress }, { action: 'login', outcome: 'success' }, now),
      ]);
    });
    const tokens = await tokenSet(s, user, input.deviceId);
    const offline = await signOfflineGrant(s.keys.offlineGrantPrivateKey, {
      userId: user.id, username: user.username, role: user.role, deviceId: input.deviceId, password: input.password, now, hours: s.config.offlineGrantHours,
    });
    return { ...tokens, offlineGrant: offline.grant, offlineGrantExpiresAt: offline.expiresAt, offlinePublicKey: s.keys.offlineGrantPublicKeyPem };
  }),

  refresh: publicProcedure.input(z.object({ refreshToken: z.string().min(1).max(512) })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const consumed = await withTx(s.pool, (c) => consumeRefreshToken(c, input.refreshToken, s.clock.now()));
    if (!consumed.ok) throw consumed.error;
    const user = await findUserById(s.pool, consumed.userId);
    const device = await findDevice(s.pool, consumed.deviceId);
    if (user === null || !user.active || device === null || !device.active) {
      throw new LanternError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again');
    }
    return tokenSet(s, user, consumed.deviceId, consumed.familyId);
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const revoked = await withTx(s.pool, async (c) => {
      const n = await revokeDeviceTokens(c, ctx.user.userId, ctx.user.deviceId, now);
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'logout', outcome: 'success', detail: { revokedTokens: n } }, now)]);
      return n;
    });
    return { revokedTokens: revoked };
  }),

  /** Registers (or renames) the caller's current device; sign-in registers it implicitly too. */
  registerDevice: authedProcedure.input(z.object({ label: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const d = await upsertDevice(ctx.services.pool, { id: ctx.user.deviceId, userId: ctx.user.userId, label: input.label, now: ctx.services.clock.now() });
    return { deviceId: d.id, label: d.label, registeredAt: d.registeredAt };
  }),

  /** Who the bearer token belongs to. */
  me: authedProcedure.query(({ ctx }) => ({ userId: ctx.user.userId, username: ctx.user.username, role: ctx.user.role, deviceId: ctx.user.deviceId })),

  /** The Ed25519 public key (SPKI PEM) that verifies offline grants. */
  offlinePublicKey: publicProcedure.query(({ ctx }) => ({ publicKeyPem: ctx.services.keys.offlineGrantPublicKeyPem })),
});
