/**
 * The demo as a clinician meets it on rounds: staff shown by name, most of dr.ada's patients on a ward
 * today with a bed and an attending, and blood pressure with a history over the stay.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResource, type LanternResource } from '@lantern/core';
import { loginInput, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { CARE_TEAM_RANGE } from './seed.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 45, demoHeavyPatient: false });
}, 180_000);
afterAll(async () => {
  await server.close();
  await pg.stop();
});

interface DemoStay { location?: { location: { display?: string } }[]; participant?: { individual?: { display?: string } }[] }

const signInName = async (username: string) => {
  const deviceId = randomUUID();
  const d = await must<{ user: { username: string; displayName: string } }>(server.url, 'auth.login', await loginInput(server.url, username, deviceId, 'lantern-demo'));
  return d.user;
};


describe('demo data on rounds', () => {
  it('names the staff as the workstation shows them, and keeps the username for signing in', async () => {
    expect(await signInName('dr.ada')).toEqual(expect.objectContaining({ username: 'dr.ada', displayName: 'Dr. Ada Lovelace' }));
    expect((await signInName('rn.ben')).displayName).toBe('Ben Carter, RN');
    expect((await signInName('admin.eve')).displayName).toBe('Eve Castellano');
  }, 60_000);

  it('puts most of dr.ada\'s care-team patients in a bed under her, with blood pressure over days', async () => {
    const rows = await server.asOwner(async (c) => (await c.query(
      `SELECT ct.patient_id,
              (SELECT r.resource FROM resources r WHERE r.patient_id = ct.patient_id AND r.resource_type = 'Encounter' AND r.resource->>'status' = 'in-progress' LIMIT 1) AS enc,
              (SELECT count(*)::int FROM resources r WHERE r.patient_id = ct.patient_id AND r.resource_type = 'Observation' AND r.resource->'code'->'coding'->0->>'code' = '85354-9'
                 AND (r.resource->>'effectiveDateTime')::timestamptz > now() - interval '6 days') AS bp,
              (SELECT (extract(epoch FROM max((r.resource->>'effectiveDateTime')::timestamptz) - min((r.resource->>'effectiveDateTime')::timestamptz)) / 3600)::float8 FROM resources r
                 WHERE r.patient_id = ct.patient_id AND r.resource_type = 'Observation' AND r.resource->'code'->'coding'->0->>'code' = '85354-9'
                 AND (r.resource->>'effectiveDateTime')::timestamptz > now() - interval '6 days') AS bp_span_h
         FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada'`,
    )).rows as { enc: DemoStay | null; bp: number; bp_span_h: number | null }[]);
    expect(rows).toHaveLength(CARE_TEAM_RANGE[1] - CARE_TEAM_RANGE[0]);
    const inBed = rows.filter((r) => r.enc !== null);
    expect(inBed.length).toBeGreaterThanOrEqual(Math.ceil(rows.length * 0.7));
    for (const r of inBed) {
      expect(r.enc?.location?.map((l) => l.location.display)).toEqual([expect.stringMatching(/^WARD-/), expect.stringMatching(/^Bed \d+$/)]);
      expect(r.enc?.participant?.[0]?.individual?.display).toBe('Dr. Ada Lovelace');
      expect(r.bp).toBeGreaterThanOrEqual(3);
      expect(r.bp_span_h ?? 0).toBeGreaterThan(16);
    }
    const beds = inBed.map((r) => r.enc?.location?.[1]?.location.display);
    expect(new Set(beds).size).toBe(beds.length);
  }, 60_000);

  it('seeds only resources a workstation accepts when it pulls them (one it refused would stall sync)', async () => {
    const resources = await server.asOwner(async (c) => (await c.query(
      `SELECT resource FROM resources WHERE NOT deleted AND (resource_type IN ('Practitioner', 'Encounter') OR resource->'code'->'coding'->0->>'code' = '85354-9')`,
    )).rows.map((r: { resource: LanternResource }) => r.resource));
    expect(resources.length).toBeGreaterThan(100);
    const refused = resources.map((r) => validateResource(r)).filter((v) => !v.ok);
    expect(refused).toEqual([]);
  }, 60_000);
});
