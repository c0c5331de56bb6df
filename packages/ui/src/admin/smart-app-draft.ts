/**
 * The "Register app" form's draft and its checks before anything is sent: the same rules the server
 * applies (apps/sync-server/src/smart/clients.ts, RegisterClientInput), said in words an administrator
 * can act on, next to the field. Scopes themselves are checked on the server (against the app kind and
 * a system client's purpose) and its refusal is shown under the scope field.
 */
import type { RegisterClientInput } from '../api/features/apps-api.ts';

export type AppKind = RegisterClientInput['kind'];
type BackendInput = Extract<RegisterClientInput, { kind: 'backend' }>;
export type SystemPurpose = BackendInput['purpose'];
type Jwks = BackendInput['jwks'];

export const SYSTEM_PURPOSE_LABEL: Record<SystemPurpose, string> = { lab: 'Laboratory system (files results, reads its orders)' };
export const KIND_LABEL: Record<AppKind, string> = { public: 'Public app', confidential: 'Confidential app', backend: 'System client' };

export interface SmartAppDraft {
  kind: AppKind;
  name: string;
  scope: string;
  /** One per line. */
  redirectUris: string;
  launchUrl: string;
  purpose: SystemPurpose;
  /** The client's public JWKS, as JSON. */
  jwks: string;
}

export type DraftErrors = Partial<Record<'name' | 'scope' | 'redirectUris' | 'launchUrl' | 'jwks', string>>;

export const emptyDraft = (kind: AppKind = 'public'): SmartAppDraft => ({ kind, name: '', scope: '', redirectUris: '', launchUrl: '', purpose: 'lab', jwks: '' });

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && s.length <= 2000;
  } catch {
    return false;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
type Jwk = Jwks['keys'][number];
const isPublicJwk = (k: unknown): k is Jwk => isRecord(k) && (k['kty'] === 'RSA' || k['kty'] === 'EC') && (k['kid'] === undefined || typeof k['kid'] === 'string');

function parseJwks(text: string): { jwks: Jwks } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: 'Not JSON: paste the JSON Web Key Set, {"keys": [...]}' };
  }
  const keys = isRecord(parsed) ? parsed['keys'] : undefined;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) return { error: 'A key set has "keys": a list of 1 to 10 keys' };
  if (keys.some((k) => isRecord(k) && 'd' in k)) return { error: 'This is a private key: register the public key only, and keep the private key with the system' };
  const good = keys.filter(isPublicJwk);
  if (good.length !== keys.length) return { error: 'Each key needs "kty": "RSA" or "EC" (signing with RS384 or ES384)' };
  return { jwks: { keys: good } };
}

/** The input to send, or what to fix field by field. */
export function checkDraft(d: SmartAppDraft): { ok: true; input: RegisterClientInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'Name the app as users will see it';
  else if (name.length > 200) errors.name = 'At most 200 characters';
  const scope = d.scope.trim().split(/\s+/).filter((s) => s !== '').join(' ');
  if (scope === '') errors.scope = d.kind === 'backend' ? 'List the system scopes, e.g. system/Observation.c' : 'List the scopes, e.g. launch openid fhirUser patient/Observation.rs';
  else if (scope.length > 4000) errors.scope = 'At most 4000 characters';
  if (d.kind === 'backend') {
    const jwks = parseJwks(d.jwks.trim());
    if ('error' in jwks) errors.jwks = d.jwks.trim() === '' ? 'Paste the system\'s public JSON Web Key Set' : jwks.error;
    if (Object.keys(errors).length > 0 || 'error' in jwks) return { ok: false, errors };
    return { ok: true, input: { kind: 'backend', name, purpose: d.purpose, jwks: jwks.jwks, scope } };
  }
  const uris = d.redirectUris.split(/\s+/).filter((s) => s !== '');
  if (uris.length === 0) errors.redirectUris = 'At least one redirect URI (where the app receives its authorization code)';
  else if (uris.length > 10) errors.redirectUris = 'At most 10 redirect URIs';
  else {
    const bad = uris.find((u) => !isWebUrl(u));
    if (bad !== undefined) errors.redirectUris = `Not an http(s) address: ${bad.slice(0, 80)}`;
  }
  const launchUrl = d.launchUrl.trim();
  if (launchUrl !== '' && !isWebUrl(launchUrl)) errors.launchUrl = 'Not an http(s) address';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { kind: d.kind, name, redirectUris: uris, scope, ...(launchUrl === '' ? {} : { launchUrl }) } };
}
