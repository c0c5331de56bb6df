// oidc-provider ships no type declarations; this file's are needed wherever the server's sources are type-checked (the desktop imports the router's type).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * The SMART authorization server: oidc-provider (panva, OpenID certified) configured for SMART App
 * Launch 2.x (https://hl7.org/fhir/smart-app-launch/app-launch.html) and Backend Services
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html):
 * - authorization code with PKCE S256 only, for public (`none`) and confidential apps;
 * - `client_credentials` with `private_key_jwt` (RS384/ES384 assertions against the client's JWKS);
 * - the FHIR base as the one resource (RFC 8707): SMART clinical scopes are resource scopes, tokens
 *   are opaque and stored in Postgres (oidc-adapter.ts) so the FHIR API resolves and revokes them;
 * - refresh tokens for `offline_access`/`online_access`, rotated on use;
 * - sign-in and consent on Lantern's own interaction pages (interaction.ts).
 * Launch context (the patient) is decided at consent, stored per grant, carried in each token's
 * `extra` and added to the token response by the middleware below.
 */
import { createHmac } from 'node:crypto';
import Provider, { errors, type KoaContextWithOIDC, type OidcClient, type TokenLike } from 'oidc-provider';
import { z } from 'zod';
import { findUserById } from '../db/users.ts';
import { FHIR_TYPES } from '../fhir/registry.ts';
import type { Services } from '../services.ts';
import { postgresAdapter } from './oidc-adapter.ts';
import { fhirBaseOf, INTERACTION_PATH, issuerOf, SMART_PREFIX } from './paths.ts';
import { CONTEXT_SCOPES } from './scopes.ts';



const PERMISSIONS = (() => {
  const letters = 'cruds';
  const out: string[] = ['read', 'write', '*'];
  for (let mask = 1; mask < 32; mask++) out.push([...letters].filter((_, i) => (mask & (1 << i)) !== 0).join(''));
  return out;
})();

/** Every clinical scope the FHIR resource accepts: contexts x types (and '*') x v2/v1 permissions. */
export const ALL_CLINICAL_SCOPES: string = ['patient', 'user', 'system']
  .flatMap((c) => [...FHIR_TYPES.map((t) => t.type), '*'].flatMap((t) => PERMISSIONS.map((p) => `${c}/${t}.${p}`)))
  .join(' ');

const GrantContextRow = z.object({ patient_id: z.string().nullable(), need_patient_banner: z.boolean() });
const ClientScopeRow = z.object({ scope: z.string() });
const PurposeRow = z.object({ purpose: z.string().nullable() });
const TokenExtraRow = z.object({
  payload: z.object({ extra: z.object({ patient: z.string().optional(), needPatientBanner: z.boolean().optional() }).optional() }),
  openid: z.string().nullable(),
});
const TokenBody = z.object({ access_token: z.string(), scope: z.string().optional() }).loose();

export interface SmartProviderOptions {
  services: Services;
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  signingJwk: Record<string, unknown>;
}


export function createSmartProvider({ services, origin, signingJwk }: SmartProviderOptions): Provider {
  const { pool, config } = services;
  const fhirBase = fhirBaseOf(origin);
  const cookieKey = createHmac('sha256', services.keys.accessTokenKey).update('lantern:smart-cookies').digest('base64url');
  const provider = new Provider(issuerOf(origin), {
    adapter: postgresAdapter(pool),
    clients: [],
    async findAccount(_ctx: unknown, id: string) {
      const user = await findUserById(pool, id);
      if (user === null || !user.active) return undefined;
      return {
        accountId: id,
        // fhirUser (SMART "fhirUser" scope): the clinician's Practitioner resource.
        claims: async () => ({ sub: id, ...(user.practitionerId === null ? {} : { fhirUser: `${fhirBase}/Practitioner/${user.practitionerId}` }) }),
      };
    },
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    scopes: CONTEXT_SCOPES,
    extraParams: ['launch', 'aud'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      // Tokens are for the FHIR API only; fhirUser travels in the id token.
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // SMART apps name the FHIR server in `aud`, not `resource`: every token is for the FHIR base.
        defaultResource: () => fhirBase,
        useGrantedResource: () => true,
        // A client registered with a scope list gets at most those scopes, whatever it asks for.
        getResourceServerInfo: async (_ctx: unknown, resource: string, client: OidcClient) => {
          if (resource !== fhirBase) throw new errors.InvalidTarget('the only resource is this server\'s FHIR base');
          const r = await pool.query('SELECT scope FROM smart_clients WHERE client_id = $1', [client.clientId]);
          const registered = r.rows[0] === undefined ? '' : ClientScopeRow.parse(r.rows[0]).scope;
          const all = new Set(ALL_CLINICAL_SCOPES.split(' '));
          return { scope: registered.split(' ').filter((s) => all.has(s)).join(' '), audience: fhirBase, accessTokenFormat: 'opaque', accessTokenTTL: config.accessTokenTtlSeconds };
        },
      },
    },
    pkce: { required: () => true, methods: ['S256'] },
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS384', 'ES384', 'RS256', 'ES256'], idTokenSigningAlgValues: ['RS256'] },
    jwks: { keys: [signingJwk] },
    cookies: { keys: [cookieKey] },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}` },
    // A launch names one patient: every authorization asks again (only the grant just consented to
    // is loaded), so an earlier grant never carries another patient into a new launch.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc?.result?.consent?.grantId;
      return grantId === undefined ? undefined : provider.Grant.find(grantId);
    },
    issueRefreshToken: (_ctx: unknown, client: OidcClient, code: TokenLike) =>
      client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || code.scopes.has('online_access')),
    // The patient decided at consent (per grant), or the purpose of a system client, in every token.
    async extraTokenClaims(_ctx: unknown, token: TokenLike) {
      if (token.kind === 'ClientCredentials' && token.clientId !== undefined) {
        const r = await pool.query('SELECT purpose FROM smart_clients WHERE client_id = $1', [token.clientId]);
        const purpose = r.rows[0] === undefined ? null : PurposeRow.parse(r.rows[0]).purpose;
        return purpose === null ? undefined : { purpose };
      }
      if (token.grantId === undefined) return undefined;
      const r = await pool.query('SELECT patient_id, need_patient_banner FROM smart_grant_context WHERE grant_id = $1', [token.grantId]);
      if (r.rows[0] === undefined) return undefined;
      const g = GrantContextRow.parse(r.rows[0]);
      return g.patient_id === null ? undefined : { patient: g.patient_id, needPatientBanner: g.need_patient_banner };
    },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      ClientCredentials: config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: config.refreshTokenTtlHours * 3600,
      RefreshToken: config.refreshTokenTtlHours * 3600,
    },
    rotateRefreshToken: true,
  });

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    // OpenID Connect drops offline_access unless prompt=consent (OIDC Core 11); SMART apps ask for it
    // without a prompt, and every authorization here shows the consent page anyway, so say so.
    if (ctx.path === '/auth' && ctx.method === 'GET' && typeof ctx.query['scope'] === 'string' && ctx.query['scope'].split(' ').includes('offline_access') && ctx.query['prompt'] === undefined) {
      ctx.query = { ...ctx.query, prompt: 'consent' };
      // Koa rewrote req.url: keep the mount path visible to the provider (plugin.ts sets originalUrl).
      ctx.req.originalUrl = `${SMART_PREFIX}${ctx.url}`;
    }
    await next();
    // SMART token response (app-launch.html#response-5): the launch context beside the token.
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = TokenBody.safeParse(ctx.body);
    if (!body.success) return;
    const r = await pool.query(
      "SELECT t.payload, g.payload->'openid'->>'scope' AS openid FROM smart_oidc t LEFT JOIN smart_oidc g ON g.model = 'Grant' AND g.id = t.payload->>'grantId' WHERE t.model = 'AccessToken' AND t.id = $1",
      [body.data.access_token],
    );
    if (r.rows[0] === undefined) return;
    const row = TokenExtraRow.parse(r.rows[0]);
    const extra = row.payload.extra;
    // `scope` lists every granted scope, context ones (launch, openid, offline_access) included:
    // the provider's answer names only the FHIR resource's.
    const scope = [...new Set([...(row.openid ?? '').split(' '), ...(body.data.scope ?? '').split(' ')].filter((x) => x !== ''))].join(' ');
    ctx.body = { ...body.data, scope, ...(extra?.patient === undefined ? {} : { patient: extra.patient, need_patient_banner: extra.needPatientBanner ?? true }) };
  });
  return provider;
}
