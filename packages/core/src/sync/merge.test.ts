/**
 * Property tests of the three-way merge (fast-check), on generic documents of resourceType
 * 'Practitioner', which has no safety-critical fields, so the plain field and array-element rules
 * are tested on their own. merge.safety.test.ts tests the safety-critical rule.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ResourceJson } from './protocol.ts';
import { diffFields, threeWayMerge, type MergeOutcome } from './merge.ts';
import { sameValue } from './json-value.ts';
import { withoutMeta } from './diff.ts';
import { lostWrites } from './merge-test-support.ts';

const ID = '3c2b1a09-8f7e-4d6c-9b5a-493827160504';
const VALUES = ['x', 'y', 'z'] as const;
const CONTACT_IDS = ['c1', 'c2', 'c3', 'c4'] as const;

type Contact = { id: string; value: string; rank?: number };
type Doc = ResourceJson & {
  contact: Contact[];
  telecom: { system: string; value: string }[];
  name: { family?: string; text?: string };
  code?: { coding: { system: string; code: string }[]; text?: string };
  given?: string[];
};

const scalarKeys = ['a', 'b', 'c', 'd'] as const;
const docArb: fc.Arbitrary<Doc> = fc
  .record({
    scalars: fc.record({ a: fc.constantFrom(...VALUES), b: fc.integer({ min: 0, max: 3 }), c: fc.boolean(), d: fc.constantFrom(...VALUES) }, { requiredKeys: [] }),
    contactIds: fc.subarray([...CONTACT_IDS]),
    contactValue: fc.constantFrom(...VALUES),
    telecom: fc.uniqueArray(fc.constantFrom('555-0001', '555-0002', '555-0003'), { maxLength: 2 }),
    family: fc.option(fc.constantFrom(...VALUES), { nil: undefined }),
    code: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    given: fc.option(fc.array(fc.constantFrom(...VALUES), { maxLength: 3 }), { nil: undefined }),
  })
  .map(({ scalars, contactIds, contactValue, telecom, family, code, given }) => {
    const doc: Doc = {
      resourceType: 'Practitioner',
      id: ID,
      meta: { versionId: '1' },
      ...scalars,
      name: family === undefined ? {} : { family },
      contact: contactIds.map((id) => ({ id, value: contactValue })),
      telecom: telecom.map((value) => ({ system: 'phone', value })),
    };
    if (code !== undefined) doc.code = { coding: [{ system: 'urn:test', code }] };
    if (given !== undefined) doc.given = given;
    return doc;
  });

/** One edit a device can make; applied to a deep copy, by identity, so it works on either side. */
type Op =
  | { kind: 'scalar'; key: (typeof scalarKeys)[number]; value: string | undefined }
  | { kind: 'family'; value: string | undefined }
  | { kind: 'contact-edit'; id: string; value: string }
  | { kind: 'contact-remove'; id: string }
  | { kind: 'contact-add'; id: string; value: string }
  | { kind: 'contact-shuffle'; seed: number }
  | { kind: 'code'; code: string }
  | { kind: 'telecom-add'; value: string }
  | { kind: 'telecom-remove'; value: string }
  | { kind: 'given'; value: string[] };

