/**
 * The checker must be able to fail: a tiny history per rule, each the way a real bug would show it
 * (the server applying two racing edits of one field, dropping an acknowledged note, forgetting a
 * conflict it reported), and the clean history it must accept.
 */
import { describe, expect, it } from 'vitest';
import type { PushResult } from '@lantern/core';
import { checkHistory, type ServerHistory } from './checker.ts';
import type { EditRecord } from './workload.ts';

const R = 'obs-1';
const create: EditRecord = { mutationId: 'm-create', device: 'd1', n: 0, resourceId: R, patientId: 'p', base: 0, edit: { kind: 'create', values: { method: 'm0', bodySite: 'b0', issued: '2020-01-01T00:00:00.000Z' } } };
const fromD2: EditRecord = { mutationId: 'm-d2', device: 'd2', n: 0, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'method', value: 'm-d2' } };
const fromD3: EditRecord = { mutationId: 'm-d3', device: 'd3', n: 0, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'method', value: 'm-d3' } };
const noteD3: EditRecord = { mutationId: 'm-note', device: 'd3', n: 1, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'note', noteId: 'n1' } };

const ok = (id: string, version: number, status: 'applied' | 'merged' = 'applied'): [string, PushResult] =>
  [id, status === 'applied' ? { mutationId: id as never, status, version: String(version) } : { mutationId: id as never, status, version: String(version), resource: {} as never }];
const conflict = (id: string): [string, PushResult] => [id, { mutationId: id as never, status: 'conflict', conflictId: 'c' as never, serverResource: null, fields: ['method'] }];

function server(resource: Record<string, unknown>, extra: Partial<ServerHistory> = {}): ServerHistory {
  return {
    logged: new Map([['m-create', 'applied'], ['m-d2', 'applied'], ['m-d3', 'applied'], ['m-note', 'merged']]),
    conflicts: new Set(['m-d3']),
    records: new Map([[R, { version: 3, deleted: false, resource: { resourceType: 'Observation', id: R, bodySite: { text: 'b0' }, issued: '2020-01-01T00:00:00Z', ...resource } }]]),
    ...extra,
  };
}

