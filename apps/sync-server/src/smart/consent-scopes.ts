/**
 * What a consent can grant: the requested scopes, cut to what the app was registered for and to
 * what the user's role could ever do (core policy), so the consent page lists exactly what the app
 * may get. A scope still never widens a request: the FHIR API decides every one for the user.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import { ACCESS_RELATIONS, decideAccess, type Action, type Role } from '@lantern/core';
import { CONTEXT_SCOPES, parseClinicalScope } from './scopes.ts';

export interface ConsentScopes {
  /** Context scopes (openid, fhirUser, launch, ...). */
  context: string[];
  /** Clinical scopes granted on the FHIR resource. */
  clinical: string[];
  /** Requested but not granted (not registered, not for a user, or nothing the role may do). */
  refused: string[];
}

function roleMayEver(role: Role, type: string, actions: ReadonlySet<Action>): boolean {
  return [...actions].some((action) => ACCESS_RELATIONS.some((relation) =>
    type === '*' || decideAccess({ role, resourceType: type, action, relation, breakGlass: true }).allowed));
}

export function consentScopes(requested: string, role: Role, registered: string | null, hasLaunch: boolean): ConsentScopes {
  const allowList = registered === null ? null : new Set(registered.split(/\s+/));
  const out: ConsentScopes = { context: [], clinical: [], refused: [] };
  for (const s of new Set(requested.split(/\s+/).filter((x) => x !== ''))) {
    if (allowList !== null && !allowList.has(s)) { out.refused.push(s); continue; }
    if (CONTEXT_SCOPES.includes(s)) {
      // `launch` means something only with a launch from the workstation.
      if (s === 'launch' && !hasLaunch) out.refused.push(s);
      else out.context.push(s);
      continue;
    }
    const c = parseClinicalScope(s);
    if (c === null || c.context === 'system' || !roleMayEver(role, c.type, c.actions)) out.refused.push(s);
    else out.clinical.push(s);
  }
  return out;
}
