/**
 * The FHIR audit group commit on a real database: batches commit in parallel on separate chains,
 * so one stalled chain does not hold up every audited read, and no read is released before its
 * event is committed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf, serverEvent, type Actor } from '../db/audit-log.ts';
import { guardPoolConnections } from '../db/database.ts';
import { verifyCentralChain } from '../db/verify-chain.ts';
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { AuditBatcher } from './audit-batcher.ts';

let pgServer: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  server = await startTestServer(pgServer, { demo: false });
});
afterAll(async () => {
  await server?.close();
  await pgServer?.stop();
});

const actor: Actor = { userId: randomUUID(), role: 'physician', deviceId: randomUUID(), clientAddress: '127.0.0.1' };
const readEvent = () => serverEvent(actor, { action: 'resource-read', outcome: 'success', patientId: randomUUID(), resourceType: 'Observation', resourceId: randomUUID() }, new Date());

/** Settles within `ms`: true if it resolved, false if still pending. */
const settlesWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('AuditBatcher', () => {
  it('commits batches in parallel on separate chains and releases a read only once its event is committed', async () => {
    const pool = new pg.Pool({ connectionString: server.databaseOwnerUrl, max: 4, idleTimeoutMillis: 0 });
    guardPoolConnections(pool, pino({ level: 'silent' }));
    const blocker = new pg.Client({ connectionString: server.databaseOwnerUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    try {
      // The pool's four connections and the chain each appends to.
      const clients = await Promise.all([0, 1, 2, 3].map(() => pool.connect()));
      const chains = clients.map((c) => chainOf(c));
      expect(new Set(chains).size).toBe(4);
      for (const c of clients) c.release();
      // The connection the pool hands out next, and two others: another writer holds their chains' heads.
      const probe = await pool.connect();
      const first = chainOf(probe);
      probe.release();
      const blocked = [first, ...chains.filter((c) => c !== first).slice(0, 2)];
      await blocker.query('BEGIN');
      await blocker.query('SELECT chain FROM audit.chain_heads WHERE chain = ANY($1::int[]) FOR UPDATE', [blocked]);

      const batcher = new AuditBatcher(pool, pino({ level: 'silent' }), 4);
      const events = Array.from({ length: 8 }, readEvent);
      const done = new Set<string>();
      const reads: Promise<void>[] = [];
      for (const e of events) {
        // Separate reads arriving one after another.
        reads.push(batcher.record([e]).then(() => void done.add(e.eventId)));
        await new Promise((r) => setTimeout(r, 60));
      }
      // Serial flushing would stall every read behind the first batch (its chain is held); here the
      // free chain keeps serving: all but the (at most three) reads on held chains are answered.
      for (let t = 0; t < 200 && done.size < events.length - 3; t++) await new Promise((r) => setTimeout(r, 100));
      expect(done.size).toBeGreaterThanOrEqual(events.length - 3);
      expect(await settlesWithin(Promise.all(reads), 500)).toBe(false);
      const visible = async () => new Set((await server.asOwner((c) => c.query('SELECT event_id FROM audit.events WHERE event_id = ANY($1::text[])', [events.map((e) => e.eventId)]))).rows.map((r: { event_id: string }) => r.event_id));
      const committed = await visible();
      // Every released read's event is committed; no held read's event is.
      for (const e of events) expect(committed.has(e.eventId)).toBe(done.has(e.eventId));

      await blocker.query('COMMIT');
      await Promise.all(reads);
      expect((await visible()).size).toBe(events.length);
      expect(await server.asOwner((c) => verifyCentralChain(c))).toMatchObject({ ok: true });
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      await pool.end();
    }
  });
});
