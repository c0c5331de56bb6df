/**
 * The server's fast audit hashing must give exactly core's hashes: a workstation's chain hashed by
 * core verifies on the server, and a central chain written with it verifies with core.
 */
import { randomUUID } from 'node:crypto';
import { appendToChain, hashAuditEvent, verifyAuditChain, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto.ts';
import { auditEventHash, ChainFollower, frameOf, framePrepared, frameWithExtraDetail, hashPrepared, prepareAuditEvent, prepareWithExtraDetail, verifyChain } from './audit-hash.ts';

/** Deterministic pseudo-random source, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const AWKWARD = ['', 'plain', 'tab\there', 'line\nbreak', 'quote"and\\slash', 'é accent', '😀 surrogate', '\u2028sep', 'ctrl\u0001', 'Zed', '_under', 'a', 'A', 'ä', '10', '9'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1.5e-7, 123456789012, Number.MAX_SAFE_INTEGER];

function event(r: () => number, i: number): AuditEventInput {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const detail: Record<string, string | number | boolean | null> = {};
  const n = Math.floor(r() * 7);
  for (let k = 0; k < n; k++) {
    const kind = Math.floor(r() * 4);
    detail[pick(AWKWARD) + (r() < 0.3 ? String(k) : '')] = kind === 0 ? pick(AWKWARD) : kind === 1 ? pick(NUMBERS) : kind === 2 ? r() < 0.5 : null;
  }
  return {
    eventId: randomUUID(),
    deviceId: randomUUID() as AuditEventInput['deviceId'],
    userId: randomUUID() as AuditEventInput['userId'],
    action: pick(['chart-view', 'resource-read', 'search', 'login', 'break-glass'] as const),
    patientId: (r() < 0.3 ? null : randomUUID()) as AuditEventInput['patientId'],
    resourceType: r() < 0.5 ? null : pick(['Observation', 'Patient', 'é"\\']),
    resourceId: r() < 0.5 ? null : pick(AWKWARD),
    outcome: pick(['success', 'denied', 'failure'] as const),
    reason: r() < 0.5 ? null : pick(AWKWARD),
    detail,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + i * 997).toISOString(),
  };
}

describe('server audit hashing', () => {
  it("hashes every event exactly as core's hashAuditEvent does", () => {
    const r = rng(17);
    const chain = appendToChain(Array.from({ length: 2000 }, (_, i) => event(r, i)), null, sha256Hex);
    for (const e of chain) {
      const { hash, ...unhashed } = e;
      expect(auditEventHash(unhashed)).toBe(hash);
      expect(hashAuditEvent(unhashed, sha256Hex)).toBe(hash);
      expect(hashPrepared(prepareAuditEvent(e), e.seq, e.prevHash)).toBe(hash);
    }
  });

  it("verifies as core's verifyAuditChain does, naming the same first bad event", () => {
    const r = rng(5);
    const chain = appendToChain(Array.from({ length: 300 }, (_, i) => event(r, i)), { seq: 41, hash: 'a'.repeat(64) }, sha256Hex);
    expect(verifyChain(chain, { seq: 41, hash: 'a'.repeat(64) })).toEqual(verifyAuditChain(chain, sha256Hex, { seq: 41, hash: 'a'.repeat(64) }));
    const tampers: ((c: ChainedAuditEvent[]) => ChainedAuditEvent[])[] = [
      (c) => c.map((e, i) => (i === 120 ? { ...e, detail: { ...e.detail, extra: 1 } } : e)),
      (c) => c.map((e, i) => (i === 7 ? { ...e, recordedAt: '2026-01-01T00:00:00.001Z' } : e)),
      (c) => c.filter((_, i) => i !== 50),
      (c) => c.map((e, i) => (i === 200 ? { ...e, prevHash: 'b'.repeat(64) } : e)),
      (c) => c.map((e, i) => (i === 0 ? { ...e, reason: 'changed' } : e)),
    ];
    for (const tamper of tampers) {
      const bad = tamper(chain);
      const mine = verifyChain(bad, { seq: 41, hash: 'a'.repeat(64) });
      expect(mine.ok).toBe(false);
      expect(mine).toEqual(verifyAuditChain(bad, sha256Hex, { seq: 41, hash: 'a'.repeat(64) }));
    }
    expect(verifyChain(chain)).toMatchObject({ ok: false, index: 0, reason: 'seq-gap' });
  });

  it('prepares an event with detail keys added as if they had been added to the event', () => {
    const r = rng(23);
    const chain = appendToChain(Array.from({ length: 1500 }, (_, i) => event(r, i)), null, sha256Hex);
    for (const e of chain) {
      // Keys that sort before, among and after the added ones; a device that sends one of them is overridden.
      const extra: Record<string, string | number | boolean | null> = { 'ingest.deviceSeq': e.seq, 'ingest.deviceHash': e.hash, 'ingest.from': r() < 0.5 ? '127.0.0.1' : 'tab\there', 'ingest.verified': r() < 0.5, 'ingest.receivedAt': '2026-12-04T10:00:00.000Z' };
      const own = r() < 0.2 ? { ...e, detail: { ...e.detail, 'ingest.from': 'forged', 'ingest.z': 1, 'ingest.a': null } } : e;
      const keys = Object.keys(extra).sort();
      expect(prepareWithExtraDetail(own, keys, extra)).toEqual(prepareAuditEvent({ ...own, detail: { ...own.detail, ...extra } }));
    }
  });

  it('follows a chain one event at a time with the same answer and first bad event as verifyChain, every event after a break unverified', () => {
    const r = rng(11);
    const start = { seq: 9, hash: 'c'.repeat(64) };
    const chain = appendToChain(Array.from({ length: 200 }, (_, i) => event(r, i)), start, sha256Hex);
    const tampers: ((c: ChainedAuditEvent[]) => ChainedAuditEvent[])[] = [
      (c) => c,
      (c) => c.map((e, i) => (i === 0 ? { ...e, detail: { ...e.detail, extra: true } } : e)),
      (c) => c.map((e, i) => (i === 77 ? { ...e, userId: 'someone-else' as ChainedAuditEvent['userId'] } : e)),
      (c) => c.filter((_, i) => i !== 120),
      (c) => c.map((e, i) => (i === 150 ? { ...e, prevHash: 'd'.repeat(64) } : e)),
      (c) => c.map((e, i) => (i === 199 ? { ...e, hash: 'e'.repeat(64) } : e)),
    ];
    for (const tamper of tampers) {
      const events = tamper(chain);
      const expected = verifyChain(events, start);
      const follower = new ChainFollower(start);
      const verified = events.map((e) => follower.next(e, framePrepared(frameOf(e))));
      expect(follower.result()).toEqual(expected);
      const good = expected.ok ? events.length : expected.index;
      expect(verified).toEqual(events.map((_, i) => i < good));
    }
    expect(new ChainFollower(null).result()).toEqual({ ok: true, head: null });
  });

  it("one frame gives both the device's text and the central one", () => {
    const r = rng(31);
    const extra = { 'ingest.deviceSeq': 3, 'ingest.from': '::1', 'ingest.verified': false };
    const keys = Object.keys(extra).sort();
    for (let i = 0; i < 500; i++) {
      const e = event(r, i);
      const frame = frameOf(e);
      expect(framePrepared(frame)).toEqual(prepareAuditEvent(e));
      expect(frameWithExtraDetail(frame, keys, extra)).toEqual(prepareAuditEvent({ ...e, detail: { ...e.detail, ...extra } }));
    }
  });
});
