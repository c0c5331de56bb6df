/**
 * SMART clinical scopes, v2 and v1 syntax
 * (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#clinical-scope-syntax):
 * `patient/Observation.rs`, `user/*.cruds`, `system/DiagnosticReport.c`, and v1's `.read`, `.write`
 * and `.*`. A scope is only ever an upper bound: the FHIR API still decides every request with the
 * core policy (`decideAccess`) for the token's user, so a scope never widens what that user may see.
 * Granular scopes with a query (`?category=...`) are not supported and are dropped, never widened.
 */
import type { Action } from '@lantern/core';

/** Non-clinical scopes the server understands (SMART section "Scopes for requesting context data"). */
export const CONTEXT_SCOPES: readonly string[] = ['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'online_access'];

export type ScopeContext = 'patient' | 'user' | 'system';

export interface ClinicalScope {
  context: ScopeContext;
  /** A FHIR resource type, or '*'. */
  type: string;
  actions: ReadonlySet<Action>;
}

const V2_LETTER: Readonly<Record<string, Action>> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };
const V2_ORDER = 'cruds';

function actionsOf(perm: string): Set<Action> | null {
  switch (perm) {
    case 'read': return new Set<Action>(['read', 'search']);
    case 'write': return new Set<Action>(['create', 'update', 'delete']);
    case '*': return new Set<Action>(['create', 'read', 'update', 'delete', 'search']);
    default: {
      // v2: a non-empty subsequence of c r u d s, in that order.
      let at = 0;
      const out = new Set<Action>();
      for (const ch of perm) {
        const i = V2_ORDER.indexOf(ch, at);
        const action = V2_LETTER[ch];
        if (i < 0 || action === undefined) return null;
        out.add(action);
        at = i + 1;
      }
      return out.size === 0 ? null : out;
    }
  }
}

const SCOPE_RE = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.([a-z*]+)$/;

/** One scope string as a clinical scope, or null (launch, openid, fhirUser, granular or malformed scopes). */
export function parseClinicalScope(scope: string): ClinicalScope | null {
  const m = SCOPE_RE.exec(scope);
  if (m === null) return null;
  const actions = actionsOf(m[3] ?? '');
  if (actions === null) return null;
  return { context: m[1] as ScopeContext, type: m[2] ?? '', actions };
}

export function parseScopes(scope: string): ClinicalScope[] {
  return scope.split(/\s+/).filter((s) => s !== '').flatMap((s) => {
    const c = parseClinicalScope(s);
    return c === null ? [] : [c];
  });
}

/** Whether any of the granted clinical scopes allows `action` on `type`. */
export function scopesAllow(scopes: readonly ClinicalScope[], type: string, action: Action): boolean {
  return scopes.some((s) => (s.type === '*' || s.type === type) && s.actions.has(action));
}

/** Whether a clinical scope string is well formed (what the authorization server accepts as a scope value). */
export const isClinicalScope = (scope: string): boolean => parseClinicalScope(scope) !== null;
