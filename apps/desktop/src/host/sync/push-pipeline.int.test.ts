/**
 * A long outbox goes up in batches, and the next batch is sent as soon as the server has answered
 * one, while the workstation stores that answer. What a clinician relies on: every queued change
 * reaches the server exactly once and in the order it was made; a change the server could not
 * store this time is never overtaken by a later change (the rest waits for the next cycle); a
 * connection lost mid-way keeps what was not answered queued. The audit chain goes up the same way:
 * the next batch is read while the server stores one, and reaches it only after that one was taken.
 * The real encrypted store; the server is a scripted stand-in that checks the order it receives.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LanternError, unwrap, type AuditEventInput, type ChainedAuditEvent, type Mutation, type PullOutput, type PushOutput, type PushResult } from '@lantern/core';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { localSyncStore } from './local-sync-store.ts';
import type { ServerApi } from './server-api.ts';
import { SyncLoop } from './sync-loop.ts';

const BATCH = 500;
const patientId = '33333333-3333-4333-8333-333333333333';
let dir: string;
let store: LocalStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-push-pipeline-'));
  store = unwrap(await openStore({ path: join(dir, 'store.db'), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Queues `n` heart-rate creates, in order; returns their mutation ids in that order. */
function queue(n: number): string[] {
  const ids: string[] = [];
  const now = new Date().toISOString();
  store.db.write(() => {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const mutationId = randomUUID();
      ids.push(mutationId);
      const resource = {
        resourceType: 'Observation', id, status: 'final', subject: { reference: `Patient/${patientId}` }, effectiveDateTime: now,
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
        valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      };
      unwrap(store.applyLocalMutation({
        mutationId, deviceId: 'dev-1', userId: 'u-1', resourceType: 'Observation', resourceId: id, patientId, op: 'create',
        baseVersion: null, resource, createdAt: now,
      } as unknown as Mutation));
    }
  });
  return ids;
}

/** A server that answers each batch after `delayMs` and notes, per request, how much of the outbox was still queued when it arrived. */
class OrderCheckingServer implements ServerApi {
  readonly baseUrl = 'http://scripted';
  received: string[] = [];
  queuedAtArrival: number[] = [];
  /** Per request number (1-based): answer these mutations `rejected` with this code. */
  reject = new Map<number, { code: 'INTERNAL' | 'UNAVAILABLE'; first: number }>();
  /** Request number that fails as a lost connection. */
  dropRequest: number | null = null;
  requests = 0;
  constructor(private readonly queued: () => number, private readonly delayMs = 5) {}
  login = () => Promise.reject(new LanternError('UNAVAILABLE', 'not used'));
  refresh = () => Promise.reject(new LanternError('UNAVAILABLE', 'not used'));
  logout = () => Promise.resolve();
  scope = () => Promise.resolve({ careTeam: [], unit: [] });
  pull = (): Promise<PullOutput> => Promise.resolve({ changes: [], purgePatients: [], cursor: '1', hasMore: false, remaining: 0 });
  ingestAudit = (_t: string, input: { events: ChainedAuditEvent[] }) => Promise.resolve({ accepted: input.events.length });
  push = async (_t: string, input: { mutations: Mutation[] }): Promise<PushOutput> => {
    this.requests += 1;
    const n = this.requests;
    this.queuedAtArrival.push(this.queued());
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.dropRequest === n) throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
    const rejection = this.reject.get(n);
    const results: PushResult[] = input.mutations.map((m, i) => {
      if (rejection !== undefined && i === rejection.first) return { mutationId: m.mutationId, status: 'rejected', code: rejection.code, message: 'try again' };
      return { mutationId: m.mutationId, status: 'applied', version: '1' };
    });
    // What the server stores: only what it applied, in arrival order.
    this.received.push(...input.mutations.filter((_, i) => results[i]?.status === 'applied').map((m) => m.mutationId));
    return { results };
  };
}

function loopFor(server: ServerApi): SyncLoop {
  return new SyncLoop({
    store: localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() }),
    api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
    backoffBaseMs: 10, backoffMaxMs: 20,
  });
}

it('sends 1,300 queued changes exactly once and in order, each next batch while the last answer is stored', async () => {
  const ids = queue(1300);
  const server = new OrderCheckingServer(() => unwrap(store.outboxSize()));
  const loop = loopFor(server);
  await loop.runOnce();
  expect(server.received).toEqual(ids);
  expect(server.requests).toBe(3);
  // The second and third batches arrived while the batch before was still queued here (its answer not yet stored).
  expect(server.queuedAtArrival).toEqual([1300, 1300, 800]);
  expect(await loop.status()).toMatchObject({ pending: 0, lastError: null });
});

it('a change the server could not store this time is not overtaken: the next batch waits for the next cycle, then all goes in order', async () => {
  const ids = queue(1200);
  const server = new OrderCheckingServer(() => unwrap(store.outboxSize()));
  server.reject.set(1, { code: 'INTERNAL', first: 10 });
  const loop = loopFor(server);
  await loop.runOnce();
  // One request only: the 690 changes after the refused one were not sent behind its back.
  expect(server.requests).toBe(1);
  expect(server.received).toEqual([...ids.slice(0, 10), ...ids.slice(11, BATCH)]);
  expect(await loop.status()).toMatchObject({ pending: 701 });
  await loop.runOnce();
  expect(server.received.slice(BATCH - 1)).toEqual([ids[10], ...ids.slice(BATCH)]);
  expect(await loop.status()).toMatchObject({ pending: 0, lastError: null });
});

