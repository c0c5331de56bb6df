/**
 * sync.push: a workstation's second offline edit of a record is made on top of its first (it keeps
 * the record's server version while it has unsent edits, so both name the same base). When another
 * device wrote the record in between, the first edit is merged, and the second must be merged
 * against what the device SENT first (not against the old base, where the device's own change of
 * a field looks like a race with itself; not against the merged version, where the device's stale
 * copy of the other device's field looks like a revert of it). A genuine race stays a conflict.
 *
 * Field f is `method`, field g is `bodySite` (neither safety-critical), as in the convergence test.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, mutation, observation, type Json } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
let patientId: string;
/** D: the device making several offline edits. E, F: other devices of the same clinician. */
let d: Session;
let e: Session;
let f: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false });
  patientId = (await demoPatients(server)).careTeam[0] ?? '';
  [d, e, f] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'dr.ada'), login(server.url, 'dr.ada')]);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

async function push(s: Session, mutations: Json[]): Promise<PushResult[]> {
  return (await must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token)).results;
}
const one = async (s: Session, m: Json): Promise<PushResult> => {
  const [r] = await push(s, [m]);
  if (r === undefined) throw new Error('no result');
  return r;
};

type Fields = { method?: string; bodySite?: string; note?: string[] };
/** The record's content with these field values (what a workstation holds after its edits). */
const content = (id: string, x: Fields): Json => ({
  ...observation(patientId, id, 72),
  ...(x.method === undefined ? {} : { method: { text: x.method } }),
  ...(x.bodySite === undefined ? {} : { bodySite: { text: x.bodySite } }),
  ...(x.note === undefined ? {} : { note: x.note.map((n) => ({ id: n, text: `note ${n}` })) }),
});
const update = (s: Session, id: string, base: string, x: Fields) => mutation(s, { op: 'update', patientId, baseVersion: base, resource: content(id, x) });

