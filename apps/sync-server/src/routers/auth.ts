/**
 * auth.*: sign-in (argon2id), token refresh with rotation, logout, device registration.
 * HIPAA 164.312(d) person or entity authentication; every attempt is audited. Sign-in and refresh
 * also prove possession of the device key (auth/README.md): the first sign-in on a device id
 * enrols its key, and from then on that id works only with that key.
 */
import { DeviceIdSchema, LanternError, type Role } from '@lantern/core';
import { z } from 'zod';
import { changePasswordProcedure } from '../auth/change-password.ts';
import { checkDeviceProof, enrolDevice, recordDeviceFinding, type ProofFailure, type ProofOutcome } from '../auth/device-identity.ts';
import { DevicePublicKeySchema, ProofSchema, refreshSubject } from '../auth/device-proof.ts';
import { recordSignIn } from '../auth/device-sign-ins.ts';
import { userDisplayName } from '../auth/display-name.ts';
import { issueNonce } from '../auth/nonces.ts';
import { signOfflineGrant } from '../auth/offline-grant.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { signInThrottleFor } from '../auth/sign-in-throttle.ts';
import { consumeRefreshToken, issueRefreshToken, revokeDeviceTokens, revokeRefreshFamily, signAccessToken } from '../auth/tokens.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { findDevice, findUserById, findUserByUsername, upsertDevice, type UserRow } from '../db/users.ts';
import { registerSigningKeyProcedure } from '../note-signatures/register-procedure.ts';
import type { Services } from '../services.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { admitWorkstation, recordWorkstation, WorkstationField } from '../updates/version-gate.ts';

const NonceSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a nonce from auth.challenge');

const LoginInput = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
  deviceId: DeviceIdSchema,
  deviceLabel: z.string().max(200).optional(),
  /** Sent by a device not enrolled yet: its Ed25519 public key (OKP JWK). */
  devicePublicKey: DevicePublicKeySchema.optional(),
  /** From auth.challenge for this device id. */
  nonce: NonceSchema,
  /** Ed25519 signature over the canonical 'login' string (auth/device-proof.ts). */
  proof: ProofSchema,
  /** The app version and sync protocols the workstation speaks (updates/version-gate.ts); none: protocol 2. */
  workstation: WorkstationField,
});

const RefreshInput = z.object({
  refreshToken: z.string().min(1).max(512),
  deviceId: DeviceIdSchema,
  nonce: NonceSchema,
  /** Ed25519 signature over the canonical 'refresh' string, subject = SHA-256 of the refresh token. */
  proof: ProofSchema,
  workstation: WorkstationField,
});

/** Refused proofs on a device that has a key are findings: someone holds its id but not its key. */
const FINDING_OF: Record<ProofFailure, string | null> = {
  'nonce': null, 'no-key': null, 'not-enrolled': null, 'key-mismatch': 'device-key-mismatch', 'signature': 'device-proof-invalid',
};

/** Thrown inside the refresh transaction to roll back the token's consumption. */
class TokenOfAnotherDevice extends Error {}

const DEVICE_REFUSED = 'This device could not prove its identity: sign in again from an enrolled workstation';
/** Marks a refusal as the device's (not the password's), so the workstation can say so instead of "wrong password". */
const DEVICE_ISSUE = { issues: [{ path: 'deviceId', message: 'this device is not accepted' }] };

export interface TokenSet {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  /** units: the wards the account belongs to (a workstation's machine policy may admit only some). */
  user: { id: string; username: string; displayName: string; role: Role; practitionerId: string | null; units: string[] };
  deviceId: string;
}

async function userUnits(q: Services['pool'], userId: string): Promise<string[]> {
  const r = await q.query('SELECT unit FROM user_units WHERE user_id = $1 ORDER BY unit', [userId]);
  return z.array(z.object({ unit: z.string() })).parse(r.rows).map((x) => x.unit);
}

