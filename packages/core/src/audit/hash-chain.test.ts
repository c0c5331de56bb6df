// The test injects node:crypto's SHA-256 (core's src stays free of Node by lint rules).
/// <reference types="node" />
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AUDIT_ACTIONS, GENESIS_HASH, type AuditEventInput, type ChainedAuditEvent } from './event.ts';
import { appendToChain, canonicalJson, hashAuditEvent, verifyAuditChain, type Sha256Hex } from './hash-chain.ts';
import { asDeviceId, asPatientId, asUserId } from '../ids/index.ts';

const sha256: Sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');

const isoInstant = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const auditInput: fc.Arbitrary<AuditEventInput> = fc.record({
  eventId: fc.uuid({ version: 4 }),
  deviceId: fc.constantFrom('dev-ward-3a-01', 'dev-clinic-02').map(asDeviceId),
  userId: fc.constantFrom('u-1001', 'u-2002', 'u-3003').map(asUserId),
  action: fc.constantFrom(...AUDIT_ACTIONS),
  patientId: fc.option(fc.uuid({ version: 4 }).map(asPatientId), { nil: null }),
  resourceType: fc.option(fc.constantFrom('Observation', 'MedicationRequest', 'Patient'), { nil: null }),
  resourceId: fc.option(fc.uuid({ version: 4 }), { nil: null }),
  outcome: fc.constantFrom('success' as const, 'denied' as const, 'failure' as const),
  reason: fc.option(fc.string({ maxLength: 40, unit: 'grapheme' }), { nil: null }),
  detail: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }),
  recordedAt: isoInstant,
});

const chainArb = (minLength: number) => fc.array(auditInput, { minLength, maxLength: 12 }).map((inputs) => appendToChain(inputs, null, sha256));

