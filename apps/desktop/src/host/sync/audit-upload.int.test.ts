/**
 * The workstation's audit chain goes up in batches of 5,000, in chain order. The host's own
 * bookkeeping (marking the answered batch sent, reading the next) happens while the server stores
 * a batch, never between an answer and the next request; with a server that checks `after`, the
 * next batch is already there, sent behind the one before. What a privacy officer relies on: every
 * event reaches the server once and in order, an event the server took is marked sent even when a
 * later batch fails, a failed batch and everything after it stay to be sent again, and a batch
 * the server refused for arriving first goes again in order.
 * The real encrypted store; the server is a scripted stand-in that notes what happens when, and
 * (like audit.ingest) stores a batch sent behind another only right after it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LanternError, unwrap, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { localSyncStore } from './local-sync-store.ts';
import type { ServerApi } from './server-api.ts';
import { SyncLoop } from './sync-loop.ts';

const patientId = '33333333-3333-4333-8333-333333333333';
let dir: string;
let store: LocalStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-audit-upload-'));
  store = unwrap(await openStore({ path: join(dir, 'store.db'), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
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

const noServer = () => Promise.reject(new LanternError('UNAVAILABLE', 'not used'));

interface Script {
  /** Answer as a server that checks `after` (audit.ingest today) or as one that ignores it. */
  checksAfter: boolean;
  /** Request number that fails as a lost connection. */
  failOn: number | null;
  /** Request number held back before it reaches the device head, so the one behind it gets there first. */
  slowOn: number | null;
}

/**
 * A loop over the real store whose audit reads and marks, and the server's sends and answers, go
 * on one timeline. The server takes requests in parallel and stores them one at a time (the device
 * head's lock), in the order they reach it.
 */
function setUp(script: Script) {
  const timeline: string[] = [];
  const received: number[] = [];
  let requests = 0;
  let head = 0;
  let lock: Promise<unknown> = Promise.resolve();
  const server: ServerApi = {
    baseUrl: 'http://scripted', login: noServer, refresh: noServer, logout: () => Promise.resolve(),
    scope: () => Promise.resolve({ careTeam: [], unit: [] }),
    push: () => Promise.resolve({ results: [] }),
    pull: () => Promise.resolve({ changes: [], purgePatients: [], cursor: '1', hasMore: false, remaining: 0 }),
    ingestAudit: async (_t: string, input: { events: ChainedAuditEvent[]; after?: { seq: number; hash: string } }) => {
      requests += 1;
      const n = requests;
      timeline.push(input.after === undefined ? `send ${n}` : `send ${n} behind ${input.after.seq}`);
      await new Promise((r) => setTimeout(r, script.slowOn === n ? 300 : 10));
      const turn = lock.then(async () => {
        await new Promise((r) => setTimeout(r, 20));
        if (script.failOn === n) throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
        if (script.checksAfter && input.after !== undefined && input.after.seq !== head) {
          timeline.push(`refuse ${n}`);
          throw new LanternError('VERSION_MISMATCH', 'not the head: nothing was stored', { issues: [{ path: 'after', message: String(head) }] });
        }
        const fresh = input.events.filter((e) => e.seq > head);
        received.push(...fresh.map((e) => e.seq));
        head = Math.max(head, input.events[input.events.length - 1]?.seq ?? 0);
        timeline.push(`answer ${n}`);
        return script.checksAfter ? { accepted: fresh.length, checksAfter: true } : { accepted: fresh.length };
      });
      lock = turn.catch(() => undefined);
      return turn;
    },
  };
  const sync = localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() });
  const loop = new SyncLoop({
    store: {
      ...sync,
      unsentAuditEvents: (limit, after) => {
        timeline.push(`read after ${after ?? 0}`);
        return sync.unsentAuditEvents(limit, after);
      },
      markAuditSent: (through) => {
        timeline.push(`mark through ${through}`);
        return sync.markAuditSent(through);
      },
    },
    api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
  });
  return { loop, timeline, received, requests: () => requests };
}

