/**
 * Property tests of the safety-critical rule of the three-way merge (fast-check): a client change
 * to a dose, route, frequency, status, code... made while the server moved on is a conflict, and
 * the server keeps its state.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ResourceJson } from './protocol.ts';
import { safetyCriticalFields, threeWayMerge, type MergeOutcome } from './merge.ts';
import { sameValue } from './json-value.ts';
import { withoutMeta } from './diff.ts';
import { lostWrites } from './merge-test-support.ts';

const ID = '3c2b1a09-8f7e-4d6c-9b5a-493827160504';
const merge = (resourceType: string, base: ResourceJson | null, mine: ResourceJson | null, theirs: ResourceJson | null): MergeOutcome =>
  threeWayMerge({ resourceType, base, mine, theirs });
const same = (a: ResourceJson | null, b: ResourceJson | null): boolean =>
  a === null || b === null ? a === b : sameValue(withoutMeta(a), withoutMeta(b), '');

type Med = ResourceJson & {
  status: string;
  note: { text: string }[];
  dosageInstruction: { id: string; sequence: number; route: { coding: { system: string; code: string }[] }; timing: { repeat: { frequency: number; period: number } }; doseAndRate: { doseQuantity: { value: number; unit: string } }[] }[];
};

const medArb: fc.Arbitrary<Med> = fc
  .record({ status: fc.constantFrom('active', 'on-hold'), dose: fc.constantFrom(250, 500), route: fc.constantFrom('26643006', '47625008'), twoDosages: fc.boolean() })
  .map(({ status, dose, route, twoDosages }) => ({
    resourceType: 'MedicationRequest',
    id: ID,
    meta: { versionId: '5' },
    status,
    intent: 'order',
    note: [],
    dosageInstruction: (twoDosages ? ['d1', 'd2'] : ['d1']).map((id, i) => ({
      id,
      sequence: i + 1,
      route: { coding: [{ system: 'http://snomed.info/sct', code: route }] },
      timing: { repeat: { frequency: 1, period: 8 } },
      doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg' } }],
    })),
  }));

type MedOp = 'status' | 'dose' | 'route' | 'frequency' | 'add-dosage' | 'remove-dosage' | 'note';
const CRITICAL_OPS: MedOp[] = ['status', 'dose', 'route', 'frequency', 'add-dosage', 'remove-dosage'];

function applyMed(med: Med, ops: readonly MedOp[], side: string, bump: boolean): Med {
  const d = structuredClone(med);
  for (const op of ops) {
    const di = d.dosageInstruction[0];
    switch (op) {
      case 'status': d.status = `${d.status}-${side}`; break;
      case 'dose': for (const dr of di?.doseAndRate ?? []) dr.doseQuantity.value += side === 'm' ? 1 : 2; break;
      case 'route': if (di) di.route.coding = [{ system: 'http://snomed.info/sct', code: `route-${side}` }]; break;
      case 'frequency': if (di) di.timing.repeat.period += side === 'm' ? 4 : 6; break;
      case 'add-dosage': d.dosageInstruction.push({ id: `new-${side}`, sequence: 9, route: { coding: [] }, timing: { repeat: { frequency: 1, period: 24 } }, doseAndRate: [] }); break;
      case 'remove-dosage': d.dosageInstruction = d.dosageInstruction.slice(1); break;
      case 'note': d.note.push({ text: `note ${side}` }); break;
    }
  }
  if (bump) d['meta'] = { versionId: '6' };
  return d;
}

describe('threeWayMerge properties: safety-critical fields', () => {
  it('any client change to dose, route, frequency, status or the dosage list while the server moved on is a conflict', () => {
    fc.assert(
      fc.property(medArb, fc.constantFrom(...CRITICAL_OPS), fc.array(fc.constantFrom<MedOp>('note', ...CRITICAL_OPS), { minLength: 1, maxLength: 3 }), (base, critical, serverOps) => {
        const mine = applyMed(base, [critical], 'm', false);
        const theirs = applyMed(base, serverOps, 't', true);
        fc.pre(!same(theirs, base));
        const field = critical === 'status' ? 'status' : 'dosageInstruction';
        fc.pre(!sameValue(mine[field], theirs[field], field)); // the server does not already hold the client's value
        const out = merge('MedicationRequest', base, mine, theirs);
        // A conflict carries no merged resource: the server keeps its own state.
        expect(out.kind).toBe('conflict');
        if (out.kind === 'conflict') expect(out.fields.some((f) => f === field || f.startsWith(`${field}[`) || f.startsWith(`${field}.`))).toBe(true);
      }),
    );
  });

  it('the same critical change against an unchanged server applies cleanly', () => {
    fc.assert(
      fc.property(medArb, fc.constantFrom(...CRITICAL_OPS), (base, critical) => {
        const mine = applyMed(base, [critical], 'm', false);
        const out = merge('MedicationRequest', base, mine, applyMed(base, [], 't', true));
        expect(out.kind === 'clean' && same(out.resource, mine)).toBe(true);
      }),
    );
  });

  it('every listed field of every resource type is guarded', () => {
    const types = ['MedicationRequest', 'MedicationStatement', 'AllergyIntolerance', 'Observation', 'Condition', 'ServiceRequest', 'DiagnosticReport', 'DocumentReference', 'Composition', 'Encounter', 'Patient', 'Provenance', 'AuditEvent'];
    const cases = types.flatMap((t) => safetyCriticalFields(t).map((f) => [t, f === '*' ? 'anything' : f.replace('[x]', 'String')] as const));
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.constantFrom('v1', 'v2'), ([resourceType, field], v) => {
        const base = { resourceType, id: ID, [field]: 'v0', unrelated: 'u0' };
        const mine = { ...base, [field]: v };
        const theirs = { ...base, unrelated: 'u1', meta: { versionId: '2' } };
        expect(merge(resourceType, base, mine, theirs)).toEqual({ kind: 'conflict', fields: [field] });
        // The client leaving the field alone merges cleanly, unless every field is critical (Provenance, AuditEvent).
        const wildcard = safetyCriticalFields(resourceType).includes('*');
        expect(merge(resourceType, base, { ...base, unrelated: 'u2' }, { ...base, [field]: v }).kind).toBe(wildcard ? 'conflict' : 'clean');
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent and loses no write on medication orders too', () => {
    const opsArb = fc.array(fc.constantFrom<MedOp>('note', ...CRITICAL_OPS), { maxLength: 3 });
    fc.assert(
      fc.property(medArb, opsArb, opsArb, (base, mineOps, theirsOps) => {
        const mine = applyMed(base, mineOps, 'm', false);
        const theirs = applyMed(base, theirsOps, 't', true);
        const out = merge('MedicationRequest', base, mine, theirs);
        if (out.kind !== 'clean' || out.resource === null) return;
        expect(merge('MedicationRequest', base, mine, out.resource)).toEqual(out);
        expect(lostWrites(base, mine, out.resource), 'client edits lost').toEqual([]);
        expect(lostWrites(base, theirs, out.resource), 'server edits lost').toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a signed note cannot be changed by the client once the server moved on, whatever the field', () => {
    const note = {
      resourceType: 'DocumentReference', id: ID, meta: { versionId: '2' }, status: 'current', docStatus: 'final',
      description: 'Progress note', date: '2026-11-23T07:00:00Z', content: [{ attachment: { contentType: 'text/plain', data: 'YQ==' } }],
    };
    const fields = ['description', 'date', 'content', 'author', 'category'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.constantFrom(...fields), fc.constantFrom('final', 'amended'), (mineField, theirsField, docStatus) => {
        const base = { ...note, docStatus };
        const mine: ResourceJson = { ...base, [mineField]: 'changed by client' };
        const theirs: ResourceJson = { ...base, [theirsField]: 'changed on server', meta: { versionId: '3' } };
        const out = merge('DocumentReference', base, mine, theirs);
        expect(out).toMatchObject({ kind: 'conflict' });
        if (out.kind === 'conflict') expect(out.fields).toContain(mineField);
      }),
    );
  });
});
