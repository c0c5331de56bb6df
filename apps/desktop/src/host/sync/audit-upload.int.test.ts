/**
 * The workstation's audit chain goes up in batches of 5,000, in chain order, one request at a time.
 * The host's own bookkeeping (reading the next batch, marking the answered one sent) happens while
 * the server stores a batch, never between an answer and the next request. What a privacy officer
 * relies on: every event reaches the server once and in order, an event the server took is marked
 * sent even when a later batch fails, and a failed batch and everything after it stay to be sent again.
 * The real encrypted store; the server is a scripted stand-in that notes what happens when.
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
  /** Request number that fails as a lost connection. */
  failOn: number | null;
}

/** A loop over the real store whose audit reads and marks, and the server's sends and answers, go on one timeline. */
function setUp(script: Script) {
  const timeline: string[] = [];
  const received: number[] = [];
  let requests = 0;
  const server: ServerApi = {
    baseUrl: 'http://scripted', login: noServer, refresh: noServer, logout: () => Promise.resolve(),
    scope: () => Promise.resolve({ careTeam: [], unit: [] }),
    push: () => Promise.resolve({ results: [] }),
    pull: () => Promise.resolve({ changes: [], purgePatients: [], cursor: '1', hasMore: false, remaining: 0 }),
    ingestAudit: async (_t: string, input: { events: ChainedAuditEvent[] }) => {
      requests += 1;
      const n = requests;
      timeline.push(`send ${n}`);
      await new Promise((r) => setTimeout(r, 30));
      if (script.failOn === n) throw new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
      received.push(...input.events.map((e) => e.seq));
      timeline.push(`answer ${n}`);
      return { accepted: input.events.length };
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

it('sends 12,000 events once and in chain order, one batch at a time; each answered batch is marked sent while the next one is with the server', async () => {
  const seqs = audit(12_000);
  const { loop, timeline, received } = setUp({ failOn: null });
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
});

it('a failed batch leaves it and everything after it unsent, but the batch answered before it stays marked; the next cycle sends the rest once', async () => {
  const seqs = audit(12_000);
  const script: Script = { failOn: 3 };
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

