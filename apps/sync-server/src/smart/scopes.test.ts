import { describe, expect, it } from 'vitest';
import { parseClinicalScope, parseScopes, scopesAllow } from './scopes.ts';

describe('SMART clinical scopes', () => {
  it('reads v2 permissions in cruds order and rejects anything else', () => {
    expect([...(parseClinicalScope('patient/Observation.rs')?.actions ?? [])]).toEqual(['read', 'search']);
    expect([...(parseClinicalScope('user/*.cruds')?.actions ?? [])]).toEqual(['create', 'read', 'update', 'delete', 'search']);
    expect(parseClinicalScope('patient/Observation.sr')).toBeNull();
    expect(parseClinicalScope('patient/Observation.rs?category=laboratory')).toBeNull();
    expect(parseClinicalScope('launch/patient')).toBeNull();
    expect(parseClinicalScope('nurse/Observation.rs')).toBeNull();
  });

  it('reads v1 .read, .write and .*', () => {
    expect([...(parseClinicalScope('user/Patient.read')?.actions ?? [])]).toEqual(['read', 'search']);
    expect([...(parseClinicalScope('user/Patient.write')?.actions ?? [])]).toEqual(['create', 'update', 'delete']);
    expect(parseClinicalScope('patient/*.*')?.actions.size).toBe(5);
  });

  it('allows only the named type and actions', () => {
    const s = parseScopes('openid launch patient/Observation.rs user/Condition.read');
    expect(s).toHaveLength(2);
    expect(scopesAllow(s, 'Observation', 'read')).toBe(true);
    expect(scopesAllow(s, 'Observation', 'create')).toBe(false);
    expect(scopesAllow(s, 'MedicationRequest', 'read')).toBe(false);
    expect(scopesAllow(parseScopes('user/*.rs'), 'MedicationRequest', 'search')).toBe(true);
  });
});
