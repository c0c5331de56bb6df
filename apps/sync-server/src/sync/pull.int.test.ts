/**
 * sync.pull against a real embedded Postgres: paging and cursors, tombstones, minimum-necessary
 * scope per role, scope removal (purge, answered until acknowledged) and scope entry (backfill).
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
    // Answered on every page until a cursor proves a page carrying it was applied: purging twice is a no-op.
    expect([...new Set(next.purged)]).toEqual([leaving]);
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

/**
 * A workstation's store in miniature: applies a page as the host does (purges first, then the
 * changes) and stores the cursor and page token with it, in one step.
 */
class ModelDevice {
  readonly rows = new Map<string, string>();
  cursor: string | null = null;
  pageToken: string | null = null;
  readonly purged: string[] = [];

  apply(page: PullOutput): void {
    for (const p of page.purgePatients) {
      this.purged.push(p);
      for (const [id, patient] of this.rows) if (patient === p) this.rows.delete(id);
    }
    for (const c of page.changes) {
      if (c.resource === null) this.rows.delete(c.resourceId);
      else this.rows.set(c.resourceId, c.patientId);
    }
    this.cursor = page.cursor;
    this.pageToken = page.pageToken ?? null;
  }

  of(patientId: string): string[] {
    return [...this.rows].filter(([, p]) => p === patientId).map(([id]) => id).sort();
  }
}

/** One protocol 4 pull with what the device has stored. */
const pullAs = (s: Session, d: ModelDevice, limit = 500) => must<PullOutput>(server.url, 'sync.pull', { cursor: d.cursor, limit, pageToken: d.pageToken }, s.token);

/** One sync cycle: pages until `hasMore` is false, each applied before the next is asked for. */
async function syncDevice(s: Session, d: ModelDevice, limit = 500): Promise<PullOutput[]> {
  const pages: PullOutput[] = [];
  for (let i = 0; i < 10_000; i++) {
    const page = await pullAs(s, d, limit);
    pages.push(page);
    d.apply(page);
    if (!page.hasMore) return pages;
  }
  throw new Error('pull did not terminate');
}

const setCareTeam = (patientId: string, userId: string, on: boolean) => server.asOwner(async (c) => {
  if (on) await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [patientId, userId]);
  else await c.query('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [patientId, userId]);
});

