import { describe, expect, it } from 'vitest';
import { checkDraft, emptyDraft } from './smart-app-draft.ts';

describe('SMART app registration draft', () => {
  it('sends a public app without a launch URL as standalone-only, with scopes and redirect URIs tidied', () => {
    const r = checkDraft({ ...emptyDraft('public'), name: ' Growth charts ', scope: ' launch/patient   openid\npatient/Observation.rs ', redirectUris: 'https://g.example/cb\n\nhttps://g.example/cb2 ' });
    expect(r).toEqual({ ok: true, input: { kind: 'public', name: 'Growth charts', scope: 'launch/patient openid patient/Observation.rs', redirectUris: ['https://g.example/cb', 'https://g.example/cb2'] } });
  });

  it('refuses more than ten redirect URIs and a launch URL that is not a web address', () => {
    const uris = Array.from({ length: 11 }, (_, i) => `https://g.example/cb${i}`).join('\n');
    const r = checkDraft({ ...emptyDraft('confidential'), name: 'x', scope: 'openid', redirectUris: uris, launchUrl: 'javascript:alert(1)' });
    expect(r).toEqual({ ok: false, errors: { redirectUris: 'At most 10 redirect URIs', launchUrl: 'Not an http(s) address' } });
  });

  it('asks a system client for its public key set, and refuses a key without a key type', () => {
    expect(checkDraft({ ...emptyDraft('backend'), name: 'Lab', scope: 'system/Observation.c' })).toEqual({ ok: false, errors: { jwks: 'Paste the system\'s public JSON Web Key Set' } });
    const r = checkDraft({ ...emptyDraft('backend'), name: 'Lab', scope: 'system/Observation.c', jwks: '{"keys":[{"kid":"k1"}]}' });
    expect(r.ok ? null : r.errors.jwks).toMatch(/"kty": "RSA" or "EC"/);
    expect(checkDraft({ ...emptyDraft('backend'), name: 'Lab', scope: 'system/Observation.c', jwks: 'not json' })).toEqual({ ok: false, errors: { jwks: 'Not JSON: paste the JSON Web Key Set, {"keys": [...]}' } });
  });
});
