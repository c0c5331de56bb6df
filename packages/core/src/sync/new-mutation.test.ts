import { describe, expect, it } from 'vitest';
import type { Observation } from '../fhir/types.ts';
import { newMutation } from './new-mutation.ts';

const PATIENT = '5b0c3c2e-4a1f-4b7e-9d1a-0c6f2f7d9a11';
const OBS = '8f6a1f0e-1c2b-4d3e-8f4a-5b6c7d8e9f00';
const origin = { mutationId: '0d4f8c7a-2b1e-4c3d-9e8f-7a6b5c4d3e2f', deviceId: 'ws-ward-4', userId: 'u-ada', createdAt: new Date('2026-11-23T10:00:00Z') };
const obs = (extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation', id: OBS, status: 'final', code: { text: 'Heart rate' }, subject: { reference: `Patient/${PATIENT}` }, ...extra,
});

describe('newMutation', () => {
  it('a create carries the resource, no base version and the time as an ISO instant', () => {
    const m = newMutation({ ...origin, op: 'create', patientId: PATIENT, resource: obs() });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.value).toMatchObject({ op: 'create', resourceType: 'Observation', resourceId: OBS, patientId: PATIENT, baseVersion: null, createdAt: '2026-11-23T10:00:00.000Z' });
    expect(m.value.resource?.['status']).toBe('final');
  });

  it('an update is based on the version the clinician edited, unless a base is given', () => {
    const edited = obs({ meta: { versionId: '3' } });
    const own = newMutation({ ...origin, op: 'update', patientId: PATIENT, resource: edited });
    expect(own.ok && own.value.baseVersion).toBe('3');
    const given = newMutation({ ...origin, op: 'update', patientId: PATIENT, resource: edited, baseVersion: '5' });
    expect(given.ok && given.value.baseVersion).toBe('5');
  });

  it('refuses an update of a record the server never had (no base version): it would overwrite blindly', () => {
    const m = newMutation({ ...origin, op: 'update', patientId: PATIENT, resource: obs() });
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.error.code).toBe('BAD_INPUT');
    expect(m.error.issues.map((i) => i.path)).toContain('mutation.baseVersion');
  });

  it('refuses a resource without an id and a patient id that is not a UUID', () => {
    const { id: _id, ...noId } = obs();
    expect(newMutation({ ...origin, op: 'create', patientId: PATIENT, resource: noId as Observation }).ok).toBe(false);
    expect(newMutation({ ...origin, op: 'create', patientId: 'Jane Doe', resource: obs() }).ok).toBe(false);
  });

  it('a delete carries no resource and needs the base version', () => {
    const d = newMutation({ ...origin, op: 'delete', patientId: PATIENT, resourceType: 'Observation', resourceId: OBS, baseVersion: '2' });
    expect(d.ok && d.value.resource).toBeNull();
    expect(newMutation({ ...origin, op: 'delete', patientId: PATIENT, resourceType: 'Observation', resourceId: OBS, baseVersion: null }).ok).toBe(false);
  });
});
