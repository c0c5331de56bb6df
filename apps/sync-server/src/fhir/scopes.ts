/**
 * SMART on FHIR scopes (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html),
 * derived from core's access policy so a future SMART authorization server can issue tokens whose
 * scopes mean exactly what Lantern enforces. Today a Lantern access token carries a role; the
 * role's scopes are its grants under the strongest relation (care team). Scopes are an upper
 * bound: every request is still decided per patient by `decideAccess`.
 */
import { ACCESS_RELATIONS, decideAccess, type Action, type Role } from '@lantern/core';
import { FHIR_TYPES } from './registry.ts';

const V2_LETTERS: readonly [Action, string][] = [['create', 'c'], ['read', 'r'], ['update', 'u'], ['delete', 'd'], ['search', 's']];

function allowedSomewhere(role: Role, type: string, action: Action): boolean {
  return ACCESS_RELATIONS.some((relation) => decideAccess({ role, resourceType: type, action, relation }).allowed);
}

/** `user/Observation.rs`-style SMART v2 scopes and their v1 equivalents (`user/Observation.read`). */
export function scopesForRole(role: Role): string[] {
  const out: string[] = [];
  for (const { type } of FHIR_TYPES) {
    const letters = V2_LETTERS.filter(([action]) => allowedSomewhere(role, type, action)).map(([, l]) => l).join('');
    if (letters === '') continue;
    out.push(`user/${type}.${letters}`);
    if (letters.includes('r')) out.push(`user/${type}.read`);
    if (/[cud]/.test(letters)) out.push(`user/${type}.write`);
  }
  return out;
}
