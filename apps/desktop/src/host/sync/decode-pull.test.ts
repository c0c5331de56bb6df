import { describe, expect, it } from 'vitest';
import { decodePullOutput } from './decode-pull.ts';

const patientId = '7d0f2c1e-4b7a-4c57-9a3e-2f1f3c0d9b11';
const change = (resource: unknown) => ({
  seq: '12', resourceType: 'Observation', resourceId: '0b8f5a77-3f5e-4d8e-9d6f-6f7f1c2a9e01', patientId, version: '3',
  resource, lastUpdated: '2026-11-01T12:00:00Z',
});
const page = (changes: unknown[]) => ({ changes, purgePatients: [], cursor: '12', hasMore: true, remaining: 40, pageToken: 'b1.1.0.x' });

describe('decodePullOutput', () => {
  it('keeps each pulled resource as it was parsed (no second copy of a catch-up page), tombstones as null', () => {
    const obs = { resourceType: 'Observation', id: '0b8f5a77-3f5e-4d8e-9d6f-6f7f1c2a9e01', status: 'final', code: { text: 'Heart rate' } };
    const out = decodePullOutput(page([change(obs), change(null)]));
    expect(out.changes[0]?.resource).toBe(obs);
    expect(out.changes[1]?.resource).toBeNull();
    expect(out).toMatchObject({ cursor: '12', hasMore: true, remaining: 40, pageToken: 'b1.1.0.x' });
  });

  it('refuses what core\'s PullOutputSchema refuses: a resource without a resourceType, an array, a bad id, cursor or version', () => {
    expect(() => decodePullOutput(page([change({ id: 'x' })]))).toThrow(/resourceType/);
    expect(() => decodePullOutput(page([change([{ resourceType: 'Observation' }])]))).toThrow();
    expect(() => decodePullOutput(page([{ ...change({ resourceType: 'Observation' }), patientId: 'not-a-uuid' }]))).toThrow();
    expect(() => decodePullOutput(page([{ ...change({ resourceType: 'Observation' }), version: '0' }]))).toThrow();
    expect(() => decodePullOutput({ ...page([]), cursor: 'abc' })).toThrow();
  });
});
