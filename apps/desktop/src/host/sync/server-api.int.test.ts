/**
 * The workstation's server client against the real sync server (embedded Postgres, the server's own
 * test harness): the typed tRPC client reaches every procedure the sync loop and sign-in use, with the
 * spellings the server actually has, and each refusal arrives as the LanternError code a clinician's
 * screen acts on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanternError, newMutation, unwrap, type Observation } from '@lantern/core';
// The server's harness, for tests only: the host itself imports nothing of the server but its router type.
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients } from '../../../../sync-server/src/testing/fixtures.ts';
import { ephemeralDeviceKey } from '../session/device-key.ts';
import { createServerApi, type ServerApi } from './server-api.ts';

let pg: TestPostgres;
let server: TestServer;
let careTeam: string[];
const deviceId = randomUUID();
let api: ServerApi;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false });
  careTeam = (await demoPatients(server)).careTeam;
  api = createServerApi({ baseUrl: server.url, device: ephemeralDeviceKey(deviceId), timeoutMs: 30_000 });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const refusalOf = async (p: Promise<unknown>): Promise<LanternError> => {
  const e: unknown = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof LanternError)) throw new Error(`expected a LanternError, got ${String(e)}`);
  return e;
};

describe('server-api against the real server', () => {
  it('signs in with the device proof, learns its scope, pushes a vitals reading and pulls it back', async () => {
    const login = await api.login({ username: 'dr.ada', password: 'lantern-demo', deviceId });
    expect(login.user).toMatchObject({ username: 'dr.ada', role: 'physician' });
    expect(login.user.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(login.refreshToken).not.toBeNull();
    expect(login.offlineGrant?.token).toBeTruthy();
    expect(Date.parse(login.offlineGrant?.expiresAt ?? '')).toBeGreaterThan(Date.now());

    const scope = await api.scope(login.accessToken);
    expect(scope.careTeam.sort()).toEqual([...careTeam].sort());

    const patientId = careTeam[0] ?? '';
    const obs: Observation = {
      resourceType: 'Observation', id: randomUUID(), status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: `Patient/${patientId}` }, effectiveDateTime: new Date().toISOString(),
      valueQuantity: { value: 88, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    const m = unwrap(newMutation({ mutationId: randomUUID(), deviceId, userId: login.user.userId, createdAt: new Date(), patientId, op: 'create', resource: obs }));
    const pushed = await api.push(login.accessToken, { deviceId, mutations: [m] });
    expect(pushed.results).toEqual([expect.objectContaining({ mutationId: m.mutationId, status: 'applied', version: '1' })]);

    let cursor: string | null = null;
    const seen: string[] = [];
    for (let page = 0; page < 50; page++) {
      const out = await api.pull(login.accessToken, { cursor, limit: 500 });
      seen.push(...out.changes.map((c) => c.resourceId));
      cursor = out.cursor;
      if (!out.hasMore) break;
    }
    expect(seen).toContain(obs.id);
  }, 120_000);

  it('a refresh token works once: rotated, the old one is refused as UNAUTHENTICATED', async () => {
    const login = await api.login({ username: 'rn.ben', password: 'lantern-demo', deviceId });
    const first = login.refreshToken ?? '';
    const rotated = await api.refresh(first);
    expect(rotated.refreshToken).not.toBe(first);
    expect(rotated.user.username).toBe('rn.ben');
    expect((await refusalOf(api.refresh(first))).code).toBe('UNAUTHENTICATED');
  }, 60_000);

  it('a wrong password is UNAUTHENTICATED with the server message, and no token is needed to say so', async () => {
    const e = await refusalOf(api.login({ username: 'dr.ada', password: 'not-the-password', deviceId }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).not.toMatch(/HTTP|trpc/i);
  }, 60_000);

  it('a call with no valid token is UNAUTHENTICATED; a role the policy refuses is FORBIDDEN', async () => {
    expect((await refusalOf(api.scope('not-a-token'))).code).toBe('UNAUTHENTICATED');
    const billing = await api.login({ username: 'billing.cy', password: 'lantern-demo', deviceId });
    const refused = await refusalOf(api.breakGlass?.(billing.accessToken, { patientId: careTeam[0] ?? '', reason: 'Unresponsive in the ED, no records' }) ?? Promise.resolve());
    expect(refused.code).toBe('FORBIDDEN');
  }, 60_000);

  it('a server that is not there is UNAVAILABLE (the workstation goes offline), not an error to show', async () => {
    const gone = createServerApi({ baseUrl: 'http://127.0.0.1:9', device: ephemeralDeviceKey(deviceId), timeoutMs: 5_000 });
    expect((await refusalOf(gone.scope('t'))).code).toBe('UNAVAILABLE');
  }, 30_000);
});
