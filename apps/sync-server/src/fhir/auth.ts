/**
 * Bearer access tokens for the FHIR API: the same short-lived JWTs `auth.login` issues (RFC 6750).
 * Verified results are cached for a few seconds (never past the token's own expiry), so a busy
 * client does not pay the HMAC check on every read.
 */
import { decodeJwt } from 'jose';
import type { FastifyRequest } from 'fastify';
import { verifyAccessToken, type AccessClaims } from '../auth/tokens.ts';
import type { Actor } from '../db/audit-log.ts';
import type { Services } from '../services.ts';
import { FhirError } from './outcome.ts';

export interface FhirUser {
  claims: AccessClaims;
  actor: Actor;
}

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

export class TokenVerifier {
  private readonly cache = new Map<string, { claims: AccessClaims; until: number }>();
  constructor(private readonly services: Services) {}

  async authenticate(req: FastifyRequest): Promise<FhirUser> {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+\S/i.test(header)) {
      throw new FhirError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token from auth.login>');
    }
    const token = header.replace(/^Bearer\s+/i, '').trim();
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
    return { claims, actor: { userId: claims.userId, role: claims.role, deviceId: claims.deviceId, clientAddress: req.ip } };
  }
}
