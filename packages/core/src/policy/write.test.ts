import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ResourceJson } from '../sync/protocol.ts';
import { ACCESS_RELATIONS, decideAccess, POLICY_RESOURCE_TYPES } from './access.ts';
import { changedFieldGroups, fieldGroupOf } from './field-groups.ts';
import { ROLES } from './roles.ts';
import { decideWrite, mayChange, type WriteRequest } from './write.ts';

const PATIENT = 'Patient/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const DR = '22222222-2222-4222-8222-222222222222';
const RN = '33333333-3333-4333-8333-333333333333';

const order = (over: Record<string, unknown> = {}): ResourceJson => ({
  resourceType: 'MedicationRequest', id: '88888888-8888-4888-8888-000000000001', meta: { versionId: '3' },
  status: 'active', intent: 'order', subject: { reference: PATIENT }, requester: { reference: `Practitioner/${DR}` },
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361', display: 'amlodipine 5 MG Oral Tablet' }] },
  dosageInstruction: [{ text: '5 mg by mouth daily', route: { text: 'oral' }, timing: { code: { text: 'QD' } }, doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg' } }] }],
  ...over,
});
const note = (docStatus: string, over: Record<string, unknown> = {}): ResourceJson => ({
  resourceType: 'DocumentReference', id: '99999999-9999-4999-8999-000000000001', status: 'current', docStatus,
  subject: { reference: PATIENT }, author: [{ reference: `Practitioner/${DR}` }], description: 'Progress note',
  content: [{ attachment: { contentType: 'text/plain', data: 'U09BUA==' } }], ...over,
});
const tenfold = (r: ResourceJson): ResourceJson => order({ ...r, dosageInstruction: [{ text: '50 mg by mouth daily', route: { text: 'oral' }, timing: { code: { text: 'QD' } }, doseAndRate: [{ doseQuantity: { value: 50, unit: 'mg' } }] }] });
const nurse = (before: ResourceJson | null, after: ResourceJson | null): WriteRequest => ({ role: 'nurse', resourceType: before?.resourceType as string ?? after?.resourceType, relation: 'care-team', before, after, userId: RN });

describe('field groups', () => {
  it('places choice elements, primitive extensions and unknown elements', () => {
    expect(fieldGroupOf('MedicationRequest', 'medicationReference')).toBe('prescription');
    expect(fieldGroupOf('MedicationRequest', '_status')).toBe('status');
    expect(fieldGroupOf('MedicationRequest', 'statusReason')).toBe('status');
    expect(fieldGroupOf('MedicationRequest', 'somethingNew')).toBe('prescription');
    expect(fieldGroupOf('Observation', 'valueQuantity')).toBe('result');
    expect(fieldGroupOf('Observation', 'value')).toBe('result'); // unknown: the default group
  });
  it('ignores meta and reordering; a create changes every group present', () => {
    expect(changedFieldGroups('MedicationRequest', order(), order({ meta: { versionId: '9' } }))).toEqual([]);
    expect(changedFieldGroups('MedicationRequest', order(), order({ status: 'on-hold', note: [{ text: 'NPO for surgery' }] }))).toEqual(['annotation', 'status']);
    expect(changedFieldGroups('MedicationRequest', null, order())).toEqual(['prescription', 'status']);
  });
});

describe('decideWrite: medication orders', () => {
  it('refuses a nurse a tenfold dose change, naming the prescription group', () => {
    const d = decideWrite(nurse(order(), tenfold(order())));
    expect(d).toMatchObject({ allowed: false, fieldGroups: ['prescription'] });
    expect(d.allowed === false && d.reason).toMatch(/nurse may not change the prescription of a MedicationRequest/);
  });
  it('lets a nurse hold an active order, but not make it active again (a re-activation a prescriber signs)', () => {
    const held = order({ status: 'on-hold', statusReason: { text: 'NPO for surgery' } });
    expect(decideWrite(nurse(order(), held))).toEqual({ allowed: true, flagged: false, fieldGroups: ['status'] });
    expect(decideWrite(nurse(held, order())).allowed).toBe(false);
  });
  it('refuses a nurse stopping, completing or re-activating an order, and creating one', () => {
    expect(decideWrite(nurse(order(), order({ status: 'stopped' }))).allowed).toBe(false);
    expect(decideWrite(nurse(order({ status: 'stopped' }), order())).allowed).toBe(false);
    expect(decideWrite(nurse(order({ status: 'cancelled' }), order({ status: 'on-hold' }))).allowed).toBe(false);
    expect(decideWrite(nurse(null, order()))).toMatchObject({ allowed: false, reason: 'nurse may not create MedicationRequest' });
  });
  it('lets a physician change the dose; billing writes nothing clinical', () => {
    expect(decideWrite({ role: 'physician', resourceType: 'MedicationRequest', relation: 'care-team', before: order(), after: tenfold(order()) }).allowed).toBe(true);
    expect(decideWrite({ role: 'billing', resourceType: 'MedicationRequest', relation: 'care-team', before: order(), after: order({ status: 'on-hold' }) }).allowed).toBe(false);
    expect(decideWrite({ role: 'billing', resourceType: 'Observation', relation: 'care-team', before: null, after: { resourceType: 'Observation', id: 'x', status: 'final' } }).allowed).toBe(false);
  });
});

describe('decideWrite: signed notes', () => {
  const dr = (before: ResourceJson | null, after: ResourceJson | null, userId = DR): WriteRequest => ({ role: 'physician', resourceType: 'DocumentReference', relation: 'care-team', before, after, userId });
  it('nobody overwrites or deletes a signed note, not even its author', () => {
    for (const role of ['physician', 'nurse'] as const) {
      const d = decideWrite({ ...dr(note('final'), note('final', { description: 'rewritten' })), role });
      expect(d).toMatchObject({ allowed: false });
      expect(d.fieldGroups).toContain('signed-content');
      expect(decideWrite({ ...dr(note('final'), null), role }).allowed).toBe(false);
    }
  });
  it('the author or a physician may amend or retract; a nurse who did not write it may not', () => {
    expect(decideWrite(dr(note('final'), note('amended', { description: 'corrected' }))).allowed).toBe(true);
    expect(decideWrite(dr(note('final'), note('entered-in-error'), 'someone-else')).allowed).toBe(true);
    expect(decideWrite(nurse(note('final'), note('entered-in-error'))).allowed).toBe(false);
    const own = { author: [{ reference: `Practitioner/${RN}` }] };
    expect(decideWrite(nurse(note('final', own), note('entered-in-error', own))).allowed).toBe(true);
    // A retraction changes the status only.
    expect(decideWrite(dr(note('final'), note('entered-in-error', { description: 'sneaky' }))).allowed).toBe(false);
  });
  it('a draft is edited freely by its writers', () => {
    expect(decideWrite(nurse(note('preliminary'), note('preliminary', { description: 'more' }))).allowed).toBe(true);
  });
});

const json: fc.Arbitrary<unknown> = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.record({ text: fc.string({ maxLength: 8 }) }));
const PRESCRIPTION_EDITS: fc.Arbitrary<Record<string, unknown>> = fc.record({
  medicationCodeableConcept: fc.constant({ coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617312' }] }),
  dosageInstruction: fc.integer({ min: 1, max: 5000 }).map((v) => [{ doseAndRate: [{ doseQuantity: { value: v, unit: 'mg' } }], route: { text: 'oral' } }]),
  dispenseRequest: fc.record({ numberOfRepeatsAllowed: fc.integer({ min: 0, max: 9 }) }),
  requester: fc.constant({ reference: 'Practitioner/44444444-4444-4444-8444-444444444444' }),
  intent: fc.constantFrom('plan', 'proposal', 'original-order'),
  priority: fc.constantFrom('urgent', 'stat'),
  substitution: fc.record({ allowedBoolean: fc.boolean() }),
  extension: fc.constant([{ url: 'https://lantern.health/fhir/StructureDefinition/cds-override', valueString: 'x' }]),
}, { requiredKeys: [] });
const OTHER_EDITS: fc.Arbitrary<Record<string, unknown>> = fc.record({
  status: fc.constantFrom('active', 'on-hold', 'stopped', 'cancelled', 'completed'),
  statusReason: json,
  note: fc.array(fc.record({ text: fc.string({ maxLength: 12 }) }), { maxLength: 2 }),
  meta: fc.record({ versionId: fc.integer({ min: 1, max: 9 }).map(String) }),
}, { requiredKeys: [] });

describe('decideWrite: properties', () => {
  it('a nurse never changes any prescription field, whatever else changes, under any relation', () => {
    fc.assert(
      fc.property(PRESCRIPTION_EDITS, OTHER_EDITS, fc.constantFrom(...ACCESS_RELATIONS), fc.boolean(), fc.constantFrom('active', 'on-hold'), (rx, other, relation, breakGlass, status) => {
        const before = order({ status });
        const after = order({ ...before, ...other, ...rx });
        const changesRx = changedFieldGroups('MedicationRequest', before, after).includes('prescription');
        const d = decideWrite({ role: 'nurse', resourceType: 'MedicationRequest', relation, breakGlass, before, after, userId: RN });
        if (changesRx) expect(d.allowed).toBe(false);
        if (d.allowed) expect(mayChange('nurse', 'MedicationRequest', 'prescription')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('never allows what decideAccess denies, for any role, type, relation and before/after', () => {
    const resource = (type: string) => fc.option(fc.record({ resourceType: fc.constant(type), id: fc.constant('x'), status: fc.constantFrom('active', 'on-hold', 'final', 'amended'), note: json }), { nil: null });
    const write = fc.constantFrom(...POLICY_RESOURCE_TYPES).chain((type) => fc.tuple(fc.constant(type), resource(type), resource(type)));
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), write, fc.constantFrom(...ACCESS_RELATIONS), fc.boolean(), (role, [type, before, after], relation, breakGlass) => {
        fc.pre(before !== null || after !== null);
        const action = before === null ? 'create' : after === null ? 'delete' : 'update';
        const d = decideWrite({ role, resourceType: type, relation, breakGlass, before, after });
        if (!decideAccess({ role, resourceType: type, action, relation, breakGlass }).allowed) expect(d.allowed).toBe(false);
        if (d.allowed) expect(d.flagged).toBe(false); // break-glass never grants a write
      }),
      { numRuns: 5000 },
    );
  });
});
