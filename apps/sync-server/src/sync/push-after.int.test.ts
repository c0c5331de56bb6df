/**
 * sync.push with `after`: a workstation sends its next batch before the answer to the one before,
 * naming that one's last mutation. What a clinician relies on: a later edit is never decided before
 * the edit it was made on (even when the batch behind arrives first, or at another app server while
 * the one before is still in its transaction: it waits for it), each change is stored once, and a batch behind one
 * that was answered "retry" is refused with nothing of it stored. A real server on a real Postgres.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput } from '@lantern/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, mutation, observation, type Json } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
/** A second app server on the same database, as behind a load balancer. */
let other: TestServer;
let patientId: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  const tokenSecret = `test-secret-${randomUUID()}`;
  server = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false, tokenSecret });
  other = await startTestServer(pg, { databaseUrl: server.databaseOwnerUrl, tokenSecret });
  patientId = (await demoPatients(server)).careTeam[0] ?? '';
}, 120_000);
afterAll(async () => {
  await other?.close();
  await server?.close();
  await pg?.stop();
});

/** sync.push of `mutations`, sent behind the batch ending at `after` when given. */
function push(s: Session, mutations: Json[], after?: Json, to: TestServer = server) {
  const input = after === undefined ? { deviceId: s.deviceId, mutations } : { deviceId: s.deviceId, mutations, after: { mutationId: after['mutationId'] } };
  return call<PushOutput>(to.url, 'sync.push', input, s.token);
}

const create = (s: Session, id = randomUUID(), value = 60) => mutation(s, { op: 'create', patientId, resource: observation(patientId, id, value) });
const edit = (s: Session, id: string, value: number, baseVersion = '1') => mutation(s, { op: 'update', patientId, baseVersion, resource: observation(patientId, id, value) });
const idsOf = (ms: Json[]) => ms.map((m) => m['mutationId'] as string);