it('to a server that ignores `after`: sends 12,000 events once and in chain order, one batch at a time; each answered batch is marked sent while the next one is with the server', async () => {
  const seqs = audit(12_000);
  const { loop, timeline, received } = setUp({ checksAfter: false, failOn: null, slowOn: null });
  await loop.runOnce();
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
  // Between an answer and the next request nothing of the host's runs: the read of batch 3 and the
  // mark of batch 1 happen while batch 2 is with the server (the stand-in's timing decides which side of each other).
  const at = (x: string) => timeline.indexOf(x);
  expect(timeline[at('answer 1') + 1]).toBe('send 2');
  expect(timeline[at('answer 2') + 1]).toBe('send 3');
  expect(at('mark through 5000')).toBeGreaterThan(at('send 2'));
  expect(at('read after 10000')).toBeGreaterThan(at('send 2'));
  expect(at('mark through 10000')).toBeGreaterThan(at('send 3'));
  expect(timeline.at(-1)).toBe('mark through 12000');
  expect(timeline.filter((x) => x.startsWith('send')).every((x) => !x.includes('behind'))).toBe(true);
});

it('a failed batch leaves it and everything after it unsent, but the batch answered before it stays marked; the next cycle sends the rest once', async () => {
  const seqs = audit(12_000);
  const script: Script = { checksAfter: false, failOn: 3, slowOn: null };
  const { loop, timeline, received, requests } = setUp(script);
  await loop.runOnce();
  expect(received).toEqual(seqs.slice(0, 10_000));
  expect(unwrap(store.listUnsentAudit(20_000)).map((e) => e.seq)).toEqual(seqs.slice(10_000));
  expect(timeline.slice(-2)).toEqual(['send 3', 'mark through 10000']);
  expect(await loop.status()).toMatchObject({ lastError: 'Server unreachable' });
  script.failOn = null;
  await loop.runOnce();
  expect(requests()).toBe(4);
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
});

it('to a server that checks `after`: each next batch is sent behind the one in flight; 22,000 events arrive once and in chain order', async () => {
  const seqs = audit(22_000);
  const { loop, timeline, received } = setUp({ checksAfter: true, failOn: null, slowOn: null });
  await loop.runOnce();
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
  // The first answer says the server checks `after`; from then on each batch leaves before the one ahead of it is answered.
  const at = (x: string) => timeline.indexOf(x);
  expect(timeline[at('answer 1') + 1]).toBe('send 2');
  expect(at('send 3 behind 10000')).toBeLessThan(at('answer 2'));
  expect(at('send 4 behind 15000')).toBeLessThan(at('answer 3'));
  expect(at('send 5 behind 20000')).toBeLessThan(at('answer 4'));
  expect(timeline.filter((x) => x.startsWith('send'))).toHaveLength(5);
  expect(timeline.filter((x) => x.startsWith('mark'))).toEqual(['mark through 5000', 'mark through 10000', 'mark through 15000', 'mark through 20000', 'mark through 22000']);
});

it('a batch that reached the server before the one it was sent behind is refused there and sent again in order; nothing is lost or doubled', async () => {
  const seqs = audit(22_000);
  const { loop, timeline, received } = setUp({ checksAfter: true, failOn: null, slowOn: 3 });
  await loop.runOnce();
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
  expect(timeline).toContain('refuse 4');
  // Refused (and 5, sent behind it, with it); once 3 was answered, 4 went again alone, then 5 behind it as before.
  const after = timeline.slice(timeline.indexOf('refuse 4'));
  const resent = after.findIndex((x) => x.startsWith('send') && !x.includes('behind'));
  expect(resent).toBeGreaterThan(after.indexOf('answer 3'));
  expect(after.slice(resent).filter((x) => x.startsWith('send') || x.startsWith('refuse'))).toEqual(['send 6', 'send 7 behind 20000']);
  expect(await loop.status()).toMatchObject({ lastError: null });
});

it('a failed batch leaves the one sent behind it unstored and both unsent; the batches answered before stay marked', async () => {
  const seqs = audit(22_000);
  const script: Script = { checksAfter: true, failOn: 3, slowOn: null };
  const { loop, timeline, received } = setUp(script);
  await loop.runOnce();
  expect(received).toEqual(seqs.slice(0, 10_000));
  // 3 failed; 4, sent behind it, was refused (and waited for: nothing is left outstanding); nothing after 2 was marked.
  expect(timeline.at(-1)).toBe('refuse 4');
  expect(timeline.filter((x) => x.startsWith('mark'))).toEqual(['mark through 5000', 'mark through 10000']);
  expect(unwrap(store.listUnsentAudit(30_000)).map((e) => e.seq)).toEqual(seqs.slice(10_000));
  script.failOn = null;
  await loop.runOnce();
  expect(received).toEqual(seqs);
  expect(unwrap(store.listUnsentAudit(10))).toEqual([]);
});