it('a connection lost on the next batch keeps it queued; the answered batch is stored; the next cycle finishes in order', async () => {
  const ids = queue(1100);
  const server = new OrderCheckingServer(() => unwrap(store.outboxSize()));
  server.dropRequest = 2;
  const loop = loopFor(server);
  await loop.runOnce();
  expect(server.received).toEqual(ids.slice(0, BATCH));
  expect(await loop.status()).toMatchObject({ pending: 600, online: false, lastError: 'Server unreachable' });
  await loop.runOnce();
  expect(server.received).toEqual(ids);
  expect(await loop.status()).toMatchObject({ pending: 0, lastError: null });
});

it('reads each next batch of the outbox while the server decides the one before, and sends it only after that answer', async () => {
  const ids = queue(1300);
  // Answers take long enough that a loaded machine still reads the next batch before one arrives.
  const server = new OrderCheckingServer(() => unwrap(store.outboxSize()), 80);
  const timeline: string[] = [];
  const push = server.push;
  server.push = async (t, input) => {
    const n = server.requests + 1;
    timeline.push(`send ${n}`);
    const out = await push(t, input);
    timeline.push(`answer ${n}`);
    return out;
  };
  const sync = localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() });
  const loop = new SyncLoop({
    store: {
      ...sync,
      pendingMutations: async (limit, after) => {
        const batch = await sync.pendingMutations(limit, after);
        timeline.push(`read ${timeline.filter((e) => e.startsWith('read')).length + 1}`);
        return batch;
      },
    },
    api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
  });
  await loop.runOnce();
  expect(server.received).toEqual(ids);
  const at = (e: string): number => timeline.indexOf(e);
  for (const n of [1, 2]) {
    // Batch n+1 was read while the server had batch n, and sent only after its answer.
    expect(at(`read ${n + 1}`)).toBeGreaterThan(at(`send ${n}`));
    expect(at(`read ${n + 1}`)).toBeLessThan(at(`answer ${n}`));
    expect(at(`send ${n + 1}`)).toBeGreaterThan(at(`answer ${n}`));
  }
  expect(timeline.filter((e) => e.startsWith('send'))).toHaveLength(3);
  expect(await loop.status()).toMatchObject({ pending: 0, lastError: null });
});

/** `n` chart-view events in the local chain; returns their seqs in order. */
function audit(n: number): number[] {
  const now = new Date().toISOString();
  const events = Array.from({ length: n }, (): AuditEventInput => ({
    eventId: randomUUID(), deviceId: 'dev-1', userId: 'u-1', action: 'chart-view', patientId, resourceType: null, resourceId: null,
    outcome: 'success', reason: null, detail: {}, recordedAt: now,
  } as unknown as AuditEventInput));
  return unwrap(store.appendAudit(events)).map((e) => e.seq);
}

it('uploads an audit chain of 12,000 events once and in chain order, reading each next batch while the server stores the one before', async () => {
  const seqs = audit(12_000);
  const server = new OrderCheckingServer(() => 0);
  const timeline: string[] = [];
  const received: number[] = [];
  let failOn: number | null = null;
  server.ingestAudit = async (_t, input) => {
    const n = received.length / 5000 + 1;
    timeline.push(`send ${n}`);
    await new Promise((r) => setTimeout(r, 20));
    if (failOn === n) throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
    received.push(...input.events.map((e) => e.seq));
    timeline.push(`answer ${n}`);
    return { accepted: input.events.length };
  };
  const sync = localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() });
  const reads: number[] = [];
  const loop = new SyncLoop({
    store: { ...sync, unsentAuditEvents: (limit, after) => { timeline.push(`read after ${after ?? 0}`); reads.push(after ?? 0); return sync.unsentAuditEvents(limit, after); } },
    api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
  });
  failOn = 2;
  await loop.runOnce();
  // The second batch failed: only the first was taken; nothing after it is marked sent.
  expect(received).toEqual(seqs.slice(0, 5000));
  expect(unwrap(store.listUnsentAudit(20_000)).map((e) => e.seq)).toEqual(seqs.slice(5000));
  failOn = null;
  timeline.length = 0;
  await loop.runOnce();
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
  // Each next batch was read while the one before was with the server, and sent only after its answer.
  expect(timeline).toEqual(['read after 0', 'send 2', 'read after 10000', 'answer 2', 'send 3', 'answer 3']);
});

it('"sync now" while a scheduled cycle runs (and another was asked for) waits for them: never two cycles at once', async () => {
  queue(10);
  const server = new OrderCheckingServer(() => unwrap(store.outboxSize()), 30);
  let inFlight = 0;
  let most = 0;
  const pull = server.pull;
  server.pull = async () => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 30));
    inFlight -= 1;
    return pull();
  };
  const loop = loopFor(server);
  loop.start();
  loop.kick();
  await loop.runOnce();
  await loop.stop();
  expect(most).toBe(1);
  expect(server.received).toHaveLength(10);
});