/** Versions stored of a record, and how many mutation log rows these mutations have. */
async function stored(id: string, mutationIds: string[]): Promise<{ versions: number[]; logged: number }> {
  return server.asOwner(async (c) => {
    const v = await c.query('SELECT version FROM resource_versions WHERE id = $1 ORDER BY version', [id]);
    const l = await c.query('SELECT count(*)::int AS n FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [mutationIds]);
    return { versions: v.rows.map((r: { version: number }) => r.version), logged: l.rows[0].n as number };
  });
}

const refusedAfter = { ok: false, status: 412, error: { data: { lanternCode: 'VERSION_MISMATCH', issues: [{ path: 'after' }] } } };

it('a batch whose batch before never arrives is refused, after a wait, with nothing stored; sent again after it, it is decided on it', async () => {
  const s = await login(server.url, 'dr.ada');
  const x = randomUUID();
  const a = [create(s), create(s, x, 60), create(s)];
  const b = [edit(s, x, 61), create(s)];
  const early = await push(s, b, a.at(-1));
  expect(early).toMatchObject(refusedAfter);
  if (!early.ok) expect(early.error.message).toContain('nothing was stored');
  expect(await stored(x, idsOf(b))).toEqual({ versions: [], logged: 0 });

  expect(await push(s, a)).toMatchObject({ ok: true, data: { checksAfter: true, results: [{ status: 'applied' }, { status: 'applied', version: '1' }, { status: 'applied' }] } });
  expect(await push(s, b, a.at(-1))).toMatchObject({ ok: true, data: { results: [{ status: 'applied', version: '2' }, { status: 'applied' }] } });
  expect(await stored(x, idsOf([...a, ...b]))).toEqual({ versions: [1, 2], logged: 5 });
});

it('a batch sent behind one still in its transaction at another app server waits for it, is decided after it, and a replay of both changes nothing', async () => {
  const s = await login(server.url, 'dr.ada');
  const held = randomUUID();
  expect(await push(s, [create(s, held, 50)])).toMatchObject({ ok: true });
  const z = randomUUID();
  const a = [create(s, z, 70), edit(s, held, 51)];
  const b = [edit(s, z, 71)];
  // The held record's row is locked here, so batch a stops inside its transaction, holding the device's push head.
  let release = (): void => undefined;
  const released = new Promise<void>((r) => { release = r; });
  let locked = (): void => undefined;
  const isLocked = new Promise<void>((r) => { locked = r; });
  const holder = server.asOwner(async (c) => {
    await c.query('BEGIN');
    await c.query('SELECT 1 FROM resources WHERE id = $1 FOR UPDATE', [held]);
    locked();
    await released;
    await c.query('COMMIT');
  });
  await isLocked;
  const order: string[] = [];
  const ra = push(s, a).then((r) => { order.push('a'); return r; });
  // a has reached its transaction when it waits on the locked row.
  await server.asOwner(async (c) => {
    for (let i = 0; i < 200; i++) {
      const w = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%' AND query LIKE '%resources%'");
      if ((w.rows[0] as { n: number }).n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('batch a never reached its transaction');
  });
  const rb = push(s, b, a.at(-1), other).then((r) => { order.push('b'); return r; });
  await new Promise((r) => setTimeout(r, 300));
  expect(order).toEqual([]);
  release();
  await holder;
  expect(await ra).toMatchObject({ ok: true, data: { results: [{ status: 'applied', version: '1' }, { status: 'applied', version: '2' }] } });
  expect(await rb).toMatchObject({ ok: true, data: { checksAfter: true, results: [{ status: 'applied', version: '2' }] } });
  expect(order).toEqual(['a', 'b']);
  expect(await stored(z, idsOf([...a, ...b]))).toEqual({ versions: [1, 2], logged: 3 });

  // A lost answer: the workstation sends both again. The same answers, nothing written twice.
  const again = await push(s, a);
  expect(again).toMatchObject({ ok: true, data: { results: [{ status: 'applied', version: '1' }, { status: 'applied', version: '2' }] } });
  expect(await push(s, b, a.at(-1), other)).toMatchObject({ ok: true, data: { results: [{ status: 'applied', version: '2' }] } });
  expect(await stored(z, idsOf([...a, ...b]))).toEqual({ versions: [1, 2], logged: 3 });
  expect((await stored(held, [])).versions).toEqual([1, 2]);
});

it('a batch behind one whose answer asked to retry a change is refused with nothing of it stored', async () => {
  const s = await login(server.url, 'dr.ada');
  const poison = randomUUID();
  // The database refuses this one record (as a failing disk or constraint would): the server answers it INTERNAL, retry.
  await server.asOwner(async (c) => {
    await c.query(`CREATE OR REPLACE FUNCTION test_refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = '${poison}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await c.query('CREATE TRIGGER test_refuse_record BEFORE INSERT OR UPDATE ON resources FOR EACH ROW EXECUTE FUNCTION test_refuse_record()');
  });
  try {
    const q = randomUUID();
    const a = [create(s), create(s, poison), create(s)];
    const b = [create(s, q, 80)];
    const ra = await push(s, a);
    expect(ra).toMatchObject({ ok: true, data: { results: [{ status: 'applied' }, { status: 'rejected', code: 'INTERNAL' }, { status: 'applied' }] } });
    expect(await push(s, b, a.at(-1), other)).toMatchObject(refusedAfter);
    expect(await stored(q, idsOf(b))).toEqual({ versions: [], logged: 0 });
  } finally {
    await server.asOwner(async (c) => c.query('DROP TRIGGER test_refuse_record ON resources'));
  }
});

it('a batch sent behind another in the same instant, to two app servers, is decided once and after it', async () => {
  const s = await login(server.url, 'dr.ada');
  for (let round = 0; round < 3; round++) {
    const z = randomUUID();
    const a = [...Array.from({ length: 200 }, () => create(s)), create(s, z, 70)];
    const b = [edit(s, z, 71), ...Array.from({ length: 50 }, () => create(s))];
    const [ra, rb] = await Promise.all([push(s, a), push(s, b, a.at(-1), other)]);
    expect(ra).toMatchObject({ ok: true });
    if (!rb.ok) {
      expect(rb).toMatchObject(refusedAfter);
      expect(await push(s, b, a.at(-1), other)).toMatchObject({ ok: true });
    } else {
      expect(rb.data.results[0]).toMatchObject({ status: 'applied', version: '2' });
    }
    expect(await stored(z, idsOf([...a, ...b]))).toEqual({ versions: [1, 2], logged: 252 });
  }
});

it('a batch behind another with a change refused access is sent back whole (its scope may predate the batch before); alone it is decided, the refusal stands', async () => {
  const s = await login(server.url, 'dr.ada');
  // A patient with no relation to her (none on this small demo is outside her scope).
  const outsider = randomUUID();
  const a = [create(s)];
  expect(await push(s, a)).toMatchObject({ ok: true });
  const ok = randomUUID();
  const b = [create(s, ok, 80), mutation(s, { op: 'create', patientId: outsider, resource: observation(outsider, randomUUID(), 81) })];
  expect(await push(s, b, a.at(-1))).toMatchObject({ ok: false, status: 412, error: { data: { lanternCode: 'VERSION_MISMATCH', issues: [{ path: 'after', message: 'scope' }] } } });
  expect(await stored(ok, idsOf(b))).toEqual({ versions: [], logged: 0 });
  expect(await push(s, b)).toMatchObject({ ok: true, data: { results: [{ status: 'applied' }, { status: 'rejected', code: 'FORBIDDEN' }] } });
});