const purgeEvents = (s: Session, patientId: string, op: string) => server.asOwner(async (c) =>
  (await c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'resource-delete' AND patient_id = $1 AND device_id = $2 AND detail->>'op' = $3", [patientId, s.deviceId, op])).rows[0].n as number);

const scopeRow = (s: Session, patientId: string) => server.asOwner(async (c) =>
  (await c.query('SELECT purge_id FROM sync_scope WHERE user_id = $1 AND device_id = $2 AND patient_id = $3', [s.userId, s.deviceId, patientId])).rows);

/** The patient's resources a care-team physician reads, as stored on the server. */
const serverIds = (patientId: string) => server.asOwner(async (c) =>
  (await c.query("SELECT id FROM resources WHERE patient_id = $1 AND NOT deleted AND resource_type IN ('Patient','Encounter','Condition','AllergyIntolerance','Observation','MedicationRequest','MedicationStatement','DiagnosticReport','ServiceRequest','DocumentReference','Composition','Provenance') ORDER BY id", [patientId])).rows.map((r: { id: string }) => r.id));

describe('sync.pull: purges are acknowledged', () => {
  /** Care-team patients of dr.ada not on a unit: off the care team, they leave her scope entirely. */
  const careTeamOnly = () => patients.careTeam.filter((p) => !patients.unit.includes(p));

  it('answers a purge again from the old cursor and token until the page carrying it is acknowledged; then never again', async () => {
    const ada = await login(server.url, 'dr.ada');
    const leaving = careTeamOnly()[1] ?? '';
    const device = new ModelDevice();
    await syncDevice(ada, device);
    expect(device.of(leaving).length).toBeGreaterThan(0);
    await setCareTeam(leaving, ada.userId, false);
    try {
      const lost = await pullAs(ada, device);
      expect(lost.purgePatients).toEqual([leaving]);
      // The answer never arrives: the device asks again with what it has stored, and is told again.
      const again = await pullAs(ada, device);
      expect(again.purgePatients).toEqual([leaving]);
      expect(await scopeRow(ada, leaving)).toHaveLength(1);
      expect(await purgeEvents(ada, leaving, 'device-purge-requested')).toBe(1);
      expect(await purgeEvents(ada, leaving, 'device-purge-confirmed')).toBe(0);
      device.apply(again);
      expect(device.of(leaving)).toEqual([]);

      // The next pull carries that page's token: the purge is done, the server forgets it.
      const acked = await pullAs(ada, device);
      expect(acked.purgePatients).toEqual([]);
      expect(await scopeRow(ada, leaving)).toHaveLength(0);
      expect(await purgeEvents(ada, leaving, 'device-purge-confirmed')).toBe(1);
      device.apply(acked);
      const later = await pullAs(ada, device);
      expect(later.purgePatients).toEqual([]);
      expect(await purgeEvents(ada, leaving, 'device-purge-confirmed')).toBe(1);
      expect(device.of(leaving)).toEqual([]);
    } finally {
      await setCareTeam(leaving, ada.userId, true);
    }
  });

  it('without page tokens, the proof is a cursor that the page carrying the purge moved the device to', async () => {
    const ada = await login(server.url, 'dr.ada');
    const [leaving = '', staying = ''] = careTeamOnly().slice(2);
    const start = await pullAll(ada);
    await setCareTeam(leaving, ada.userId, false);
    try {
      // A change in scope moves the cursor of the next page.
      await push(ada, [mutation(ada, { op: 'create', patientId: staying, resource: observation(staying, randomUUID(), 64) })]);
      const lost = await pull(ada, start.cursor);
      expect(lost.purgePatients).toEqual([leaving]);
      expect(BigInt(lost.cursor)).toBeGreaterThan(BigInt(start.cursor));
      const again = await pull(ada, start.cursor);
      expect(again.purgePatients).toEqual([leaving]);
      const acked = await pull(ada, again.cursor);
      expect(acked.purgePatients).toEqual([]);
      expect(await scopeRow(ada, leaving)).toHaveLength(0);
      expect(await purgeEvents(ada, leaving, 'device-purge-confirmed')).toBe(1);
    } finally {
      await setCareTeam(leaving, ada.userId, true);
    }
  });

  it('a patient removed and restored before the purge is acknowledged is purged first, then backfilled with all its data', async () => {
    const ada = await login(server.url, 'dr.ada');
    const patient = careTeamOnly()[4] ?? '';
    const device = new ModelDevice();
    await syncDevice(ada, device, 100);
    const all = await serverIds(patient);
    expect(device.of(patient)).toEqual(all);
    await setCareTeam(patient, ada.userId, false);
    const lost = await pullAs(ada, device, 100);
    expect(lost.purgePatients).toEqual([patient]);
    // Back on the care team before the device ever heard of the purge.
    await setCareTeam(patient, ada.userId, true);
    // One sync cycle of the device brings the purge again, then (once acknowledged) the patient's data.
    const pages = await syncDevice(ada, device, 100);
    // The purge reached the device before any of the patient's data came again, and only once more.
    const purgedAt = pages.findIndex((p) => p.purgePatients.some((x) => x === patient));
    const backAt = pages.findIndex((p) => p.changes.some((c) => c.patientId === patient));
    expect(purgedAt).toBeGreaterThanOrEqual(0);
    expect(backAt).toBeGreaterThan(purgedAt);
    expect(device.purged.filter((p) => p === patient)).toHaveLength(1);
    expect(device.of(patient)).toEqual(all);
    expect(await scopeRow(ada, patient)).toEqual([{ purge_id: null }]);
  });
});
