/**
 * Ingest's event check gives core's schema's answer: what it accepts the schema accepts with the
 * same value, and a bad event is refused with the schema's issues at the same paths.
 */
import { randomUUID } from 'node:crypto';
import { appendToChain, ChainedAuditEventSchema, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sha256Hex } from '../crypto.ts';
import { ingestEventsSchema, isPlainChainedEvent } from './audit-ingest-event.ts';

const Batch = z.object({ events: ingestEventsSchema(5000, 'at most 5000') });

const chain: ChainedAuditEvent[] = appendToChain(
  Array.from({ length: 4 }, (_, i): AuditEventInput => ({
    eventId: randomUUID(), deviceId: 'dev-1' as AuditEventInput['deviceId'], userId: randomUUID() as AuditEventInput['userId'],
    action: i % 2 === 0 ? 'chart-view' : 'search', patientId: (i === 3 ? null : randomUUID()) as AuditEventInput['patientId'],
    resourceType: i === 1 ? 'Observation' : null, resourceId: i === 1 ? 'obs-1' : null, outcome: 'success', reason: i === 2 ? 'why' : null,
    detail: i === 1 ? { resourceType: 'Observation', count: 12, exact: true, none: null } : { tab: 'summary' },
    recordedAt: new Date(Date.UTC(2026, 11, 4, 10, 0, i)).toISOString(),
  })),
  null,
  sha256Hex,
);
const base = chain[1] as ChainedAuditEvent;
/** The event as it arrives: parsed from JSON text. */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Each field set to values on both sides of the schema's rules (and a missing key, and extra ones). */
const VARIANTS: Record<string, unknown[]> = {
  eventId: ['', 'not-a-uuid', randomUUID().toUpperCase(), '00000000-0000-0000-0000-000000000000', '12345678-1234-9234-8234-123456789012', 7, null],
  deviceId: ['', 'd', 'x'.repeat(128), 'x'.repeat(129), 1, null],
  userId: ['', 'u', 'x'.repeat(128), 'x'.repeat(129), false],
  action: ['chart-view', 'break-glass', 'delete-everything', '', null],
  patientId: [null, randomUUID(), 'abc', '', 3],
  resourceType: [null, '', 'x'.repeat(64), 'x'.repeat(65), 5],
  resourceId: [null, 'x'.repeat(64), 'x'.repeat(65), {}],
  outcome: ['success', 'denied', 'failure', 'maybe', null],
  reason: [null, '', 'x'.repeat(1000), 'x'.repeat(1001), []],
  detail: [{}, { a: 'b', n: -1.5e-7, t: true, z: null }, { nested: { a: 1 } }, { list: [1] }, [], null, 'text', { big: 1e308 }],
  recordedAt: ['2026-12-04T10:00:00Z', '2026-12-04T10:00:00.123+05:30', '2026-12-04T10:00:00', '2026-12-04', '2026-13-04T10:00:00Z', 'yesterday', 0, '2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2024-02-29T10:00:00Z', '2026-12-31T23:59:60Z', '2026-12-31T23:59:60.5Z', '2026-04-31T00:00:00-13:59'],
  seq: [1, 2 ** 53 - 1, 2 ** 53, 0, -1, 1.5, '2', null],
  prevHash: ['0'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64), '', null],
  hash: ['f'.repeat(64), 'F'.repeat(64), 'a'.repeat(65), 1],
};

function cases(): unknown[] {
  const out: unknown[] = chain.map(wire);
  for (const [key, values] of Object.entries(VARIANTS)) {
    for (const v of values) out.push({ ...(wire(base) as object), [key]: v });
    const { [key]: _dropped, ...missing } = wire(base) as Record<string, unknown>;
    out.push(missing);
  }
  out.push({ ...(wire(base) as object), extra: 'stripped by the schema' });
  out.push(JSON.parse(JSON.stringify(base).replace('"detail":{', '"detail":{"__proto__":{"x":1},')));
  out.push(JSON.parse(JSON.stringify(base).replace('"detail":{', '"__proto__":"p","detail":{')));
  out.push(Object.assign(Object.create(null) as object, wire(base)));
  out.push(null, [], 'event', 42, [wire(base)]);
  return out;
}

describe('audit ingest event check', () => {
  it("accepts only what core's schema accepts, with the same value, and refuses with the schema's issues", () => {
    let fast = 0;
    for (const c of cases()) {
      const mine = Batch.safeParse({ events: [c] });
      const theirs = z.object({ events: z.array(ChainedAuditEventSchema) }).safeParse({ events: [c] });
      expect(mine.success, JSON.stringify(c)?.slice(0, 200)).toBe(theirs.success);
      if (isPlainChainedEvent(c)) {
        fast++;
        expect(theirs.success).toBe(true);
      }
      if (mine.success && theirs.success) expect(mine.data).toEqual(theirs.data);
      if (!mine.success && !theirs.success) {
        expect(mine.error.issues.map((i) => [i.path, i.message])).toEqual(theirs.error.issues.map((i) => [i.path, i.message]));
      }
    }
    // The check itself answers for the well-formed events (else the schema would be doing all the work).
    expect(fast).toBeGreaterThan(chain.length + 20);
  });

  it('names the bad field of the bad event inside a batch', () => {
    const events = chain.map(wire);
    events[2] = { ...(events[2] as object), eventId: 'not-a-uuid' };
    const r = Batch.safeParse({ events });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toEqual(['events.2.eventId']);
    expect(Batch.safeParse({ events: [] }).success).toBe(false);
    // A prevHash is taken as checked only when it repeats a hash that passed: a bad hash repeated as the next prevHash is refused twice.
    const repeated = chain.map(wire) as Record<string, unknown>[];
    repeated[1] = { ...repeated[1], hash: 'A'.repeat(64) };
    repeated[2] = { ...repeated[2], prevHash: 'A'.repeat(64) };
    const twice = Batch.safeParse({ events: repeated });
    expect(twice.success ? [] : twice.error.issues.map((i) => i.path.join('.'))).toEqual(['events.1.hash', 'events.2.prevHash']);
    expect(Batch.safeParse({ events: chain.map(wire) })).toEqual({ success: true, data: { events: chain } });
  });
});
