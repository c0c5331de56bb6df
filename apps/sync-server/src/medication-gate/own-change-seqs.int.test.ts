/**
 * The record cache finds a record current without reading the change feed only when every change
 * seq since it was read was drawn by this process's own committed pushes (real embedded Postgres,
 * real writes through the push's write statement). Each scenario is one a pharmacist would worry
 * about: a problem or an order version written by anyone else, or by a batch of this server the
 * cache could not place, must reach the chart the next order is checked against.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { persistBatch, persistWrites, prepareWrite, readResource, type SeqRuns, type WriteRequest } from '../db/resources.ts';
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { PatientContextCache, type CachedRecord } from './patient-context-cache.ts';
import { CONTEXT_TYPE_SET, CONTEXT_TYPES } from './patient-contexts.ts';

type Json = Record<string, unknown>;
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const actor: Actor = { userId: 'system', role: 'system', deviceId: 'own-change-seqs-test', clientAddress: 'test' };

let postgres: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  postgres = await startTestPostgres();
  server = await startTestServer(postgres, { demo: true, demoPatients: 1, demoHeavyPatient: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await postgres?.stop();
});

const naproxen = (patientId: string, id: string, doseMg: number): Json => ({
  resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` },
  medicationCodeableConcept: { coding: [{ system: RX, code: '7258', display: 'naproxen' }] },
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg' } }] }],
});
const ckd = (patientId: string, id: string): Json => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${patientId}` },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.4' }] },
});

/** The write of `resource` as the next version of what is stored. */
async function request(patientId: string, resource: Json): Promise<WriteRequest> {
  const type = String(resource['resourceType']);
  const id = String(resource['id']);
  const current = await readResource(server.pool, type, id);
  return { op: current === null ? 'create' : 'update', resourceType: type, id, patientId, resource, current };
}

/**
 * A push of this process: written with the push's write statement, committed, then handed to the
 * cache with the seqs it drew (as push-gate.ts does), its patients' records snapshotted before.
 */
async function ownPush(cache: PatientContextCache, patientId: string, resources: Json[], before = cache.snapshot([patientId])): Promise<SeqRuns> {
  const reqs = await Promise.all(resources.map((r) => request(patientId, r)));
  const now = new Date();
  const writes = reqs.map((r) => prepareWrite(r, now));
  const drawn = await withTx(server.pool, (c) => persistBatch(c, writes, actor, []));
  cache.noteCommitted(before, writes.map((w) => ({ patientId, resourceType: w.req.resourceType, id: w.req.id, version: w.version, resource: w.stored })), CONTEXT_TYPE_SET, drawn);
  return drawn;
}

/** A write the cache is not told of: another app server, the FHIR API, an import. */
async function otherWrite(patientId: string, resource: Json): Promise<void> {
  const r = await request(patientId, resource);
  await withTx(server.pool, (c) => persistWrites(c, [prepareWrite(r, new Date())], actor));
}

const read = async (cache: PatientContextCache, patientId: string, pool: pg.Pool = server.pool): Promise<CachedRecord> => {
  const r = (await cache.records(pool, [patientId], CONTEXT_TYPES)).get(patientId);
  if (r === undefined) throw new Error('no record');
  return r;
};
const versionOf = (r: CachedRecord, key: string): unknown => (r.resources.get(key)?.['meta'] as Json | undefined)?.['versionId'];

/** A fresh cache holding one patient's record (one naproxen order, pushed by this process), read once from the feed. */
async function cachedPatient(): Promise<{ cache: PatientContextCache; patientId: string; orderId: string }> {
  const cache = new PatientContextCache();
  const patientId = randomUUID();
  const orderId = randomUUID();
  await ownPush(cache, patientId, [naproxen(patientId, orderId, 250)]);
  await read(cache, patientId);
  return { cache, patientId, orderId };
}

/** The pool, but the change feed's answer is held back until `release` (the read is in flight meanwhile). */
function stallingFeed(): { pool: pg.Pool; queried: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  let queried = (): void => undefined;
  const held = new Promise<void>((done) => {
    release = done;
  });
  const ran = new Promise<void>((done) => {
    queried = done;
  });
  const pool = {
    query: async (q: unknown, values?: unknown[]) => {
      const r: unknown = await server.pool.query(q as never, values as never);
      if (typeof q === 'object' && q !== null && (q as { name?: string }).name === 'medication-gate-record-changes') {
        queried();
        await held;
      }
      return r;
    },
  } as unknown as pg.Pool;
  return { pool, queried: ran, release };
}