const opArb = (side: 'm' | 't'): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ kind: fc.constant('scalar' as const), key: fc.constantFrom(...scalarKeys), value: fc.option(fc.constantFrom(...VALUES), { nil: undefined }) }),
    fc.record({ kind: fc.constant('family' as const), value: fc.option(fc.constantFrom(...VALUES), { nil: undefined }) }),
    fc.record({ kind: fc.constant('contact-edit' as const), id: fc.constantFrom(...CONTACT_IDS), value: fc.constantFrom(...VALUES) }),
    fc.record({ kind: fc.constant('contact-remove' as const), id: fc.constantFrom(...CONTACT_IDS) }),
    fc.record({ kind: fc.constant('contact-add' as const), id: fc.constantFrom(`${side}1`, `${side}2`, 'shared'), value: fc.constantFrom(...VALUES) }),
    fc.record({ kind: fc.constant('contact-shuffle' as const), seed: fc.integer() }),
    fc.record({ kind: fc.constant('code' as const), code: fc.constantFrom('A', 'B', 'C') }),
    fc.record({ kind: fc.constant('telecom-add' as const), value: fc.constantFrom('555-0001', '555-0002', '555-0004') }),
    fc.record({ kind: fc.constant('telecom-remove' as const), value: fc.constantFrom('555-0001', '555-0002') }),
    fc.record({ kind: fc.constant('given' as const), value: fc.array(fc.constantFrom(...VALUES), { maxLength: 3 }) }),
  );

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed | 0;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const j = Math.abs(s) % (i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

function apply(doc: Doc, ops: readonly Op[], serverBump: boolean): Doc {
  const d = structuredClone(doc);
  for (const op of ops) {
    switch (op.kind) {
      case 'scalar':
        if (op.value === undefined) delete d[op.key];
        else d[op.key] = op.value;
        break;
      case 'family':
        if (op.value === undefined) delete d.name.family;
        else d.name.family = op.value;
        break;
      case 'contact-edit':
        for (const c of d.contact) if (c.id === op.id) c.value = op.value;
        break;
      case 'contact-remove':
        d.contact = d.contact.filter((c) => c.id !== op.id);
        break;
      case 'contact-add':
        if (!d.contact.some((c) => c.id === op.id)) d.contact.push({ id: op.id, value: op.value });
        break;
      case 'contact-shuffle':
        d.contact = shuffle(d.contact, op.seed);
        break;
      case 'code':
        d.code = { coding: [{ system: 'urn:test', code: op.code }] };
        break;
      case 'telecom-add':
        if (!d.telecom.some((t) => t.value === op.value)) d.telecom.push({ system: 'phone', value: op.value });
        break;
      case 'telecom-remove':
        d.telecom = d.telecom.filter((t) => t.value !== op.value);
        break;
      case 'given':
        d.given = op.value;
        break;
    }
  }
  if (serverBump) d['meta'] = { versionId: '2' };
  return d;
}

const merge = (resourceType: string, base: ResourceJson | null, mine: ResourceJson | null, theirs: ResourceJson | null): MergeOutcome =>
  threeWayMerge({ resourceType, base, mine, theirs });
const same = (a: ResourceJson | null, b: ResourceJson | null): boolean =>
  a === null || b === null ? a === b : sameValue(withoutMeta(a), withoutMeta(b), '');

const sides = () =>
  fc.record({
    base: docArb,
    mineOps: fc.array(opArb('m'), { maxLength: 4 }),
    theirsOps: fc.array(opArb('t'), { maxLength: 4 }),
  });

describe('threeWayMerge properties: plain fields and arrays', () => {
  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(sides(), ({ base, mineOps, theirsOps }) => {
        const mine = apply(base, mineOps, false);
        const theirs = apply(base, theirsOps, true);
        const before = structuredClone([base, mine, theirs]);
        merge('Practitioner', base, mine, theirs);
        expect([base, mine, theirs]).toEqual(before);
      }),
    );
  });

  it('when the client changed nothing, the result is the server copy', () => {
    fc.assert(
      fc.property(sides(), ({ base, theirsOps }) => {
        const theirs = apply(base, theirsOps, true);
        expect(merge('Practitioner', base, structuredClone(base), theirs)).toEqual({ kind: 'clean', resource: theirs });
      }),
    );
  });

  it('when the server changed nothing, the result is the client copy', () => {
    fc.assert(
      fc.property(sides(), ({ base, mineOps }) => {
        const mine = apply(base, mineOps, false);
        const out = merge('Practitioner', base, mine, apply(base, [], true));
        expect(out.kind).toBe('clean');
        if (out.kind === 'clean') expect(same(out.resource, mine)).toBe(true);
      }),
    );
  });

  it('is idempotent: merging the same mutation into the merged result is clean and changes nothing', () => {
    fc.assert(
      fc.property(sides(), ({ base, mineOps, theirsOps }) => {
        const mine = apply(base, mineOps, false);
        const first = merge('Practitioner', base, mine, apply(base, theirsOps, true));
        fc.pre(first.kind === 'clean' && first.resource !== null);
        if (first.kind !== 'clean' || first.resource === null) return;
        expect(merge('Practitioner', base, mine, first.resource)).toEqual(first);
      }),
    );
  });

  it('a clean merge loses no write: every path either side changed holds that side\'s value', () => {
    fc.assert(
      fc.property(sides(), ({ base, mineOps, theirsOps }) => {
        const mine = apply(base, mineOps, false);
        const theirs = apply(base, theirsOps, true);
        const out = merge('Practitioner', base, mine, theirs);
        if (out.kind !== 'clean' || out.resource === null) return;
        expect(lostWrites(base, mine, out.resource), 'client edits lost').toEqual([]);
        expect(lostWrites(base, theirs, out.resource), 'server edits lost').toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('edits to different fields and different elements from two devices both survive', () => {
    fc.assert(
      fc.property(docArb, fc.subarray([...scalarKeys], { minLength: 1 }), fc.constantFrom(...VALUES), (base, mineKeys, v) => {
        const theirsKeys = scalarKeys.filter((k) => !mineKeys.includes(k));
        const mine = apply(base, [...mineKeys.map((key) => ({ kind: 'scalar' as const, key, value: `${v}-m` })), { kind: 'contact-add', id: 'm1', value: v }], false);
        const theirs = apply(base, [...theirsKeys.map((key) => ({ kind: 'scalar' as const, key, value: `${v}-t` })), { kind: 'contact-add', id: 't1', value: v }], true);
        const out = merge('Practitioner', base, mine, theirs);
        expect(out.kind).toBe('clean');
        if (out.kind !== 'clean' || out.resource === null) return;
        for (const k of mineKeys) expect(out.resource[k]).toBe(`${v}-m`);
        for (const k of theirsKeys) expect(out.resource[k]).toBe(`${v}-t`);
        expect((out.resource['contact'] as Contact[]).map((c) => c.id)).toEqual([...base.contact.map((c) => c.id), 't1', 'm1']);
      }),
    );
  });

  it('the same field changed to different values on both sides is a conflict on that field', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom(...scalarKeys), (base, key) => {
        const out = merge('Practitioner', base, apply(base, [{ kind: 'scalar', key, value: 'mine' }], false), apply(base, [{ kind: 'scalar', key, value: 'theirs' }], true));
        expect(out).toEqual({ kind: 'conflict', fields: [key] });
      }),
    );
  });

  it('a code, a nested field or a list of names changed two different ways is a conflict there, never a blend', () => {
    const twoWays: [Op, Op, string][] = [
      [{ kind: 'code', code: 'B' }, { kind: 'code', code: 'C' }, 'code'],
      [{ kind: 'family', value: 'y' }, { kind: 'family', value: 'z' }, 'name.family'],
      [{ kind: 'given', value: ['y'] }, { kind: 'given', value: ['z', 'y'] }, 'given'],
    ];
    fc.assert(
      fc.property(docArb, fc.constantFrom(...twoWays), fc.boolean(), (base, [m, t, path], swap) => {
        const [mineOp, theirsOp] = swap ? [t, m] : [m, t];
        const mine = apply(base, [mineOp], false);
        const theirs = apply(base, [theirsOp], true);
        fc.pre(!same(mine, base) && !same(theirs, base));
        const out = merge('Practitioner', base, mine, theirs);
        expect(out.kind).toBe('conflict');
        if (out.kind === 'conflict') expect(out.fields.every((f) => f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`))).toBe(true);
      }),
    );
  });

  it('reordering an array on one side and editing an element on the other keeps the edit on that element', () => {
    fc.assert(
      fc.property(docArb, fc.integer(), fc.nat(), fc.boolean(), (base, seed, pick, serverReorders) => {
        fc.pre(base.contact.length >= 2);
        const target = base.contact[pick % base.contact.length]?.id ?? '';
        const reordered = apply(base, [{ kind: 'contact-shuffle', seed }], serverReorders);
        const edited = apply(base, [{ kind: 'contact-edit', id: target, value: 'edited' }], !serverReorders);
        const out = serverReorders ? merge('Practitioner', base, edited, reordered) : merge('Practitioner', base, reordered, edited);
        expect(out.kind).toBe('clean');
        if (out.kind !== 'clean' || out.resource === null) return;
        const contacts = out.resource['contact'] as Contact[];
        // Server order, every element once, only the target edited.
        const server = serverReorders ? reordered : edited;
        expect(contacts.map((c) => c.id)).toEqual(server.contact.map((c) => c.id));
        for (const c of contacts) expect(c.value).toBe(c.id === target ? 'edited' : base.contact.find((b) => b.id === c.id)?.value);
      }),
    );
  });

  it('an element deleted on one side and edited on the other is a conflict on that element, either way round', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), fc.boolean(), (base, pick, clientDeletes) => {
        fc.pre(base.contact.length > 0);
        const target = base.contact[pick % base.contact.length]?.id ?? '';
        const deleted = apply(base, [{ kind: 'contact-remove', id: target }], !clientDeletes);
        const edited = apply(base, [{ kind: 'contact-edit', id: target, value: 'edited' }], clientDeletes);
        fc.pre(!same(edited, base));
        const out = clientDeletes ? merge('Practitioner', base, deleted, edited) : merge('Practitioner', base, edited, deleted);
        expect(out).toEqual({ kind: 'conflict', fields: [`contact[id=${target}]`] });
      }),
    );
  });

  it('elements added on both sides all survive, server first, then the client\'s', () => {
    fc.assert(
      fc.property(docArb, fc.subarray(['m1', 'm2']), fc.subarray(['t1', 't2']), (base, mineIds, theirsIds) => {
        const mine = apply(base, mineIds.map((id) => ({ kind: 'contact-add' as const, id, value: 'x' })), false);
        const theirs = apply(base, theirsIds.map((id) => ({ kind: 'contact-add' as const, id, value: 'y' })), true);
        const out = merge('Practitioner', base, mine, theirs);
        expect(out.kind === 'clean' && (out.resource?.['contact'] as Contact[]).map((c) => c.id)).toEqual([...base.contact.map((c) => c.id), ...theirsIds, ...mineIds]);
      }),
    );
  });

  it('conflicts are symmetric: swapping the two sides gives the same conflict paths, or equivalent clean results', () => {
    fc.assert(
      fc.property(sides(), ({ base, mineOps, theirsOps }) => {
        const a = apply(base, mineOps, false);
        const b = apply(base, theirsOps, false);
        const ab = merge('Practitioner', base, a, b);
        const ba = merge('Practitioner', base, b, a);
        expect(ba.kind).toBe(ab.kind);
        if (ab.kind === 'conflict' && ba.kind === 'conflict') expect(ba.fields).toEqual(ab.fields);
        if (ab.kind === 'clean' && ba.kind === 'clean') expect(same(ab.resource, ba.resource)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a delete against an edit is a conflict either way; a delete against no edit is clean', () => {
    fc.assert(
      fc.property(sides(), fc.boolean(), ({ base, mineOps }, clientDeletes) => {
        const edited = apply(base, mineOps, !clientDeletes);
        const out = clientDeletes ? merge('Practitioner', base, null, edited) : merge('Practitioner', base, edited, null);
        if (same(edited, base)) expect(out).toEqual({ kind: 'clean', resource: null });
        else expect(out).toEqual({ kind: 'conflict', fields: diffFields(base, edited, 'Practitioner') });
      }),
    );
  });
});
