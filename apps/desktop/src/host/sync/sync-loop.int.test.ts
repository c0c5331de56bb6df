import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LanternError, PullOutputSchema, unwrap, type ChainedAuditEvent, type Mutation, type PullOutput, type PushOutput } from '@lantern/core';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { localAuditSink } from '../session/local-audit-sink.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { localSyncStore } from './local-sync-store.ts';
import type { ServerApi } from './server-api.ts';
import { SyncLoop } from './sync-loop.ts';

/**
 * The loop against the real encrypted store and a scripted server: the server is the only stand-in,
 * so what the store ends up holding (outbox, audit "sent" marks, cursor) is real.
 */
let dir: string;
let store: LocalStore;
const patientId = '22222222-2222-4222-8222-222222222222';

class ScriptedServer implements ServerApi {
  readonly baseUrl = 'http://scripted';
  up = true;
  pushed: Mutation[] = [];
  ingested: ChainedAuditEvent[] = [];
  #down = () => new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
  login = () => Promise.reject(this.#down());
  refresh = () => Promise.reject(this.#down());
  logout = () => Promise.resolve();
  scope = () => Promise.resolve({ careTeam: [], unit: [] });
  push = (_t: string, input: { mutations: Mutation[] }): Promise<PushOutput> => {
    if (!this.up) return Promise.reject(this.#down());
    this.pushed.push(...input.mutations);
    return Promise.resolve({ results: input.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, version: '1' })) });
  };
  pull = (): Promise<PullOutput> => (this.up ? Promise.resolve({ changes: [], purgePatients: [], cursor: '7', hasMore: false, remaining: 0 }) : Promise.reject(this.#down()));
  ingestAudit = (_t: string, input: { events: ChainedAuditEvent[] }) => {
    if (!this.up) return Promise.reject(this.#down());
    this.ingested.push(...input.events);
    return Promise.resolve({ accepted: input.events.length });
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-sync-'));
  store = unwrap(await openStore({ path: join(dir, 'store.db'), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function recordVitals(userId = 'u-1'): void {
  const now = new Date();
  for (const obs of buildVitalsObservations({ patientId, heartRate: 88, spo2: 96 }, { uuid: randomUUID, now, performer: { display: 'RN' } })) {
    unwrap(store.applyLocalMutation({
      mutationId: randomUUID(), deviceId: 'dev-1', userId, resourceType: 'Observation', resourceId: obs.id ?? '', patientId, op: 'create',
      baseVersion: null, resource: obs as unknown as Mutation['resource'], createdAt: now.toISOString(),
    } as unknown as Mutation));
  }
}

describe('sync loop', () => {
  it('offline: keeps every write queued and only the status changes; back online: drains the outbox and uploads the audit chain', async () => {
    const server = new ScriptedServer();
    const audit = localAuditSink(store, { deviceId: 'dev-1', uuid: randomUUID, now: () => new Date() });
    const loop = new SyncLoop({
      store: localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() }),
      api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
    });
    server.up = false;
    recordVitals();
    await audit.record({ userId: 'u-1', action: 'chart-view', outcome: 'success', patientId });
    await loop.runOnce();
    let status = await loop.status();
    expect(status).toMatchObject({ online: false, pending: 2, lastError: 'Server unreachable', lastSyncAt: null });
    expect(unwrap(store.listUnsentAudit(10))).toHaveLength(1);
    // The chart still reads the queued vitals, marked as not yet synced.
    expect(unwrap(store.latestVitals(patientId)).every((v) => v.pendingSync)).toBe(true);

    server.up = true;
    await loop.runOnce();
    status = await loop.status();
    expect(status).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(status.lastSyncAt).not.toBeNull();
    expect(server.pushed).toHaveLength(2);
    expect(server.ingested.map((e) => e.action)).toEqual(['chart-view']);
    expect(unwrap(store.listUnsentAudit(10))).toHaveLength(0);
    expect(unwrap(store.latestVitals(patientId)).some((v) => v.pendingSync)).toBe(false);
    expect(unwrap(store.getCursor('pull:u-1'))).toBe('7');
  });

  it("pushes only the signed-in user's edits; another user's stay queued (never pushed under the wrong name)", async () => {
    const server = new ScriptedServer();
    recordVitals('u-2');
    recordVitals('u-1');
    const loop = new SyncLoop({
      store: localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() }),
      api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
    });
    await loop.runOnce();
    expect(server.pushed.every((m) => m.userId === 'u-1')).toBe(true);
    expect(server.pushed).toHaveLength(2);
    // Pending is the signed-in user's own (all sent); u-2's two wait apart for u-2's next sign-in.
    expect(await loop.status()).toMatchObject({ pending: 0, pendingOtherUsers: 2 });
  });

  it('retries a failed cycle with backoff, not in a tight loop', async () => {
    const server = new ScriptedServer();
    server.up = false;
    let pulls = 0;
    const countingPull = server.pull;
    server.pull = () => {
      pulls += 1;
      return countingPull();
    };
    const loop = new SyncLoop({
      store: localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() }),
      api: server, deviceId: 'dev-1', auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1' },
      backoffBaseMs: 100, backoffMaxMs: 400, random: () => 1,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 1000));
    await loop.stop();
    // Delays 100, 200, 400, 400 ... : about 4-5 attempts in a second, never hundreds.
    expect(pulls).toBeGreaterThanOrEqual(3);
    expect(pulls).toBeLessThanOrEqual(6);
  });

  it('a pull that brings a patient record (a care team assigned, a merge) asks the server for the user\'s scope again; the first pull and pulls without patients do not', async () => {
    const server = new ScriptedServer();
    const patient = { resourceType: 'Patient', id: patientId, meta: { versionId: '1', lastUpdated: new Date().toISOString() } };
    let next: PullOutput = { changes: [], purgePatients: [], cursor: '7', hasMore: false, remaining: 0 };
    server.pull = () => Promise.resolve(next);
    let scopeRefreshes = 0;
    const loop = new SyncLoop({
      store: localSyncStore(store, { userId: () => 'u-1', uuid: randomUUID, now: () => new Date() }),
      api: server, deviceId: 'dev-1',
      auth: { canSync: () => true, accessToken: () => 'token', refresh: () => Promise.resolve(false), userId: 'u-1', refreshScope: () => { scopeRefreshes += 1; return Promise.resolve(); } },
    });
    await loop.runOnce();
    expect(scopeRefreshes).toBe(0);
    await loop.runOnce();
    expect(scopeRefreshes).toBe(0);
    next = {
      changes: [PullOutputSchema.shape.changes.element.parse({ seq: '8', resourceType: 'Patient', resourceId: patientId, patientId, version: '1', resource: patient, lastUpdated: patient.meta.lastUpdated })],
      purgePatients: [], cursor: '8', hasMore: false, remaining: 0,
    };
    await loop.runOnce();
    expect(scopeRefreshes).toBe(1);
  });
});
