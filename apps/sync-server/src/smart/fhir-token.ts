/**
 * A SMART access token at the FHIR API: an opaque token the authorization server stored
 * (oidc-adapter.ts), resolved with one indexed read. It stands for the user who consented (an app
 * token) or for the backend client's service account (a system token), always together with the
 * app's identity, its scopes and its launch context, which the FHIR API applies on top of the core
 * policy (grant.ts). Expired, revoked, for another audience, for an inactive user or for a
 * deactivated app: refused.
 */
import { ROLES } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import type { AccessClaims } from '../auth/tokens.ts';
import { parseScopes } from './scopes.ts';
import type { SmartGrant } from './grant.ts';
import { SYSTEM_PURPOSES } from './system-purposes.ts';

/** oidc-provider's opaque token values (43+ base64url characters): never a JWT. */
export const looksLikeSmartToken = (token: string): boolean => /^[A-Za-z0-9_-]{30,128}$/.test(token);

const TokenRow = z.object({
  model: z.enum(['AccessToken', 'ClientCredentials']),
  payload: z.object({
    accountId: z.string().optional(),
    clientId: z.string(),
    scope: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    extra: z.object({ patient: z.string().optional(), purpose: z.enum(SYSTEM_PURPOSES).optional() }).optional(),
  }),
  active: z.boolean().nullable(),
  service_user_id: z.string().nullable(),
});
const UserRow = z.object({ id: z.string(), username: z.string(), role: z.enum(ROLES), active: z.boolean() });

export async function resolveSmartToken(pool: pg.Pool, token: string, fhirBase: string): Promise<{ claims: AccessClaims; smart: SmartGrant } | null> {
  const r = await pool.query(
    `SELECT o.model, o.payload, c.active, c.service_user_id::text AS service_user_id
       FROM smart_oidc o LEFT JOIN smart_clients c ON c.client_id = o.payload->>'clientId'
      WHERE o.model IN ('AccessToken', 'ClientCredentials') AND o.id = $1 AND o.expires_at > now()`,
    [token],
  );
  if (r.rows[0] === undefined) return null;
  const row = TokenRow.parse(r.rows[0]);
  const { payload } = row;
  const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud];
  if (row.active !== true || !aud.includes(fhirBase)) return null;
  const system = row.model === 'ClientCredentials';
  const userId = system ? row.service_user_id : payload.accountId ?? null;
  if (userId === null) return null;
  const u = await pool.query('SELECT id::text AS id, username, role, active FROM users WHERE id = $1', [userId]);
  if (u.rows[0] === undefined) return null;
  const user = UserRow.parse(u.rows[0]);
  if (!user.active) return null;
  const deviceId = `smart:${payload.clientId}`.slice(0, 200);
  return {
    claims: { userId: user.id, username: user.username, role: user.role, deviceId, deviceKeyThumbprint: deviceId },
    smart: {
      clientId: payload.clientId,
      kind: system ? 'system' : 'user',
      scopes: parseScopes(payload.scope ?? ''),
      patient: system ? null : payload.extra?.patient ?? null,
      purpose: system ? payload.extra?.purpose ?? null : null,
    },
  };
}