describe('a cached record is current without the change feed only when nobody else wrote', () => {
  it('after this server\'s own pushes the next read needs no feed and holds what they wrote', async () => {
    const { cache, patientId, orderId } = await cachedPatient();
    expect(cache.reads).toEqual({ fromFeed: 1, current: 0 });
    const drawn = await ownPush(cache, patientId, [naproxen(patientId, orderId, 500)]);
    expect(drawn.length).toBe(1);
    const r = await read(cache, patientId);
    expect(cache.reads).toEqual({ fromFeed: 1, current: 1 });
    expect(versionOf(r, `MedicationRequest/${orderId}`)).toBe('2');
    expect(r.watermark).toBeGreaterThanOrEqual((drawn[0] as readonly [bigint, bigint])[1]);
    // The watermark passed the applied write: its mark is dropped (a later feed read need not skip it).
    expect(r.own).toBeUndefined();
  }, 60_000);

  it('a problem written by anyone else in between is read from the feed and reaches the record', async () => {
    const { cache, patientId, orderId } = await cachedPatient();
    await ownPush(cache, patientId, [naproxen(patientId, orderId, 500)]);
    const ckdId = randomUUID();
    await otherWrite(patientId, ckd(patientId, ckdId));
    const r = await read(cache, patientId);
    expect(cache.reads.fromFeed).toBe(2);
    expect(versionOf(r, `Condition/${ckdId}`)).toBe('1');
    expect(versionOf(r, `MedicationRequest/${orderId}`)).toBe('2');
    // Another patient's write is a gap too: the feed is read, nothing of theirs comes in.
    await ownPush(cache, patientId, [naproxen(patientId, orderId, 250)]);
    await otherWrite(randomUUID(), ckd(randomUUID(), randomUUID()));
    await read(cache, patientId);
    expect(cache.reads.fromFeed).toBe(3);
  }, 60_000);

  it('a batch of this server that rolled back leaves a gap: the next read goes to the feed', async () => {
    const { cache, patientId, orderId } = await cachedPatient();
    const rolledBack = await request(patientId, naproxen(patientId, orderId, 5000));
    await expect(withTx(server.pool, async (c) => {
      await persistBatch(c, [prepareWrite(rolledBack, new Date())], actor, []);
      throw new Error('the batch failed after its write');
    })).rejects.toThrow('the batch failed');
    await ownPush(cache, patientId, [naproxen(patientId, orderId, 500)]);
    const r = await read(cache, patientId);
    expect(cache.reads.fromFeed).toBe(2);
    expect((r.resources.get(`MedicationRequest/${orderId}`)?.['dosageInstruction'] as Json[])[0]).toMatchObject({ doseAndRate: [{ doseQuantity: { value: 500 } }] });
  }, 60_000);

  it('a batch whose seqs are not consecutive (another writer drew between them) reports each one, exactly the seqs its rows hold', async () => {
    // Every other number drawn by "someone else": the sequence steps by 2 for this batch.
    await server.asOwner((c) => c.query('ALTER SEQUENCE change_seq INCREMENT BY 2'));
    try {
      const cache = new PatientContextCache();
      const patientId = randomUUID();
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const drawn = await ownPush(cache, patientId, ids.map((id) => naproxen(patientId, id, 250)));
      const stored = await server.pool.query<{ seq: string }>('SELECT seq::text AS seq FROM resources WHERE patient_id = $1 ORDER BY seq', [patientId]);
      const seqs = stored.rows.map((r) => BigInt(r.seq));
      expect(seqs).toHaveLength(3);
      expect(drawn).toEqual(seqs.map((n) => [n, n]));
    } finally {
      await server.asOwner((c) => c.query('ALTER SEQUENCE change_seq INCREMENT BY 1'));
    }
  }, 60_000);

  it('an own write committed while a read of the patient was in flight: the record that read stores lacks it, so the next read goes to the feed', async () => {
    const { cache, patientId, orderId } = await cachedPatient();
    const other = randomUUID();
    await ownPush(cache, other, [naproxen(other, randomUUID(), 250)]);
    // A gap, so the in-flight read goes to the feed; it reads before the own write commits.
    await otherWrite(patientId, naproxen(patientId, randomUUID(), 100));
    // Another patient, read past the gap.
    await read(cache, other);
    const stall = stallingFeed();
    const inFlight = read(cache, patientId, stall.pool);
    await Promise.race([stall.queried, inFlight.then(() => {
      throw new Error('the read found the record current: it should have gone to the feed');
    })]);
    const ckdId = randomUUID();
    await ownPush(cache, patientId, [ckd(patientId, ckdId)]);
    // The other patient's push meanwhile: the read in flight cannot store their record.
    const otherCkd = randomUUID();
    await ownPush(cache, other, [ckd(other, otherCkd)]);
    stall.release();
    expect(versionOf(await inFlight, `Condition/${ckdId}`)).toBeUndefined();
    expect(cache.reads).toEqual({ fromFeed: 3, current: 0 });
    // Everything since is this server's own, yet the record stored lacks the problem.
    const r = await read(cache, patientId);
    expect(versionOf(r, `Condition/${ckdId}`)).toBe('1');
    expect(cache.reads).toEqual({ fromFeed: 4, current: 0 });
    // The other patient's record took their push in place and is current without the feed.
    expect(versionOf(await read(cache, other), `Condition/${otherCkd}`)).toBe('1');
    expect(cache.reads).toEqual({ fromFeed: 4, current: 1 });
    // Read past it: current without the feed again.
    await ownPush(cache, patientId, [naproxen(patientId, orderId, 500)]);
    expect(versionOf(await read(cache, patientId), `Condition/${ckdId}`)).toBe('1');
    expect(cache.reads).toEqual({ fromFeed: 4, current: 2 });
  }, 60_000);

  it('an own write the cache could not apply in place (the record was read again meanwhile) sends the next read to the feed', async () => {
    const { cache, patientId } = await cachedPatient();
    // The batch snapshots the record, then another batch's read replaces it before this one commits.
    const before = cache.snapshot([patientId]);
    await read(cache, patientId);
    const ckdId = randomUUID();
    await ownPush(cache, patientId, [ckd(patientId, ckdId)], before);
    const r = await read(cache, patientId);
    expect(versionOf(r, `Condition/${ckdId}`)).toBe('1');
    expect(cache.reads.fromFeed).toBe(2);
  }, 60_000);
});