async function tokenSet(s: Services, user: UserRow, deviceId: string, deviceKeyThumbprint: string, familyId?: string): Promise<TokenSet> {
  const now = s.clock.now();
  const access = await signAccessToken(s.keys.accessTokenKey, { userId: user.id, username: user.username, role: user.role, deviceId, deviceKeyThumbprint }, now, s.config.accessTokenTtlSeconds);
  const refresh = await withTx(s.pool, async (c) => {
    const t = await issueRefreshToken(c, { userId: user.id, deviceId, now, ttlHours: s.config.refreshTokenTtlHours, ...(familyId === undefined ? {} : { familyId }) });
    // The device may record this user's audit events until the refresh token (or the offline grant) runs out.
    const grantUntil = new Date(now.getTime() + s.config.offlineGrantHours * 3_600_000);
    const refreshUntil = new Date(t.expiresAt);
    await recordSignIn(c, { deviceId, userId: user.id, now, validUntil: grantUntil > refreshUntil ? grantUntil : refreshUntil });
    return t;
  });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt,
    user: { id: user.id, username: user.username, displayName: await userDisplayName(s.pool, user), role: user.role, practitionerId: user.practitionerId, units: await userUnits(s.pool, user.id) },
    deviceId,
  };
}

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    // Throttling and lockout (kept in Postgres): a locked account or an attempt inside a backoff
    // delay is refused with 429 before any password is checked.
    const attempt = { username: input.username, clientAddress: ctx.clientAddress, deviceId: input.deviceId, now };
    await signInThrottleFor(s.pool, s.config.signInThrottle).before(attempt);
    const user = await findUserByUsername(s.pool, input.username);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    const device = await findDevice(s.pool, input.deviceId);
    // The nonce is spent and the signature checked on every attempt, before the outcome is known.
    const proof: ProofOutcome = await checkDeviceProof(s.pool, {
      purpose: 'login', deviceId: input.deviceId, nonce: input.nonce, subject: input.username, proof: input.proof, offeredKey: input.devicePublicKey,
    }, now);
    const failure =
      user === null || !passwordOk ? 'bad-credentials' : !user.active ? 'user-inactive' : device !== null && !device.active ? 'device-inactive' : !proof.ok ? 'device-proof' : null;
    await signInThrottleFor(s.pool, s.config.signInThrottle).after({ ...attempt, userId: user?.id ?? null }, failure === null && proof.ok ? 'success' : 'failure');
    if (failure !== null || user === null || !proof.ok) {
      const finding = proof.ok ? null : FINDING_OF[proof.why];
      await withTx(s.pool, async (c) => {
        if (finding !== null) await recordDeviceFinding(c, { deviceId: input.deviceId, kind: finding, detail: { purpose: 'login', userId: user?.id ?? null, passwordOk, clientAddress: ctx.clientAddress } });
        await appendAuditEvents(c, [
          serverEvent(
            { userId: user?.id ?? 'unknown', role: user?.role ?? 'anonymous', deviceId: input.deviceId, clientAddress: ctx.clientAddress },
            { action: 'login-failed', outcome: 'denied', detail: { why: failure ?? 'bad-credentials', ...(proof.ok ? {} : { proof: proof.why }) } },
            now,
          ),
        ]);
      });
      // One message for unknown user and wrong password, so sign-in does not reveal which usernames exist.
      if (failure === 'device-inactive') throw new LanternError('UNAUTHENTICATED', 'This device has been deactivated', DEVICE_ISSUE);
      if (failure === 'device-proof') throw new LanternError('UNAUTHENTICATED', DEVICE_REFUSED, DEVICE_ISSUE);
      throw new LanternError('UNAUTHENTICATED', 'Wrong username or password');
    }
    // An out-of-date workstation is told to update (with an updates-only token), once it proved who it is.
    await admitWorkstation(s, { userId: user.id, role: user.role, deviceId: input.deviceId, clientAddress: ctx.clientAddress }, input.workstation, 'login');
    const enrolled = await withTx(s.pool, async (c) => {
      if (proof.enrol && !(await enrolDevice(c, { deviceId: input.deviceId, userId: user.id, label: input.deviceLabel ?? null, key: proof.key, now }))) return false;
      await upsertDevice(c, { id: input.deviceId, userId: user.id, label: input.deviceLabel ?? null, now });
      await appendAuditEvents(c, [
        serverEvent({ userId: user.id, role: user.role, deviceId: input.deviceId, clientAddress: ctx.clientAddress },
          { action: 'login', outcome: 'success', detail: proof.enrol ? { deviceEnrolled: proof.thumbprint } : {} }, now),
      ]);
      return true;
    });
    // Another sign-in enrolled a different key for this id a moment ago: the same answer as a wrong key.
    if (!enrolled) {
      await recordDeviceFinding(s.pool, { deviceId: input.deviceId, kind: 'device-key-mismatch', detail: { purpose: 'login', userId: user.id, passwordOk, enrolmentRace: true, clientAddress: ctx.clientAddress } });
      throw new LanternError('UNAUTHENTICATED', DEVICE_REFUSED, DEVICE_ISSUE);
    }
    await recordWorkstation(s.pool, input.deviceId, input.workstation, now);
    const tokens = await tokenSet(s, user, input.deviceId, proof.thumbprint);
    const offline = await signOfflineGrant(s.keys.offlineGrantPrivateKey, {
      userId: user.id, username: user.username, role: user.role, deviceId: input.deviceId, password: input.password, now, hours: s.config.offlineGrantHours,
    });
    return { ...tokens, offlineGrant: offline.grant, offlineGrantExpiresAt: offline.expiresAt, offlinePublicKey: s.keys.offlineGrantPublicKeyPem };
  }),

  /** A single-use nonce (Postgres, any app server) for proving possession of the device key. */
  challenge: publicProcedure.input(z.object({ deviceId: DeviceIdSchema })).mutation(({ ctx, input }) =>
    issueNonce(ctx.services.pool, input.deviceId, ctx.services.clock.now())),

  refresh: publicProcedure.input(RefreshInput).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const proof = await checkDeviceProof(s.pool, { purpose: 'refresh', deviceId: input.deviceId, nonce: input.nonce, subject: refreshSubject(input.refreshToken), proof: input.proof }, now);
    const refuse = async (kind: string | null): Promise<never> => {
      if (kind !== null) await recordDeviceFinding(s.pool, { deviceId: input.deviceId, kind, detail: { purpose: 'refresh', clientAddress: ctx.clientAddress } });
      throw new LanternError('UNAUTHENTICATED', DEVICE_REFUSED, DEVICE_ISSUE);
    };
    // A failed proof does not spend the token: the workstation that holds the key can still use it.
    if (!proof.ok) return refuse(FINDING_OF[proof.why]);
    await admitWorkstation(s, { userId: 'unknown', role: 'anonymous', deviceId: input.deviceId, clientAddress: ctx.clientAddress }, input.workstation, 'refresh');
    const consumed = await withTx(s.pool, async (c) => {
      const r = await consumeRefreshToken(c, input.refreshToken, now);
      // A token of another device, presented with this device's proof: rolled back, not spent.
      if (r.ok && r.deviceId !== input.deviceId) throw new TokenOfAnotherDevice();
      return r;
    }).catch((e: unknown) => (e instanceof TokenOfAnotherDevice ? refuse('device-token-mismatch') : Promise.reject(e)));
    if (!consumed.ok) throw consumed.error;
    const user = await findUserById(s.pool, consumed.userId);
    const device = await findDevice(s.pool, consumed.deviceId);
    if (user === null || !user.active || device === null || !device.active) {
      throw new LanternError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again');
    }
    await recordWorkstation(s.pool, consumed.deviceId, input.workstation, now);
    return tokenSet(s, user, consumed.deviceId, proof.thumbprint, consumed.familyId);
  }),

  /**
   * Ends the sign-in: revokes the refresh token family of the given refresh token, and with a valid
   * access token every refresh token of that user on that device. The refresh token alone is
   * enough, so a workstation whose access token expired (offline a while) can still end its sign-in.
   */
  logout: publicProcedure.input(z.object({ refreshToken: z.string().min(1).max(512).optional() }).optional()).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    const user = ctx.user;
    if (user === null && input?.refreshToken === undefined) throw ctx.authError ?? new LanternError('UNAUTHENTICATED', 'Sign in first: no access token');
    const revoked = await withTx(s.pool, async (c) => {
      const family = input?.refreshToken === undefined ? null : await revokeRefreshFamily(c, input.refreshToken, now);
      if (user === null && family === null) return null;
      const n = (family?.revoked ?? 0) + (user === null ? 0 : await revokeDeviceTokens(c, user.userId, user.deviceId, now, user.issuedAt));
      const actor: Actor = user !== null
        ? { userId: user.userId, role: user.role, deviceId: user.deviceId, clientAddress: ctx.clientAddress }
        : { userId: family?.userId ?? 'unknown', role: family === null ? 'anonymous' : (await findUserById(c, family.userId))?.role ?? 'anonymous', deviceId: family?.deviceId ?? 'unknown', clientAddress: ctx.clientAddress };
      await appendAuditEvents(c, [serverEvent(actor, { action: 'logout', outcome: 'success', detail: { revokedTokens: n } }, now)]);
      return n;
    });
    if (revoked === null) throw new LanternError('UNAUTHENTICATED', 'Unknown refresh token: sign in again');
    return { revokedTokens: revoked };
  }),

  /** Registers (or renames) the caller's current device; sign-in registers it implicitly too. */
  registerDevice: authedProcedure.input(z.object({ label: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const d = await upsertDevice(ctx.services.pool, { id: ctx.user.deviceId, userId: ctx.user.userId, label: input.label, now: ctx.services.clock.now() });
    return { deviceId: d.id, label: d.label, registeredAt: d.registeredAt };
  }),

  /** Registers the caller's note-signing public key (note-signatures/); keys are kept as history. */
  registerSigningKey: registerSigningKeyProcedure,
  changePassword: changePasswordProcedure,

  /** Who the bearer token belongs to. */
  me: authedProcedure.query(({ ctx }) => ({ userId: ctx.user.userId, username: ctx.user.username, role: ctx.user.role, deviceId: ctx.user.deviceId })),

  /** The Ed25519 public key (SPKI PEM) that verifies offline grants. */
  offlinePublicKey: publicProcedure.query(({ ctx }) => ({ publicKeyPem: ctx.services.keys.offlineGrantPublicKeyPem })),
});
