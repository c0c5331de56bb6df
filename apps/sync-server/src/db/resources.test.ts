/** prepareWrite copies the client's resource without V8's slow spread path (resources.ts copyWith), as the spread would. */
import { describe, expect, it } from 'vitest';
import { prepareWrite } from './resources.ts';

const write = (resource: Record<string, unknown>) =>
  prepareWrite({ op: 'update', resourceType: 'Observation', id: 'obs-1', patientId: 'p', resource, current: null }, new Date('2026-12-04T10:00:00Z'));

describe('prepareWrite', () => {
  it('sets id, versionId and lastUpdated on a copy, keeping the other keys in their order', () => {
    const resource = { resourceType: 'Observation', id: 'old', status: 'final', meta: { tag: [{ code: 't' }], versionId: '7' } };
    const p = write(resource);
    expect(p.stored).toEqual({ resourceType: 'Observation', id: 'obs-1', status: 'final', meta: { tag: [{ code: 't' }], versionId: '1', lastUpdated: '2026-12-04T10:00:00.000Z' } });
    expect(Object.keys(p.stored ?? {})).toEqual(['resourceType', 'id', 'status', 'meta']);
    expect(resource.meta.versionId).toBe('7'); // the client's object is not changed
  });

  it("keeps a '__proto__' key sent in JSON as data: the stored meta's prototype is never the client's object", () => {
    const resource = JSON.parse('{"resourceType":"Observation","meta":{"__proto__":{"security":[{"code":"R"}]}}}') as Record<string, unknown>;
    const meta = write(resource).stored?.['meta'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(meta['security']).toBeUndefined();
    expect(JSON.stringify(meta)).toContain('"__proto__":{"security"');
  });
});
