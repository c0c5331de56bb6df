/**
 * sync.pull against a real embedded Postgres: paging and cursors, tombstones, minimum-necessary
 * scope per role, scope removal (purge) and scope entry (backfill).
 */
import { randomUUID } from 'node:crypto';
import type { Change, PullOutput, PushOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, medicationRequest, mutation, note, observation } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
let patients: Awaited<ReturnType<typeof demoPatients>>;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 60, demoHeavyPatient: false });
  patients = await demoPatients(server);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const pull = (s: Session, cursor: string | null, limit = 500) => must<PullOutput>(server.url, 'sync.pull', { cursor, limit }, s.token);

/** Pulls to the end; returns every change and the final cursor. */
async function pullAll(s: Session, cursor: string | null = null, limit = 500): Promise<{ changes: Change[]; cursor: string; pages: number; purged: string[] }> {
  const changes: Change[] = [];
  const purged: string[] = [];
  let pages = 0;
  let c = cursor;
  for (;;) {
    const page = await pull(s, c, limit);
    pages += 1;
    changes.push(...page.changes);
    purged.push(...page.purgePatients);
    c = page.cursor;
    if (!page.hasMore) return { changes, cursor: c, pages, purged };
    if (pages > 10_000) throw new Error('pull did not terminate');
  }
}

async function push(s: Session, mutations: Record<string, unknown>[]) {
  return (await must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token)).results;
}

