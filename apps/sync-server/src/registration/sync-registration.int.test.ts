/**
 * Offline registrations arriving by sync: two workstations register the same person (one with a
 * typo) while offline; after they sync, each registering user is on their patient's care team,
 * each record got an enterprise MRN (provisional kept as secondary) that the workstation pulls,
 * and the pair waits in the HIM review queue; nothing is merged. Provisional MRN ranges never
 * overlap between devices.
 */
import { randomUUID } from 'node:crypto';
import { ENTERPRISE_MRN_SYSTEM, PROVISIONAL_MRN_SYSTEM, provisionalMrn } from '@lantern/core/mpi';
import type { PullOutput, PushOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutation, type Json } from '../testing/fixtures.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let fay: Session;
let ben: Session;

const walkIn = (id: string, family: string, mrn: string): Json => ({
  resourceType: 'Patient', id, active: true,
  name: [{ use: 'official', family, given: ['Oluwaseun'] }], gender: 'male', birthDate: '1968-09-14',
  telecom: [{ system: 'phone', value: '(406) 555-0190' }],
  address: [{ use: 'home', line: ['310 Aspen Way'], city: 'Billings', state: 'MT', postalCode: '59101' }],
  identifier: [{ use: 'usual', system: PROVISIONAL_MRN_SYSTEM, value: mrn }],
});

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 10, demoHeavyPatient: false });
  [ada, fay, ben] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'reg.fay'), login(server.url, 'rn.ben')]);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('registrations that arrive by sync', () => {
  it('gives each device its own provisional MRN range, and none to a role that may not register', async () => {
    const a = await must<{ first: number; last: number; system: string }>(server.url, 'registration.allocateMrnRange', undefined, ada.token);
    const b = await must<{ first: number; last: number }>(server.url, 'registration.allocateMrnRange', undefined, fay.token);
    expect(a.system).toBe(PROVISIONAL_MRN_SYSTEM);
    expect(a.last - a.first + 1).toBe(1000);
    expect(b.first > a.last || b.last < a.first).toBe(true);
    const n = await call(server.url, 'registration.allocateMrnRange', undefined, ben.token);
    expect(n.ok).toBe(false);
  });

  it('two offline registrations of one person: both stored, each on its registrar\'s care team with an enterprise MRN, queued for review, not merged', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const p1 = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { op: 'create', patientId: first, resource: walkIn(first, 'Adeyemi', provisionalMrn(1)) })] }, ada.token);
    const p2 = await must<PushOutput>(server.url, 'sync.push', { deviceId: fay.deviceId, mutations: [mutation(fay, { op: 'create', patientId: second, resource: walkIn(second, 'Adeyemy', provisionalMrn(1001)) })] }, fay.token);
    expect([p1.results[0]?.status, p2.results[0]?.status]).toEqual(['applied', 'applied']);

    // The registering physician pulls the server's version: enterprise MRN first, provisional kept as secondary.
    const changes: PullOutput['changes'] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const out: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 1000 }, ada.token);
      changes.push(...out.changes);
      cursor = out.cursor;
      if (!out.hasMore) break;
    }
    const mine = changes.filter((c) => c.resourceId === first).at(-1)?.resource as Json | undefined;
    const ids = (mine?.['identifier'] ?? []) as { system: string; use?: string }[];
    expect(ids[0]?.system).toBe(ENTERPRISE_MRN_SYSTEM);
    expect(ids.find((i) => i.system === PROVISIONAL_MRN_SYSTEM)?.use).toBe('secondary');
    // ...and does not see the other workstation's record (not on her care team).
    expect(changes.some((c) => c.resourceId === second)).toBe(false);

    const pair = [first, second].sort();
    const review = await server.asOwner(async (c) => (await c.query('SELECT status, grade FROM duplicate_reviews WHERE patient_a = $1 AND patient_b = $2', pair)).rows as { status: string; grade: string }[]);
    expect(review).toEqual([{ status: 'open', grade: expect.stringMatching(/certain|probable|possible/) }]);
    const active = await server.asOwner(async (c) => (await c.query("SELECT count(*)::int AS n FROM resources WHERE resource_type = 'Patient' AND id = ANY($1) AND NOT deleted", [pair])).rows[0] as { n: number });
    expect(active.n).toBe(2);
  });

  it('two clinics reconnecting at the same moment, each with its registration of one person: the pair is queued every time', async () => {
    // Each registration indexes its match keys and then looks for candidates in its own transaction;
    // run side by side, neither may miss the other's keys.
    const births = ['1971-02-03', '1972-04-05', '1973-06-07', '1974-08-09', '1975-10-11', '1976-12-13'];
    for (const [i, birthDate] of births.entries()) {
      const [x, y] = [randomUUID(), randomUUID()];
      const person = (id: string, family: string, mrn: number): Json => ({
        ...walkIn(id, family, provisionalMrn(mrn)), birthDate, name: [{ use: 'official', family, given: ['Chidinma'] }],
        telecom: [{ system: 'phone', value: `(406) 555-02${String(i).padStart(2, '0')}` }],
      });
      const [px, py] = await Promise.all([
        must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { op: 'create', patientId: x, resource: person(x, `Nwachukwu${'abcdef'[i] ?? ''}`, 10 + i) })] }, ada.token),
        must<PushOutput>(server.url, 'sync.push', { deviceId: fay.deviceId, mutations: [mutation(fay, { op: 'create', patientId: y, resource: person(y, `Nwachukwo${'abcdef'[i] ?? ''}`, 1010 + i) })] }, fay.token),
      ]);
      expect([px.results[0]?.status, py.results[0]?.status]).toEqual(['applied', 'applied']);
      const pair = [x, y].sort();
      const queued = await server.asOwner(async (c) => (await c.query('SELECT count(*)::int AS n FROM duplicate_reviews WHERE patient_a = $1 AND patient_b = $2', pair)).rows[0] as { n: number });
      expect(queued.n, `registration pair ${i + 1}`).toBe(1);
    }
  });

  it('a push that claims to create an existing patient does not put anyone on its care team', async () => {
    const existing = (await server.asOwner(async (c) => (await c.query("SELECT id FROM resources WHERE resource_type = 'Patient' LIMIT 1")).rows[0] as { id: string })).id;
    const out = await must<PushOutput>(server.url, 'sync.push', { deviceId: fay.deviceId, mutations: [mutation(fay, { op: 'create', patientId: existing, resource: walkIn(existing, 'Intruder', provisionalMrn(1002)) })] }, fay.token);
    expect(out.results[0]?.status).not.toBe('applied');
    const team = await server.asOwner(async (c) => (await c.query('SELECT count(*)::int AS n FROM care_team WHERE patient_id = $1 AND user_id = $2', [existing, fay.userId])).rows[0] as { n: number });
    expect(team.n).toBe(0);
  });

  it('HIM sees the pair side by side with what differs (audited), and can close it as two different people', async () => {
    const queue = await must<{ id: string; score: number; fields: { field: string; differs: boolean }[]; a: { name: string; identifiers: { system: string }[] }; b: { name: string } }[]>(server.url, 'registration.duplicates', { limit: 50 }, fay.token);
    const pair = queue.find((d) => [d.a.name, d.b.name].sort().join('|') === 'Oluwaseun Adeyemi|Oluwaseun Adeyemy');
    expect(pair).toBeDefined();
    expect(pair?.fields.filter((f) => f.differs).map((f) => f.field)).toEqual(['family']);
    expect(pair?.a.identifiers.some((i) => i.system === ENTERPRISE_MRN_SYSTEM)).toBe(true);
    const audited = await server.asOwner(async (c) => (await c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND action = 'resource-read' AND detail->>'via' = 'duplicate-review'", [fay.userId])).rows[0] as { n: number });
    expect(audited.n).toBeGreaterThanOrEqual(2);
    // A physician is not HIM: no queue.
    expect((await call(server.url, 'registration.duplicates', { limit: 5 }, ada.token)).ok).toBe(false);
    await must(server.url, 'registration.markNotDuplicate', { reviewId: pair?.id }, fay.token);
    const after = await must<{ id: string }[]>(server.url, 'registration.duplicates', { limit: 50 }, fay.token);
    expect(after.some((d) => d.id === pair?.id)).toBe(false);
    expect((await call(server.url, 'registration.markNotDuplicate', { reviewId: pair?.id }, fay.token)).ok).toBe(false);
  });
});
