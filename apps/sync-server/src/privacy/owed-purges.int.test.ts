/**
 * The owed-purges report on a real server and database: a workstation told to purge a patient (its
 * physician left the care team) that never syncs again is listed once the purge is older than N
 * days, with the patient's id and MRN, when it was last seen and its remote wipe; only the privacy
 * officer may read it, and every read is audited.
 */
import type { PullOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients } from '../testing/fixtures.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import type { OwedPurgeDevice } from './reports/owed-purges.ts';

const DAY = 86_400_000;
let pg: TestPostgres;
let server: TestServer;
let pats: Awaited<ReturnType<typeof demoPatients>>;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 40, demoHeavyPatient: false });
  pats = await demoPatients(server);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

/** Pulls to the end from `from`; the purges told and the cursor reached. */
async function pullAll(s: Session, from: string | null = null): Promise<{ purged: string[]; cursor: string | null }> {
  const purged: string[] = [];
  let cursor = from;
  for (let i = 0; i < 1000; i++) {
    const p: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 1000 }, s.token);
    purged.push(...p.purgePatients);
    cursor = p.cursor;
    if (!p.hasMore) break;
  }
  return { purged, cursor };
}

const report = (s: Session, olderThanDays: number) => must<OwedPurgeDevice[]>(server.url, 'privacy.owedPurges', { olderThanDays }, s.token);
const mrnOf = (patientId: string) => server.asOwner(async (c) =>
  (await c.query("SELECT resource->'identifier'->0->>'value' AS mrn FROM resources WHERE patient_id = $1 AND resource_type = 'Patient'", [patientId])).rows[0]?.mrn as string);

describe('owed purges report', () => {
  it('lists a device that was told to purge a patient and never came back, once the purge is older than N days', { timeout: 120_000 }, async () => {
    const ada = await login(server.url, 'dr.ada');
    const leaving = pats.careTeam.find((p) => !pats.unit.includes(p)) ?? '';
    const first = await pullAll(ada);
    await server.asOwner((c) => c.query('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [leaving, ada.userId]));
    const toldAt = server.clock.now();
    // The purge goes out on this pull, and the workstation is never seen again (lost, stolen, shelved).
    expect((await pullAll(ada, first.cursor)).purged).toContain(leaving);

    const dee = await login(server.url, 'privacy.dee');
    expect((await report(dee, 7)).map((d) => d.deviceId)).not.toContain(ada.deviceId);

    server.clock.advance(8 * DAY);
    const officer = await login(server.url, 'privacy.dee');
    const listed = (await report(officer, 7)).find((d) => d.deviceId === ada.deviceId);
    expect(listed).toMatchObject({ usernames: ['dr.ada'], wipe: 'none', wipeRequestedAt: null, patients: [{ patientId: leaving, mrn: await mrnOf(leaving) }] });
    expect(Math.abs(new Date(listed?.oldestSince ?? 0).getTime() - toldAt.getTime())).toBeLessThan(60_000);
    expect(new Date(listed?.lastSeenAt ?? 0).getTime()).toBeLessThanOrEqual(toldAt.getTime() + 60_000);
    // No names: identifiers only.
    expect(JSON.stringify(listed)).not.toMatch(/"name"|family|given/);
    // Not yet 30 days.
    expect((await report(officer, 30)).map((d) => d.deviceId)).not.toContain(ada.deviceId);

    // The existing remote wipe shows once an administrator asks for it.
    const eve = await login(server.url, 'admin.eve');
    await must(server.url, 'admin.requestWipe', { deviceId: ada.deviceId }, eve.token);
    expect((await report(officer, 7)).find((d) => d.deviceId === ada.deviceId)?.wipe).toBe('pending');

    // Only the privacy officer: the access policy refuses a physician and an administrator.
    const physician = await login(server.url, 'dr.ada');
    for (const s of [physician, eve]) {
      const r = await call(server.url, 'privacy.owedPurges', { olderThanDays: 7 }, s.token);
      expect(r.ok ? 'allowed' : r.error.data?.lanternCode).toBe('FORBIDDEN');
    }

    // Each use of the report is audited, with counts only.
    const uses = await server.asOwner(async (c) =>
      (await c.query("SELECT user_id::text AS u, detail FROM audit.events WHERE detail->>'via' = 'privacy.owedPurges' ORDER BY seq")).rows as { u: string; detail: Record<string, unknown> }[]);
    expect(uses.length).toBeGreaterThanOrEqual(4);
    expect(uses.every((e) => e.u === officer.userId)).toBe(true);
    expect(uses.at(-1)?.detail).toMatchObject({ olderThanDays: 7, devices: expect.any(Number), patients: expect.any(Number) });
    expect(JSON.stringify(uses)).not.toContain(leaving);
  });
});