/** A different value of the same field, so the tampering is never a no-op. */
function tamper(event: ChainedAuditEvent, field: keyof ChainedAuditEvent): ChainedAuditEvent {
  const v = event[field];
  switch (field) {
    case 'seq':
      return { ...event, seq: event.seq + 1 };
    case 'detail':
      return { ...event, detail: { ...event.detail, tampered: true } };
    case 'prevHash':
    case 'hash':
      return { ...event, [field]: (v as string).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
    default:
      return { ...event, [field]: v === null ? 'x' : `${String(v)}x` };
  }
}

const FIELDS: (keyof ChainedAuditEvent)[] = [
  'eventId', 'deviceId', 'userId', 'action', 'patientId', 'resourceType', 'resourceId', 'outcome', 'reason', 'detail',
  'recordedAt', 'seq', 'prevHash', 'hash',
];

describe('appendToChain / verifyAuditChain', () => {
  it('every chain built by appendToChain verifies, and its head is the last event', () => {
    fc.assert(
      fc.property(chainArb(0), (chain) => {
        const result = verifyAuditChain(chain, sha256);
        const last = chain.at(-1);
        expect(result).toEqual({ ok: true, head: last === undefined ? null : { seq: last.seq, hash: last.hash } });
        chain.forEach((e, i) => {
          expect(e.seq).toBe(i + 1);
          expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]?.hash);
        });
      }),
    );
  });

  it('a batch appended after a stored head verifies against that head, and not from the genesis', () => {
    fc.assert(
      fc.property(fc.array(auditInput, { minLength: 1, maxLength: 6 }), fc.array(auditInput, { minLength: 1, maxLength: 6 }), (first, second) => {
        const a = appendToChain(first, null, sha256);
        const head = verifyAuditChain(a, sha256);
        if (!head.ok || head.head === null) throw new Error('first batch must verify');
        const b = appendToChain(second, head.head, sha256);
        expect(b[0]?.seq).toBe(first.length + 1);
        expect(verifyAuditChain(b, sha256, head.head).ok).toBe(true);
        expect(verifyAuditChain(b, sha256)).toMatchObject({ ok: false, index: 0, reason: 'seq-gap' });
        expect(verifyAuditChain([...a, ...b], sha256)).toEqual(verifyAuditChain(b, sha256, head.head));
      }),
    );
  });

  it('changing any field of any event is detected at that event', () => {
    fc.assert(
      fc.property(chainArb(1), fc.nat(), fc.constantFrom(...FIELDS), (chain, pick, field) => {
        const i = pick % chain.length;
        const target = chain[i];
        if (target === undefined) throw new Error('unreachable');
        const tampered = chain.map((e, j) => (j === i ? tamper(target, field) : e));
        const result = verifyAuditChain(tampered, sha256);
        const reason = field === 'seq' ? 'seq-gap' : field === 'prevHash' ? 'prev-hash-mismatch' : 'hash-mismatch';
        expect(result).toMatchObject({ ok: false, index: i, reason });
      }),
    );
  });

  it('deleting an event is detected where it was; dropping the tail shows in the returned head', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), (chain, pick) => {
        const i = pick % (chain.length - 1);
        const cut = chain.filter((_, j) => j !== i);
        expect(verifyAuditChain(cut, sha256)).toMatchObject({ ok: false, index: i, seq: i + 2, reason: 'seq-gap' });
        const truncated = verifyAuditChain(chain.slice(0, -1), sha256);
        const realHead = chain.at(-1);
        expect(truncated.ok && truncated.head?.seq).toBe(chain.length - 1);
        expect(truncated.ok && truncated.head?.hash).not.toBe(realHead?.hash);
      }),
    );
  });

  it('reordering two events is detected at the first moved one', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), fc.nat(), (chain, p, q) => {
        const i = p % chain.length;
        let j = q % chain.length;
        if (i === j) j = (j + 1) % chain.length;
        const [lo, hi] = i < j ? [i, j] : [j, i];
        const swapped = [...chain];
        const a = swapped[lo];
        const b = swapped[hi];
        if (a === undefined || b === undefined) throw new Error('unreachable');
        swapped[lo] = b;
        swapped[hi] = a;
        expect(verifyAuditChain(swapped, sha256)).toMatchObject({ ok: false, index: lo });
      }),
    );
  });

  it('inserting a replayed or foreign event is detected at the insertion point', () => {
    fc.assert(
      fc.property(chainArb(1), chainArb(1), fc.nat(), fc.boolean(), (chain, other, pick, replay) => {
        const i = pick % (chain.length + 1);
        const intruder = replay ? chain[pick % chain.length] : other[pick % other.length];
        if (intruder === undefined) throw new Error('unreachable');
        const withInsert = [...chain.slice(0, i), intruder, ...chain.slice(i)];
        const result = verifyAuditChain(withInsert, sha256);
        // An intruder that happens to fit the link at i (another chain's genesis event inserted at 0,
        // a replay of event i itself) only shows at i + 1; anything else is caught at i.
        const fits = intruder.seq === i + 1 && intruder.prevHash === (chain[i - 1]?.hash ?? GENESIS_HASH);
        expect(result).toMatchObject({ ok: false, index: fits ? i + 1 : i });
      }),
    );
  });

  it('a forged event that is correctly linked still breaks the chain at the next event', () => {
    fc.assert(
      fc.property(chainArb(2), auditInput, fc.nat(), (chain, forgedInput, pick) => {
        const i = pick % (chain.length - 1);
        const before = i === 0 ? null : { seq: chain[i - 1]?.seq ?? 0, hash: chain[i - 1]?.hash ?? '' };
        const [forged] = appendToChain([forgedInput], before, sha256);
        if (forged === undefined) throw new Error('unreachable');
        const withInsert = [...chain.slice(0, i), forged, ...chain.slice(i)];
        expect(verifyAuditChain(withInsert, sha256)).toMatchObject({ ok: false, index: i + 1, reason: 'seq-gap' });
      }),
    );
  });

  it('hashes only the schema fields, so a database row with extra columns verifies the same', () => {
    const [event] = appendToChain([fixedInput], null, sha256);
    if (event === undefined) throw new Error('unreachable');
    const row = { ...event, receivedAt: '2026-11-23T10:00:05Z', ingestSeq: 77 };
    expect(verifyAuditChain([row], sha256).ok).toBe(true);
  });

  it('pins the hash format, so stored chains stay verifiable across versions and on both ends', () => {
    const [event] = appendToChain([fixedInput], null, sha256);
    if (event === undefined) throw new Error('unreachable');
    const { hash, ...unhashed } = event;
    expect(canonicalJson(unhashed)).toBe(
      '{"action":"break-glass","detail":{"durationMin":60,"ward":"3A"},"deviceId":"dev-ward-3a-01","eventId":"6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6",' +
        '"outcome":"success","patientId":"0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f","prevHash":"' + GENESIS_HASH + '","reason":"Unresponsive patient in ED",' +
        '"recordedAt":"2026-11-23T10:00:00Z","resourceId":null,"resourceType":"Patient","seq":1,"userId":"u-1001"}',
    );
    expect(hash).toBe(sha256(canonicalJson(unhashed)));
    expect(hashAuditEvent(unhashed, sha256)).toBe(hash);
  });

  it('rejects a sha256 that does not return hex and a malformed head', () => {
    expect(() => appendToChain([fixedInput], null, () => 'not-hex')).toThrow(/64 lowercase hex/);
    expect(() => appendToChain([fixedInput], { seq: 0, hash: GENESIS_HASH }, sha256)).toThrow(/head/);
  });
});

const fixedInput: AuditEventInput = {
  eventId: '6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6',
  deviceId: asDeviceId('dev-ward-3a-01'),
  userId: asUserId('u-1001'),
  action: 'break-glass',
  patientId: asPatientId('0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f'),
  resourceType: 'Patient',
  resourceId: null,
  outcome: 'success',
  reason: 'Unresponsive patient in ED',
  detail: { ward: '3A', durationMin: 60 },
  recordedAt: '2026-11-23T10:00:00Z',
};
