/**
 * App registration by an administrator (no dynamic registration: an app reaches patients' records
 * only after someone accountable registered it). Produces the OAuth client metadata oidc-provider
 * loads (RFC 7591 names) and keeps it in `smart_clients`.
 * - public: a browser or native app, PKCE with no secret (`token_endpoint_auth_method: none`);
 * - confidential: a server-side app with a client secret (shown once);
 * - backend: a SMART Backend Services client: `client_credentials` with `private_key_jwt` against
 *   the JWKS registered here (RS384 or ES384), its own service account for the core policy, and
 *   scopes bounded by its purpose (system-purposes.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { LanternError } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { hashPassword, type PasswordCost } from '../auth/passwords.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { CONTEXT_SCOPES, isClinicalScope } from './scopes.ts';
import { purposeScopeStrings, SYSTEM_PURPOSES } from './system-purposes.ts';

const Url = z.url({ protocol: /^https?$/ }).max(2000);
const PublicJwk = z.object({ kty: z.enum(['RSA', 'EC']), kid: z.string().max(200).optional() }).loose()
  .refine((k) => !('d' in k), 'a private key was sent: register the public key only');

export const RegisterClientInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['public', 'confidential']), name: z.string().min(1).max(200), redirectUris: z.array(Url).min(1).max(10), launchUrl: Url.optional(), scope: z.string().min(1).max(4000) }),
  z.object({ kind: z.literal('backend'), name: z.string().min(1).max(200), purpose: z.enum(SYSTEM_PURPOSES), jwks: z.object({ keys: z.array(PublicJwk).min(1).max(10) }), scope: z.string().min(1).max(4000) }),
]);
export type RegisterClientInput = z.infer<typeof RegisterClientInput>;

export interface RegisteredClient {
  clientId: string;
  /** Confidential apps only, shown once. */
  clientSecret: string | null;
}

function checkScopes(input: RegisterClientInput): string {
  const scopes = [...new Set(input.scope.split(/\s+/).filter((s) => s !== ''))];
  const bad = input.kind === 'backend'
    ? scopes.filter((s) => !purposeScopeStrings(input.purpose).includes(s))
    : scopes.filter((s) => !(CONTEXT_SCOPES.includes(s) || (isClinicalScope(s) && !s.startsWith('system/'))));
  if (bad.length > 0) {
    throw new LanternError('BAD_INPUT', input.kind === 'backend' ? `Scopes beyond what a ${input.purpose} system is for: ${bad.join(' ')}` : `Unsupported scopes for an app: ${bad.join(' ')}`, { issues: [{ path: 'scope', message: `not allowed: ${bad.join(' ')}`.slice(0, 500) }] });
  }
  return scopes.join(' ');
}

export async function registerClient(pool: pg.Pool, actor: Actor, input: RegisterClientInput, now: Date, cost?: PasswordCost): Promise<RegisteredClient> {
  const scope = checkScopes(input);
  const clientId = `app-${randomBytes(12).toString('base64url')}`;
  const secret = input.kind === 'confidential' ? randomBytes(32).toString('base64url') : null;
  let serviceUserId: string | null = null;
  let metadata: Record<string, unknown>;
  if (input.kind === 'backend') {
    metadata = {
      client_id: clientId, client_name: input.name, jwks: input.jwks,
      grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
    };
    // The service account nobody can sign in as (random password, never shown): what the policy decides for.
    serviceUserId = randomUUID();
  } else {
    metadata = {
      client_id: clientId, client_name: input.name, redirect_uris: input.redirectUris,
      // Only the static (OpenID) scopes: the clinical ones are bounded by smart_clients.scope (provider.ts).
      scope: scope.split(' ').filter((s) => CONTEXT_SCOPES.includes(s)).join(' '),
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      token_endpoint_auth_method: input.kind === 'public' ? 'none' : 'client_secret_basic',
      ...(secret === null ? {} : { client_secret: secret }),
    };
  }
  const hash = serviceUserId === null ? null : await hashPassword(randomBytes(32).toString('base64url'), cost);
  await withTx(pool, async (c) => {
    if (serviceUserId !== null && hash !== null) {
      // physician is the one role the policy lets file results (as the demo lab's account, lab-simulator/lab-account.ts).
      await c.query("INSERT INTO users (id, username, password_hash, role) VALUES ($1, $2, $3, 'physician')", [serviceUserId, `system.${clientId}`, hash]);
    }
    await c.query(
      'INSERT INTO smart_clients (client_id, name, kind, purpose, launch_url, scope, metadata, service_user_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [clientId, input.name, input.kind, input.kind === 'backend' ? input.purpose : null, input.kind === 'backend' ? null : input.launchUrl ?? null, scope, JSON.stringify(metadata), serviceUserId, actor.userId, now],
    );
    await appendAuditEvents(c, [serverEvent(actor, { action: 'resource-create', outcome: 'success', resourceType: 'Device', resourceId: clientId, detail: { op: 'smart-client-registered', kind: input.kind, scope: scope.slice(0, 1000) } }, now)]);
  });
  return { clientId, clientSecret: secret };
}

const ListRow = z.object({ client_id: z.string(), name: z.string(), kind: z.enum(['public', 'confidential', 'backend']), purpose: z.string().nullable(), launch_url: z.string().nullable(), redirect_uris: z.array(z.string()), scope: z.string(), active: z.boolean(), created_at: z.date() });
export type SmartClientSummary = z.infer<typeof ListRow>;

export async function listClients(pool: pg.Pool): Promise<SmartClientSummary[]> {
  // Where an app may receive its authorization code is what an administrator checks first; backend
  // clients have none.
  const r = await pool.query("SELECT client_id, name, kind, purpose, launch_url, COALESCE(metadata->'redirect_uris', '[]'::jsonb) AS redirect_uris, scope, active, created_at FROM smart_clients ORDER BY name");
  return z.array(ListRow).parse(r.rows);
}

/** Deactivating an app refuses its tokens at once (fhir-token.ts checks `active` on every request). */
export async function setClientActive(pool: pg.Pool, actor: Actor, clientId: string, active: boolean, now: Date): Promise<boolean> {
  return withTx(pool, async (c) => {
    const r = await c.query('UPDATE smart_clients SET active = $2 WHERE client_id = $1', [clientId, active]);
    if (r.rowCount === 0) return false;
    await appendAuditEvents(c, [serverEvent(actor, { action: 'resource-update', outcome: 'success', resourceType: 'Device', resourceId: clientId, detail: { op: active ? 'smart-client-activated' : 'smart-client-deactivated' } }, now)]);
    return true;
  });
}
