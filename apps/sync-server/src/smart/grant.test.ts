import { describe, expect, it } from 'vitest';
import { narrowPatients, smartAllows, type SmartGrant } from './grant.ts';
import { parseScopes } from './scopes.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const app = (scope: string, patient: string | null): SmartGrant => ({ clientId: 'app', kind: 'user', scopes: parseScopes(scope), patient, purpose: null });

describe('what a SMART token may do on top of the policy', () => {
  it('a patient-context token reaches its patient only', () => {
    const g = app('patient/*.rs', A);
    expect(smartAllows(g, 'Observation', 'read', A).allowed).toBe(true);
    expect(smartAllows(g, 'Observation', 'read', B)).toEqual({ allowed: false, reason: 'this token is for another patient' });
    expect(smartAllows(g, 'Observation', 'create', A).allowed).toBe(false);
    expect(narrowPatients(g, 'Observation', [A, B])).toEqual([A]);
  });

  it('patient/ scopes without a patient in context grant nothing', () => {
    const g = app('patient/*.rs', null);
    expect(smartAllows(g, 'Observation', 'read', A).allowed).toBe(false);
    expect(narrowPatients(g, 'Observation', [A, B])).toEqual([]);
  });

  it('user/ scopes leave the patients to the policy', () => {
    const g = app('user/Observation.rs', A);
    expect(smartAllows(g, 'Observation', 'read', B).allowed).toBe(true);
    expect(narrowPatients(g, 'Observation', [A, B])).toEqual([A, B]);
    expect(smartAllows(g, 'Condition', 'read', A).allowed).toBe(false);
  });

  it('a system token is bounded by its purpose whatever its scopes say', () => {
    const lab: SmartGrant = { clientId: 'lab', kind: 'system', scopes: parseScopes('system/*.cruds'), patient: null, purpose: 'lab' };
    expect(smartAllows(lab, 'Observation', 'create', A).allowed).toBe(true);
    expect(smartAllows(lab, 'ServiceRequest', 'search', null).allowed).toBe(true);
    expect(smartAllows(lab, 'Observation', 'read', A).allowed).toBe(false);
    expect(smartAllows(lab, 'Patient', 'read', A).allowed).toBe(false);
    expect(smartAllows({ ...lab, purpose: null }, 'Observation', 'create', A).allowed).toBe(false);
  });
});