async function created(x: Fields = { method: 'm0', bodySite: 'b0' }): Promise<string> {
  const id = randomUUID();
  expect(await one(d, mutation(d, { op: 'create', patientId, resource: content(id, x) }))).toMatchObject({ status: 'applied', version: '1' });
  return id;
}
async function stored(id: string): Promise<{ version: number; deleted: boolean; method: unknown; bodySite: unknown; notes: unknown }> {
  const r = await server.asOwner((c) => c.query('SELECT version, deleted, resource FROM resources WHERE id = $1', [id]));
  const row = r.rows[0] as { version: number; deleted: boolean; resource: Json | null };
  const text = (k: string) => (row.resource?.[k] as { text?: unknown } | undefined)?.text;
  return { version: row.version, deleted: row.deleted, method: text('method'), bodySite: text('bodySite'), notes: (row.resource?.['note'] as { id: string }[] | undefined)?.map((n) => n.id) };
}
const conflictRows = async (id: string): Promise<number> =>
  (await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM conflicts WHERE resource_id = $1', [id]))).rows[0].n as number;

describe('sync.push: a device\'s later offline edit after another device wrote in between is not a race with its own earlier edit', () => {
  it('across two pushes: E changes g, D\'s first edit of f merges, D\'s second edit of f merges onto it', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    // Made on top of the first edit, before the answer came: still version 1, still E's change unseen.
    const r = await one(d, update(d, id, '1', { method: 'm2', bodySite: 'b0' }));
    expect(r).toMatchObject({ status: 'merged', version: '4' });
    expect(await stored(id)).toMatchObject({ version: 4, method: 'm2', bodySite: 'bE' });
    expect(await conflictRows(id)).toBe(0);
  });

  it('both of D\'s edits in one push, and the same push replayed: the same answers, nothing written twice', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    const batch = [update(d, id, '1', { method: 'm1', bodySite: 'b0' }), update(d, id, '1', { method: 'm2', bodySite: 'b0' })];
    const r = await push(d, batch);
    expect(r).toMatchObject([{ status: 'merged', version: '3' }, { status: 'merged', version: '4' }]);
    expect(await stored(id)).toMatchObject({ version: 4, method: 'm2', bodySite: 'bE' });
    expect(await push(d, batch)).toEqual(r);
    expect(await push(d, [batch[1] as Json])).toEqual([r[1]]);
    expect(await stored(id)).toMatchObject({ version: 4 });
    const versions = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = $1', [id]));
    expect(versions.rows[0].n).toBe(4);
    expect(await conflictRows(id)).toBe(0);
    // What each merged write sent is kept with its log row, and only for merged writes.
    const log = await server.asOwner((c) => c.query(
      `SELECT ml.base_version, ml.sent->'method'->>'text' AS method, ml.sent->'bodySite'->>'text' AS body FROM resource_versions rv
       JOIN mutation_log ml ON ml.mutation_id = rv.mutation_id WHERE rv.id = $1 ORDER BY rv.version`, [id]));
    expect(log.rows).toEqual([
      { base_version: null, method: null, body: null }, { base_version: null, method: null, body: null },
      { base_version: 1, method: 'm1', body: 'b0' }, { base_version: 1, method: 'm2', body: 'b0' },
    ]);
  });

  it('D\'s first edit answered applied, then E changes g, then D\'s second edit of f: merged', async () => {
    const id = await created();
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(e, update(e, id, '2', { method: 'm1', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '3' });
    expect(await one(d, update(d, id, '1', { method: 'm2', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '4' });
    expect(await stored(id)).toMatchObject({ method: 'm2', bodySite: 'bE' });
    expect(await conflictRows(id)).toBe(0);
  });

  it('three offline edits (f, a note, f again) after E\'s change, in two pushes: all merged onto one another', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    const r = await push(d, [
      update(d, id, '1', { method: 'm1', bodySite: 'b0', note: ['n1'] }),
      update(d, id, '1', { method: 'm3', bodySite: 'b0', note: ['n1'] }),
    ]);
    expect(r).toMatchObject([{ status: 'merged', version: '4' }, { status: 'merged', version: '5' }]);
    expect(await stored(id)).toMatchObject({ version: 5, method: 'm3', bodySite: 'bE', notes: ['n1'] });
    expect(await conflictRows(id)).toBe(0);
  });

  it('an edit in the chain that had nothing to add (its change was already there) keeps nothing; the next one still merges', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    // D sets g to the value E had already set: answered at version 3, nothing written.
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'bE' }))).toMatchObject({ status: 'merged', version: '3' });
    expect(await one(d, update(d, id, '1', { method: 'm3', bodySite: 'bE' }))).toMatchObject({ status: 'merged', version: '4' });
    expect(await stored(id)).toMatchObject({ version: 4, method: 'm3', bodySite: 'bE' });
    expect(await conflictRows(id)).toBe(0);
  });

  it('a genuine race stays a conflict: F changed f after D\'s first edit merged (F saw it), D\'s second edit of f did not see F\'s', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    expect(await one(f, update(f, id, '3', { method: 'mF', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '4' });
    const r = await one(d, update(d, id, '1', { method: 'm2', bodySite: 'b0' }));
    expect(r).toMatchObject({ status: 'conflict', fields: ['method.text'] });
    expect(await stored(id)).toMatchObject({ version: 4, method: 'mF', bodySite: 'bE' });
  });

  it('a genuine race stays a conflict: E changed f too (D\'s first edit conflicts; its second, which still carries it, conflicts on f)', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'mE', bodySite: 'b0' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'conflict', fields: ['method.text'] });
    // The second edit changes g only, on top of the first: the unresolved change of f travels with it.
    // The server keeps its state for the whole edit until the clinician resolves the first conflict.
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b2' }))).toMatchObject({ status: 'conflict', fields: ['method.text'] });
    expect(await stored(id)).toMatchObject({ version: 2, method: 'mE', bodySite: 'b0' });
    expect(await conflictRows(id)).toBe(2);
  });

  it('a conflict in the middle of a chain: the edit after it is merged against the last edit the server took, and still carries the conflicted change', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    expect(await one(f, update(f, id, '3', { method: 'm1', bodySite: 'bF' }))).toMatchObject({ status: 'applied', version: '4' });
    // D's second edit changes g: a race with F's g, recorded.
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b2' }))).toMatchObject({ status: 'conflict', fields: ['bodySite.text'] });
    // D's third edit adds a note on top of it: g still differs from what the server took from D.
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b2', note: ['n1'] }))).toMatchObject({ status: 'conflict', fields: ['bodySite.text'] });
    // Once the clinician undoes the change of g (the note stays), the edit merges.
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0', note: ['n1'] }))).toMatchObject({ status: 'merged', version: '5' });
    expect(await stored(id)).toMatchObject({ method: 'm1', bodySite: 'bF', notes: ['n1'] });
  });

  it('a delete in between: D\'s second edit of a record deleted since its first merged is a conflict; the tombstone stays', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    expect(await one(e, mutation(e, { op: 'delete', patientId, baseVersion: '3', resource: null, resourceType: 'Observation', resourceId: id }))).toMatchObject({ status: 'applied', version: '4' });
    expect(await one(d, update(d, id, '1', { method: 'm2', bodySite: 'b0' }))).toMatchObject({ status: 'conflict' });
    expect(await stored(id)).toMatchObject({ version: 4, deleted: true });
  });

  it('D deletes the record after its own merged edit: still a conflict, since E\'s change of g was never seen by D', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    const r = await one(d, mutation(d, { op: 'delete', patientId, baseVersion: '1', resource: null, resourceType: 'Observation', resourceId: id }));
    expect(r).toMatchObject({ status: 'conflict', fields: ['bodySite.text'] });
    expect(await stored(id)).toMatchObject({ version: 3, deleted: false });
  });

  it('another user on the same device is another author: its edit on the old base is merged against that base (a race on f)', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    expect(await one(d, update(d, id, '1', { method: 'm1', bodySite: 'b0' }))).toMatchObject({ status: 'merged', version: '3' });
    const ben = await login(server.url, 'rn.ben', d.deviceId);
    expect(await one(ben, update(ben, id, '1', { method: 'mB', bodySite: 'b0' }))).toMatchObject({ status: 'conflict', fields: ['method.text'] });
    expect(await stored(id)).toMatchObject({ version: 3, method: 'm1' });
  });

  it('a merged write logged without what was sent (before this was kept) falls back to the old base: a conflict, never a guess', async () => {
    const id = await created();
    expect(await one(e, update(e, id, '1', { method: 'm0', bodySite: 'bE' }))).toMatchObject({ status: 'applied', version: '2' });
    const first = update(d, id, '1', { method: 'm1', bodySite: 'b0' });
    expect(await one(d, first)).toMatchObject({ status: 'merged', version: '3' });
    await server.asOwner((c) => c.query('UPDATE mutation_log SET sent = NULL, base_version = NULL WHERE mutation_id = $1', [first['mutationId']]));
    expect(await one(d, update(d, id, '1', { method: 'm2', bodySite: 'b0' }))).toMatchObject({ status: 'conflict', fields: ['method.text'] });
    expect(await stored(id)).toMatchObject({ version: 3, method: 'm1', bodySite: 'bE' });
  });
});
