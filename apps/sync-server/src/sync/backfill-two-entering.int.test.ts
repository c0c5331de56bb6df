/**
 * Several patients entering a workstation's scope at once after its first sync (a care-team
 * assignment of two patients, two walk-ins registered offline, a merge): with page tokens (protocol
 * 4) the server keeps no backfill progress of its own, so the token must move past each patient whose
 * backfill is done, including one that had nothing to send. It once stayed on such a patient, and
 * every later pull answered "more" with an empty page: the workstation's sync cycle never ended.
 */
import type { PullOutput } from '@lantern/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 60, demoHeavyPatient: false });
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

/** Pulls as a protocol-4 workstation does (echoing cursor and page token) until the server says there is no more. */
async function pullToEnd(s: Session, from: { cursor: string | null; pageToken: string | null }, limit: number) {
  let { cursor, pageToken } = from;
  const patients = new Map<string, number>();
  for (let pages = 1; pages <= 200; pages++) {
    const page = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit, pageToken }, s.token);
    for (const c of page.changes) patients.set(c.patientId, (patients.get(c.patientId) ?? 0) + 1);
    cursor = page.cursor;
    pageToken = page.pageToken ?? null;
    if (!page.hasMore) return { cursor, pageToken, patients, pages };
  }
  throw new Error('sync.pull kept answering hasMore: the pull never ends');
}

it('backfills two patients who enter the scope together, and the pull ends', async () => {
  const ada = await login(server.url, 'dr.ada');
  const first = await pullToEnd(ada, { cursor: null, pageToken: null }, 250);
  const { outside } = await demoPatients(server);
  const entering = outside.slice(0, 2);
  expect(entering).toHaveLength(2);
  for (const p of entering) expect(first.patients.has(p)).toBe(false);

  await server.asOwner(async (c) => {
    for (const p of entering) await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [p, ada.userId]);
  });
  const next = await pullToEnd(ada, first, 250);
  for (const p of entering) expect(next.patients.get(p) ?? 0).toBeGreaterThan(0);
  // Once done, a pull is one page with nothing in it.
  const idle = await must<PullOutput>(server.url, 'sync.pull', { cursor: next.cursor, limit: 250, pageToken: next.pageToken }, ada.token);
  expect(idle).toMatchObject({ changes: [], hasMore: false });
}, 120_000);