describe('sync.pull', () => {
  it('pages through the whole scope with bounded pages, a monotonic cursor and a falling remaining count', async () => {
    const ada = await login(server.url, 'dr.ada');
    const whole = await pullAll(ada, null, 5000);
    const paged: Change[] = [];
    let cursor: string | null = null;
    let lastRemaining = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10_000; i++) {
      const page: PullOutput = await pull(ada, cursor, 200);
      expect(page.changes.length).toBeLessThanOrEqual(200);
      expect(page.remaining).toBeLessThanOrEqual(lastRemaining);
      lastRemaining = page.remaining;
      if (cursor !== null) expect(BigInt(page.cursor)).toBeGreaterThanOrEqual(BigInt(cursor));
      paged.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(lastRemaining).toBe(0);
    expect(paged.map((c) => c.resourceId).sort()).toEqual(whole.changes.map((c) => c.resourceId).sort());
    expect(new Set(paged.map((c) => c.resourceId)).size).toBe(paged.length);
    // A physician sees their care team and unit, never a patient outside both.
    const seen = new Set<string>(paged.map((c) => c.patientId));
    for (const p of patients.careTeam) expect(seen.has(p)).toBe(true);
    for (const p of patients.outside) expect(seen.has(p)).toBe(false);
    // Nothing new: an empty page at the same cursor.
    const again = await pull(ada, cursor);
    expect(again).toMatchObject({ changes: [], hasMore: false, remaining: 0 });
  });

  it('delivers later edits and deletes (as tombstones) after the cursor', async () => {
    const ada = await login(server.url, 'dr.ada');
    const start = await pullAll(ada);
    const patientId = patients.careTeam[2] ?? '';
    const id = randomUUID();
    await push(ada, [mutation(ada, { op: 'create', patientId, resource: medicationRequest(patientId, id, 5) })]);
    await push(ada, [mutation(ada, { op: 'delete', patientId, baseVersion: '1', resource: null, resourceType: 'MedicationRequest', resourceId: id })]);
    const next = await pullAll(ada, start.cursor);
    const mine = next.changes.filter((c) => c.resourceId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ version: '2', resource: null });
  });

  it('billing never receives notes, observations or medications; nurse no unassigned patient; privacy officer and admin no PHI', async () => {
    const ada = await login(server.url, 'dr.ada');
    const patientId = patients.careTeam[3] ?? '';
    await push(ada, [
      mutation(ada, { op: 'create', patientId, resource: note(patientId, randomUUID()) }),
      mutation(ada, { op: 'create', patientId, resource: observation(patientId, randomUUID(), 72) }),
    ]);
    const billing = await pullAll(await login(server.url, 'billing.cy'));
    const billingTypes = new Set(billing.changes.map((c) => c.resourceType));
    expect(billing.changes.length).toBeGreaterThan(0);
    for (const t of ['DocumentReference', 'Composition', 'Observation', 'MedicationRequest', 'DiagnosticReport']) expect(billingTypes.has(t)).toBe(false);
    expect(billingTypes.has('Patient')).toBe(true);

    const nurse = await pullAll(await login(server.url, 'rn.ben'));
    const nursePatients = new Set<string>(nurse.changes.map((c) => c.patientId));
    for (const p of patients.outside) expect(nursePatients.has(p)).toBe(false);
    expect(nurse.changes.some((c) => c.resourceType === 'DocumentReference' && c.patientId === patientId)).toBe(true);
    // Unit patients (not on the nurse's care team): banner-level only.
    const unitTypes = new Set(nurse.changes.filter((c) => patients.unit.includes(c.patientId)).map((c) => c.resourceType));
    for (const t of unitTypes) expect(['Patient', 'AllergyIntolerance']).toContain(t);

    for (const who of ['privacy.dee', 'admin.eve']) {
      const r = await pullAll(await login(server.url, who));
      expect(r.changes.filter((c) => c.patientId !== '00000000-0000-0000-0000-000000000000')).toEqual([]);
    }
  });

  it('a patient leaving the scope is purged; one entering it is backfilled with its older history', async () => {
    const ben = await login(server.url, 'rn.ben');
    const leaving = patients.careTeam[4] ?? '';
    const entering = patients.outside[0] ?? '';
    const scope0 = await must<{ careTeam: string[]; unit: string[] }>(server.url, 'sync.scope', undefined, ben.token);
    expect(scope0.careTeam).toContain(leaving);
    expect(scope0.careTeam).not.toContain(entering);
    expect(scope0.unit).toEqual([...patients.unit].sort());
    const first = await pullAll(ben);
    expect(first.changes.some((c) => c.patientId === leaving)).toBe(true);
    expect(first.changes.some((c) => c.patientId === entering)).toBe(false);

    await server.asOwner(async (c) => {
      await c.query('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [leaving, ben.userId]);
      await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [entering, ben.userId]);
    });
    const next = await pullAll(ben, first.cursor, 50);
    expect(next.purged).toEqual([leaving]);
    expect(next.changes.some((c) => c.patientId === leaving)).toBe(false);
    const backfilled = next.changes.filter((c) => c.patientId === entering);
    expect(backfilled.some((c) => c.resourceType === 'Patient')).toBe(true);
    const all = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM resources WHERE patient_id = $1 AND NOT deleted AND resource_type IN ('Patient','Encounter','Condition','AllergyIntolerance','Observation','MedicationRequest','MedicationStatement','DiagnosticReport','ServiceRequest','DocumentReference','Composition','Provenance')", [entering]));
    expect(backfilled.length).toBe(all.rows[0].n);
    // Reads are audited per patient.
    const reads = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'resource-read' AND patient_id = $1 AND user_id = $2", [entering, ben.userId]));
    expect(reads.rows[0].n).toBeGreaterThan(0);
  });

  it('sends a backfill page again when its answer was lost: the same cursor and page token get the same page', async () => {
    const ada = await login(server.url, 'dr.ada');
    const expected = (await pullAll(ada, null, 5000)).changes.map((c) => c.resourceId).sort();
    const other = await login(server.url, 'dr.ada');
    const got = new Set<string>();
    let cursor: string | null = null;
    let pageToken: string | null = null;
    let lost: string[] | null = null;
    for (let i = 0; i < 10_000; i++) {
      const page: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 100, pageToken }, other.token);
      const ids = page.changes.map((c) => c.resourceId);
      if (i === 3) {
        // The answer never reaches the workstation: it asks again with what it has stored.
        lost = ids;
        continue;
      }
      if (i === 4) expect(ids).toEqual(lost);
      for (const id of ids) got.add(id);
      cursor = page.cursor;
      pageToken = page.pageToken ?? null;
      if (!page.hasMore) break;
    }
    expect(lost?.length).toBe(100);
    expect([...got].sort()).toEqual(expected);
  });

  it('refuses a page token it did not make, as bad input', async () => {
    const ada = await login(server.url, 'dr.ada');
    const first = await must<PullOutput>(server.url, 'sync.pull', { cursor: null, limit: 100, pageToken: null }, ada.token);
    const r = await call(server.url, 'sync.pull', { cursor: first.cursor, limit: 100, pageToken: 'b1.not-a-token' }, ada.token);
    expect(r).toMatchObject({ ok: false, status: 400, error: { data: { lanternCode: 'BAD_INPUT' } } });
  });
});
