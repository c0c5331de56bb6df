/**
 * The SMART discovery document (https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known):
 * endpoints of the authorization server and the capabilities Lantern implements.
 */
import { issuerOf } from './paths.ts';
import { CONTEXT_SCOPES } from './scopes.ts';

export const SMART_CAPABILITIES = [
  'launch-ehr', 'launch-standalone', 'authorize-post',
  'client-public', 'client-confidential-symmetric', 'client-confidential-asymmetric',
  'context-ehr-patient', 'context-standalone-patient', 'context-banner',
  'sso-openid-connect', 'permission-offline', 'permission-online',
  'permission-patient', 'permission-user', 'permission-v1', 'permission-v2',
] as const;

export interface SmartEndpoints {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  jwks_uri: string;
}

export function smartEndpoints(origin: string): SmartEndpoints {
  const issuer = issuerOf(origin);
  return {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    revocation_endpoint: `${issuer}/token/revocation`,
    jwks_uri: `${issuer}/jwks`,
  };
}

export function smartConfiguration(origin: string): object {
  return {
    ...smartEndpoints(origin),
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    scopes_supported: [...CONTEXT_SCOPES, 'patient/*.rs', 'patient/*.cruds', 'user/*.rs', 'user/*.cruds', 'system/*.rs', 'system/*.cruds', 'patient/*.read', 'user/*.read', 'user/*.write'],
    capabilities: SMART_CAPABILITIES,
  };
}

/** The CapabilityStatement's `oauth-uris` extension (SMART App Launch 2, conformance.html#declaring-support-for-oauth2-endpoints). */
export function oauthUrisExtension(origin: string): { url: string; extension: { url: string; valueUri: string }[] } {
  const e = smartEndpoints(origin);
  return {
    url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    extension: [
      { url: 'authorize', valueUri: e.authorization_endpoint },
      { url: 'token', valueUri: e.token_endpoint },
      { url: 'revoke', valueUri: e.revocation_endpoint },
    ],
  };
}