describe('convergence checker', () => {
  it('accepts a race the server turned into a recorded conflict, and a note merged beside it', () => {
    const received = new Map([ok('m-create', 1), ok('m-d2', 2), conflict('m-d3'), ok('m-note', 3, 'merged')]);
    const r = checkHistory([create, fromD2, fromD3, noteD3], received, server({ method: { text: 'm-d2' }, note: [{ id: 'n1' }] }));
    expect(r.violations).toEqual([]);
    expect(r.counts).toMatchObject({ writes: 4, acknowledged: 3, conflicts: 1, selfConflicts: 0, refused: 0 });
  });

  it("fails on a conflict explained only by the same device's own earlier edit of the field (a self-conflict), not on a race", () => {
    // d2 edits method twice offline on base 1: the first is applied as v2, the second is recorded as a conflict against v2.
    const again: EditRecord = { mutationId: 'm-d2b', device: 'd2', n: 1, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'method', value: 'm-d2b' } };
    const received = new Map([ok('m-create', 1), ok('m-d2', 2), conflict('m-d2b')]);
    const history = server({ method: { text: 'm-d2' } }, { conflicts: new Set(['m-d2b']), conflictAgainst: new Map([['m-d2b', 2]]), logged: new Map([['m-create', 'applied'], ['m-d2', 'applied']]) });
    const r = checkHistory([create, fromD2, again], received, history);
    expect(r.violations.map((v) => [v.kind, v.resourceId])).toEqual([['self-conflict', R]]);
    expect(r.counts).toMatchObject({ conflicts: 1, selfConflicts: 1 });
    // The same verdict for d3's racing edit is a real race, not a self-conflict.
    const race = checkHistory([create, fromD2, fromD3], new Map([ok('m-create', 1), ok('m-d2', 2), conflict('m-d3')]), server({ method: { text: 'm-d2' } }, { conflictAgainst: new Map([['m-d3', 2]]) }));
    expect(race.counts).toMatchObject({ conflicts: 1, selfConflicts: 0 });
    expect(race.violations).toEqual([]);
  });

  it('a device\'s second edit of a field after another device changed another field in between: merged is clean, a conflict is a self-conflict', () => {
    // d3 changes bodySite (v2); d2's first method edit merges (v3); d2's second method edit, still on base 1, saw the first.
    const body: EditRecord = { mutationId: 'm-d3', device: 'd3', n: 0, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'bodySite', value: 'b-d3' } };
    const again: EditRecord = { mutationId: 'm-d2b', device: 'd2', n: 1, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'method', value: 'm-d2b' } };
    const logged = new Map([['m-create', 'applied'], ['m-d3', 'applied'], ['m-d2', 'merged'], ['m-d2b', 'merged']]);
    const merged = checkHistory([create, body, fromD2, again], new Map([ok('m-create', 1), ok('m-d3', 2), ok('m-d2', 3, 'merged'), ok('m-d2b', 4, 'merged')]),
      server({ method: { text: 'm-d2b' }, bodySite: { text: 'b-d3' } }, { logged, conflicts: new Set() }));
    expect(merged.violations).toEqual([]);
    const conflicted = checkHistory([create, body, fromD2, again], new Map([ok('m-create', 1), ok('m-d3', 2), ok('m-d2', 3, 'merged'), conflict('m-d2b')]),
      server({ method: { text: 'm-d2' }, bodySite: { text: 'b-d3' } }, { logged, conflicts: new Set(['m-d2b']), conflictAgainst: new Map([['m-d2b', 3]]) }));
    expect(conflicted.violations.map((v) => v.kind)).toEqual(['self-conflict']);
  });

  it('an edit made on top of the same device\'s earlier edit answered conflict carries that change: its conflict is explained by the race of that change', () => {
    // d3's method edit applies (v2). Offline on base 1, d2 sets bodySite (merged, v3), then method (a
    // race with d3's: conflict), then bodySite again on top of both: the server still sees d2's
    // unresolved method change in it, and only d2 itself changed bodySite before.
    const body: EditRecord = { mutationId: 'm-d2-body', device: 'd2', n: 0, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'bodySite', value: 'b-d2' } };
    const method: EditRecord = { ...fromD2, n: 1 };
    const after: EditRecord = { mutationId: 'm-d2-body2', device: 'd2', n: 2, resourceId: R, patientId: 'p', base: 1, edit: { kind: 'field', field: 'bodySite', value: 'b-d2b' } };
    const history = server({ method: { text: 'm-d3' }, bodySite: { text: 'b-d2' } }, {
      logged: new Map([['m-create', 'applied'], ['m-d3', 'applied'], ['m-d2-body', 'merged']]),
      conflicts: new Set(['m-d2', 'm-d2-body2']), conflictAgainst: new Map([['m-d2', 3], ['m-d2-body2', 3]]),
    });
    const received = new Map([ok('m-create', 1), ok('m-d3', 2), ok('m-d2-body', 3, 'merged'), conflict('m-d2'), conflict('m-d2-body2')]);
    const r = checkHistory([create, fromD3, body, method, after], received, history);
    expect(r.violations).toEqual([]);
    expect(r.counts).toMatchObject({ conflicts: 2, selfConflicts: 0 });
    // Had d2's method edit been taken, the same verdict on the second bodySite edit is a self-conflict.
    const taken = new Map([ok('m-create', 1), ok('m-d3', 2), ok('m-d2-body', 3, 'merged'), ok('m-d2', 4, 'merged'), conflict('m-d2-body2')]);
    const alone = checkHistory([create, fromD3, body, { ...method, edit: { kind: 'field', field: 'issued', value: '2020-01-02T00:00:00.000Z' } }, after], taken,
      { ...history, logged: new Map([...history.logged, ['m-d2', 'merged']]), conflicts: new Set(['m-d2-body2']), conflictAgainst: new Map([['m-d2-body2', 4]]),
        records: new Map([[R, { version: 4, deleted: false, resource: { resourceType: 'Observation', id: R, method: { text: 'm-d3' }, bodySite: { text: 'b-d2' }, issued: '2020-01-02T00:00:00.000Z' } }]]) });
    expect(alone.violations.map((v) => v.kind)).toEqual(['self-conflict']);
  });

  it('fails when both racing edits of one field were applied (the later silently overwrote the earlier)', () => {
    const received = new Map([ok('m-create', 1), ok('m-d2', 2), ok('m-d3', 3)]);
    const r = checkHistory([create, fromD2, fromD3], received, server({ method: { text: 'm-d3' } }));
    expect(r.violations.map((v) => v.kind)).toEqual(['silent-overwrite']);
  });

  it('accepts two devices writing the same value to a field: the second is answered at the first one\'s version, nothing is overwritten', () => {
    const sameValue: EditRecord = { ...fromD3, edit: { kind: 'field', field: 'method', value: 'm-d2' } };
    const received = new Map([ok('m-create', 1), ok('m-d2', 2), ok('m-d3', 2, 'merged')]);
    const logged = new Map([['m-create', 'applied'], ['m-d2', 'applied'], ['m-d3', 'merged']]);
    const r = checkHistory([create, fromD2, sameValue], received, server({ method: { text: 'm-d2' } }, { logged, conflicts: new Set() }));
    expect(r.violations).toEqual([]);
    // A different value answered at the same version would have been dropped unseen: still a violation.
    const dropped = checkHistory([create, fromD2, fromD3], received, server({ method: { text: 'm-d2' } }, { logged, conflicts: new Set() }));
    expect(dropped.violations.map((v) => v.kind)).toContain('silent-overwrite');
  });

  it('fails when an acknowledged value or note is not on the server, or a reported conflict was not recorded', () => {
    const received = new Map([ok('m-create', 1), ok('m-d2', 2), conflict('m-d3'), ok('m-note', 3, 'merged')]);
    const r = checkHistory([create, fromD2, fromD3, noteD3], received, server({ method: { text: 'm0' } }, { conflicts: new Set() }));
    expect(r.violations.map((v) => v.kind).sort()).toEqual(['conflict-not-recorded', 'lost', 'lost']);
  });

  it('fails on a write that never got an answer, or one the server has no log of', () => {
    const received = new Map([ok('m-create', 1), ok('m-d2', 2)]);
    const r = checkHistory([create, fromD2, fromD3], received, server({ method: { text: 'm-d2' } }, { logged: new Map([['m-create', 'applied']]) }));
    expect(r.violations.map((v) => v.kind).sort()).toEqual(['not-logged', 'unanswered']);
  });
});
