import { describe, expect, it } from 'vitest';
import { threeWayMerge } from '../sync/merge.ts';
import type { ResourceJson } from '../sync/protocol.ts';
import type { MedicationRequest } from '../fhir/types.ts';
import { buildMedicationOrder } from '../orders/medication-order.ts';
import { orderInput } from '../orders/test-support.ts';
import { conflictView, type ConflictInput } from './conflict-view.ts';
import { dropConflict, mergeByField, resolveConflict } from './resolution.ts';

const ID = '88888888-8888-4888-8888-000000000001';
function version(dose: number, v: string, over: Partial<MedicationRequest> = {}): ResourceJson {
  const r = buildMedicationOrder(orderInput({ dose: { value: dose, unit: 'mg' }, frequency: 'QD' }));
  if (!r.ok) throw r.error;
  const mr = { ...r.value, status: 'active', meta: { versionId: v, lastUpdated: '2026-11-23T10:00:00Z' }, ...over } as MedicationRequest;
  mr.dosageInstruction = [{ ...mr.dosageInstruction![0]!, id: 'd1', text: undefined } as never];
  delete (mr.dosageInstruction[0] as Record<string, unknown>)['text'];
  return mr as unknown as ResourceJson;
}

/** Two workstations change the same order's dose offline: base 20 mg, mine 40 mg, the server took 30 mg. */
function doseConflict(): ConflictInput {
  const base = version(20, '1');
  const mine = version(40, '1');
  const server = version(30, '2');
  const merged = threeWayMerge({ resourceType: 'MedicationRequest', base, mine, theirs: server });
  if (merged.kind !== 'conflict') throw new Error('expected a conflict');
  return {
    conflictId: 'aaaaaaaa-aaaa-4aaa-8aaa-000000000001', mutationId: 'bbbbbbbb-bbbb-4bbb-8bbb-000000000001',
    patientId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', resourceType: 'MedicationRequest', resourceId: ID,
    fields: merged.fields, mine, server, base, createdAt: '2026-11-23T11:00:00Z', resolvedAt: null,
  };
}
const ctx = { mutationId: 'cccccccc-cccc-4ccc-8ccc-000000000001', eventId: 'dddddddd-dddd-4ddd-8ddd-000000000001', deviceId: 'ws-2', userId: 'u-2', now: '2026-11-23T12:00:00Z' };

describe('conflict view', () => {
  it('shows the dose both ways, side by side, flagged and safety-critical; unchanged fields are not rows', () => {
    const v = conflictView(doseConflict());
    expect(v.title).toBe('Medication order: simvastatin');
    expect(v.kind).toBe('both-edited');
    expect(v.serverVersion).toBe('2');
    const dose = v.rows.find((r) => r.label === 'Dose');
    expect(dose).toMatchObject({ mine: '40 mg', server: '30 mg', base: '20 mg', flagged: true, safetyCritical: true, differs: true });
    expect(v.rows[0]?.label).toBe('Dose');
    expect(v.rows.find((r) => r.label === 'Route')).toBeUndefined();
    expect(v.rows.find((r) => r.label === 'Medication')).toBeUndefined();
  });

  it('a record deleted on the server shows as such', () => {
    const v = conflictView({ ...doseConflict(), server: null });
    expect(v.kind).toBe('deleted-on-server');
    expect(v.rows.find((r) => r.label === 'Dose')?.server).toBe('deleted');
  });

  it('a write the server rejected shows my values and the reason', () => {
    const c = doseConflict();
    const v = conflictView({ ...c, fields: ['rejected:FORBIDDEN'], server: null });
    expect(v.kind).toBe('rejected');
    expect(v.rejectedCode).toBe('FORBIDDEN');
    expect(v.rows.find((r) => r.label === 'Dose')?.mine).toBe('40 mg');
  });

  it('a refused write shows the server\'s copy it started from beside it, the changed safety-critical field marked', () => {
    const c = doseConflict();
    const v = conflictView({ ...c, fields: ['rejected:PRECONDITION_REQUIRED'] });
    const dose = v.rows.find((r) => r.label === 'Dose');
    expect(dose).toMatchObject({ mine: '40 mg', differs: true, safetyCritical: true, flagged: false });
    expect(dose?.server).not.toBe('40 mg');
    expect(dose?.server).not.toBe('—');
  });
});

describe('conflict resolution', () => {
  it('keep mine: a new update mutation with my resource on top of the server version', () => {
    const r = resolveConflict(doseConflict(), { kind: 'keep-mine' }, ctx);
    if (!r.ok) throw r.error;
    expect(r.value.mutation).toMatchObject({ op: 'update', baseVersion: '2', mutationId: ctx.mutationId, resourceId: ID });
    expect(JSON.stringify(r.value.mutation?.resource)).toContain('"value":40');
    expect(r.value.mutation?.resource?.['meta']).toBeUndefined();
    expect(r.value.auditEvent).toMatchObject({ action: 'conflict-resolve', detail: { decision: 'keep-mine' } });
  });

  it('take the server\'s: nothing is sent, the local copy becomes the server\'s', () => {
    const c = doseConflict();
    const r = resolveConflict(c, { kind: 'take-server' }, ctx);
    expect(r.ok && r.value.mutation).toBeNull();
    expect(r.ok && r.value.localResource).toBe(c.server);
  });

  it('edited merge: field choices start from the server copy; the same resource is required', () => {
    const c = doseConflict();
    const merged = mergeByField(c, ['dosageInstruction']);
    if (!merged.ok) throw merged.error;
    expect(JSON.stringify(merged.value['dosageInstruction'])).toContain('"value":40');
    const r = resolveConflict(c, { kind: 'edited-merge', resource: merged.value }, ctx);
    expect(r.ok && r.value.mutation?.baseVersion).toBe('2');
    const wrong = resolveConflict(c, { kind: 'edited-merge', resource: { ...merged.value, id: 'eeeeeeee-eeee-4eee-8eee-000000000001' } }, ctx);
    expect(!wrong.ok && wrong.error.code).toBe('BAD_INPUT');
  });

  it('an already resolved conflict cannot be resolved again', () => {
    expect(resolveConflict({ ...doseConflict(), resolvedAt: '2026-11-23T12:00:00Z' }, { kind: 'keep-mine' }, ctx).ok).toBe(false);
  });

  it('nothing disappears without a decision', () => {
    const inbox = [{ conflictId: 'a', resolvedAt: null }, { conflictId: 'b', resolvedAt: '2026-11-23T12:00:00Z' }];
    const refused = dropConflict(inbox, 'a');
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect(inbox).toHaveLength(2);
    const dropped = dropConflict(inbox, 'b');
    expect(dropped.ok && dropped.value.map((e) => e.conflictId)).toEqual(['a']);
  });
});
