/**
 * Bearer access tokens for the FHIR API: the same short-lived JWTs `auth.login` issues (RFC 6750).
 * Verified signatures are cached for a few seconds (never past the token's own expiry), so a busy
 * client does not pay the HMAC check on every read. Whether the user and the device are still
 * active is NOT cached: it is one indexed query on every request, so a deactivated account or a
 * revoked device is refused at once (HIPAA 164.312(a)(1) access control), as `authedProcedure` does.
 */
import { decodeJwt } from 'jose';
import type { FastifyRequest } from 'fastify';
import { verifyAccessToken, type AccessClaims } from '../auth/tokens.ts';
import type { Actor } from '../db/audit-log.ts';
import type { Services } from '../services.ts';
import { z } from 'zod';
import { FhirError } from './outcome.ts';
import { mustChangePasswordError } from '../auth/must-change-password.ts';
import { looksLikeSmartToken, resolveSmartToken } from '../smart/fhir-token.ts';
import type { SmartGrant } from '../smart/grant.ts';

export interface FhirUser {
  claims: AccessClaims;
  actor: Actor;
  /** A SMART app's or system client's token: its scopes and launch context narrow every decision (smart/grant.ts). */
  smart?: SmartGrant;
}

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

const LiveRow = z.object({ ok: z.boolean().nullable(), must_change_password: z.boolean().nullable() });
const LIVE_SQL = 'SELECT u.active AND coalesce(d.active, true) AS ok, u.must_change_password FROM users u LEFT JOIN devices d ON d.id = $2 WHERE u.id = $1';

/**
 * The user is active and the device (if the server knows it) is not deactivated; `passwordChangeDue`
 * when an administrator reset the password and its owner has not set their own yet.
 */
export async function liveness(services: Services, claims: AccessClaims): Promise<{ live: boolean; passwordChangeDue: boolean }> {
  const r = await services.pool.query({ name: 'token-liveness-v2', text: LIVE_SQL, values: [claims.userId, claims.deviceId] });
  const row = r.rows[0] === undefined ? null : LiveRow.parse(r.rows[0]);
  return { live: row?.ok === true, passwordChangeDue: row?.must_change_password === true };
}

export class TokenVerifier {
  private readonly cache = new Map<string, { claims: AccessClaims; until: number }>();
  constructor(private readonly services: Services) {}

  /**
   * `liveness: false` only for callers that check liveness themselves in the same round trip as
   * other state (CDS Hooks' callerState); everything else gets the check here.
   */
  async authenticate(req: FastifyRequest, opts: { liveness?: boolean; smart?: boolean } = {}): Promise<FhirUser> {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+\S/i.test(header)) {
      throw new FhirError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token from auth.login>');
    }
    const token = header.replace(/^Bearer\s+/i, '').trim();
    // SMART tokens (opaque, from /smart/token) are for the FHIR API only, never CDS Hooks or tRPC.
    if (opts.smart === true && looksLikeSmartToken(token)) {
      const found = await resolveSmartToken(this.services.pool, token, `${req.protocol}://${req.host}/fhir/R4`);
      if (found === null) throw new FhirError('UNAUTHENTICATED', 'Invalid, expired or revoked access token');
      return { claims: found.claims, smart: found.smart, actor: { userId: found.claims.userId, role: found.claims.role, deviceId: found.claims.deviceId, clientAddress: req.ip } };
    }
    const now = this.services.clock.now();
    const hit = this.cache.get(token);
    let claims: AccessClaims;
    if (hit !== undefined && hit.until > now.getTime()) {
      claims = hit.claims;
    } else {
      claims = await verifyAccessToken(this.services.keys.accessTokenKey, token, now).catch((e: unknown) => {
        throw new FhirError('UNAUTHENTICATED', e instanceof Error ? e.message : 'Invalid access token');
      });
      const exp = decodeJwt(token).exp;
      const until = Math.min(now.getTime() + CACHE_MS, typeof exp === 'number' ? exp * 1000 : 0);
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(token, { claims, until });
    }
    if (opts.liveness !== false) {
      const state = await liveness(this.services, claims);
      if (!state.live) throw new FhirError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again');
      // The same rule as every tRPC procedure: a temporary password opens nothing until it is changed.
      if (state.passwordChangeDue) {
        const e = mustChangePasswordError();
        throw new FhirError('FORBIDDEN', e.message, { issues: e.issues });
      }
    }
    return { claims, actor: { userId: claims.userId, role: claims.role, deviceId: claims.deviceId, clientAddress: req.ip } };
  }
}
