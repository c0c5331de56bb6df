/**
 * audit.ingest with `after`: a workstation sends its next batch before the answer to the one before,
 * naming that one's last event. What the privacy officer relies on: the device chain is stored in
 * order, each event once, and verifies; a batch behind one that failed, or that arrives first, is
 * refused with nothing stored (typed, retriable) and goes in once sent again in order.
 * A real server on a real Postgres.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendToChain, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyCentralChain } from '../db/verify-chain.ts';
import { call, ingestInput, login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let pg: TestPostgres;
let server: TestServer;
/** A second app server on the same database, as behind a load balancer. */
let other: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  const tokenSecret = `test-secret-${randomUUID()}`;
  server = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false, tokenSecret });
  other = await startTestServer(pg, { databaseUrl: server.databaseOwnerUrl, tokenSecret });
}, 120_000);
afterAll(async () => {
  await other?.close();
  await server?.close();
  await pg?.stop();
});

/** A device chain of `n` events of a fresh device signed in as rn.ben. */
async function device(n: number): Promise<{ s: Session; chain: ChainedAuditEvent[] }> {
  const s = await login(server.url, 'rn.ben');
  const inputs = Array.from({ length: n }, (_, i): AuditEventInput => ({
    eventId: randomUUID(), deviceId: s.deviceId as AuditEventInput['deviceId'], userId: s.userId as AuditEventInput['userId'],
    action: 'chart-view', patientId: null, resourceType: null, resourceId: null, outcome: 'success', reason: null,
    detail: { i }, recordedAt: new Date(Date.UTC(2026, 10, 20, 8, 0, i % 60)).toISOString(),
  }));
  return { s, chain: appendToChain(inputs, null, sha) };
}

/** audit.ingest of `events`, sent behind the batch ending at `after` when given. */
function send(s: Session, events: ChainedAuditEvent[], after?: ChainedAuditEvent, to: TestServer = server) {
  const input = after === undefined ? ingestInput(s, events) : { ...ingestInput(s, events), after: { seq: after.seq, hash: after.hash } };
  return call<{ accepted: number; duplicates: number; checksAfter?: boolean }>(to.url, 'audit.ingest', input, s.token);
}

/** The device's stored events: device seqs in central order, and whether each verified. */
async function stored(s: Session): Promise<{ seqs: number[]; verified: string[]; findings: number }> {
  return server.asOwner(async (c) => {
    const r = await c.query("SELECT (detail->>'ingest.deviceSeq')::int AS seq, detail->>'ingest.verified' AS v FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.deviceSeq' ORDER BY seq", [s.deviceId]);
    const f = await c.query('SELECT count(*)::int AS n FROM audit.findings WHERE device_id = $1', [s.deviceId]);
    return { seqs: r.rows.map((x: { seq: number }) => x.seq), verified: [...new Set(r.rows.map((x: { v: string }) => x.v))], findings: f.rows[0].n as number };
  });
}

const seqsOf = (events: readonly ChainedAuditEvent[]) => events.map((e) => e.seq);

it('three batches in flight at once, each behind the one before, are stored once, in chain order, verified', async () => {
  const { s, chain } = await device(1500);
  const [a, b, c] = [chain.slice(0, 500), chain.slice(500, 1000), chain.slice(1000)];
  const first = await send(s, a);
  expect(first).toMatchObject({ ok: true, data: { accepted: 500, checksAfter: true } });
  // b and c leave together; c may reach the head first, and is then refused, never stored past a gap.
  const [rb, rc] = await Promise.all([send(s, b, a.at(-1)), send(s, c, b.at(-1))]);
  expect(rb).toMatchObject({ ok: true, data: { accepted: 500 } });
  if (!rc.ok) {
    expect(rc).toMatchObject({ status: 412, error: { data: { lanternCode: 'VERSION_MISMATCH', issues: [{ path: 'after' }] } } });
    expect(await send(s, c, b.at(-1))).toMatchObject({ ok: true, data: { accepted: 500 } });
  }
  expect(await stored(s)).toEqual({ seqs: seqsOf(chain), verified: ['true'], findings: 0 });
  expect(await server.asOwner((cl) => verifyCentralChain(cl))).toMatchObject({ ok: true });
});

it('a batch that arrives before the one it was sent behind is refused with nothing stored; sent again in order it goes in', async () => {
  const { s, chain } = await device(900);
  const [a, b, c] = [chain.slice(0, 300), chain.slice(300, 600), chain.slice(600)];
  expect(await send(s, a)).toMatchObject({ ok: true });
  const early = await send(s, c, b.at(-1));
  expect(early).toMatchObject({ ok: false, status: 412, error: { data: { lanternCode: 'VERSION_MISMATCH', issues: [{ path: 'after', message: '300' }] } } });
  if (!early.ok) expect(early.error.message).toContain('nothing was stored');
  expect(await stored(s)).toEqual({ seqs: seqsOf(a), verified: ['true'], findings: 0 });
  expect(await send(s, b, a.at(-1))).toMatchObject({ ok: true, data: { accepted: 300 } });
  expect(await send(s, c, b.at(-1))).toMatchObject({ ok: true, data: { accepted: 300 } });
  expect(await stored(s)).toEqual({ seqs: seqsOf(chain), verified: ['true'], findings: 0 });
});

it('a batch behind one that failed is not stored; the next cycle resends both, in order, once', async () => {
  const { s, chain } = await device(600);
  const [a, b] = [chain.slice(0, 300), chain.slice(300)];
  const unsigned = { ...ingestInput(s, a), signature: ingestInput(s, b).signature };
  const [ra, rb] = await Promise.all([call(server.url, 'audit.ingest', unsigned, s.token), send(s, b, a.at(-1))]);
  expect(ra).toMatchObject({ ok: false, status: 401 });
  expect(rb).toMatchObject({ ok: false, status: 412, error: { data: { lanternCode: 'VERSION_MISMATCH' } } });
  expect((await stored(s)).seqs).toEqual([]);
  expect(await send(s, a)).toMatchObject({ ok: true, data: { accepted: 300 } });
  expect(await send(s, b, a.at(-1))).toMatchObject({ ok: true, data: { accepted: 300 } });
  // A batch delivered twice (a retry after a lost answer): behind the same head it is refused, alone it is all duplicates.
  expect(await send(s, b, a.at(-1))).toMatchObject({ ok: false, status: 412 });
  expect(await send(s, b)).toMatchObject({ ok: true, data: { accepted: 0, duplicates: 300 } });
  const st = await stored(s);
  expect(st.seqs).toEqual(seqsOf(chain));
  expect(st.verified).toEqual(['true']);
});

it('batches of one device spread over two app servers go in once and in order: one that gets ahead is refused and goes in when sent again', async () => {
  const { s, chain } = await device(4000);
  const batches = [0, 1, 2, 3].map((k) => chain.slice(k * 1000, (k + 1) * 1000));
  expect(await send(s, batches[0] ?? [])).toMatchObject({ ok: true });
  for (let k = 1; k < 4; k += 2) {
    const [a, b] = [batches[k] ?? [], batches[k + 1]];
    // a to this server, b behind it to the other, at once; b is sent again until it goes in (at most once more).
    const [ra, rb] = await Promise.all([send(s, a, batches[k - 1]?.at(-1)), b === undefined ? null : send(s, b, a.at(-1), other)]);
    expect(ra).toMatchObject({ ok: true, data: { accepted: 1000 } });
    if (b !== undefined && rb !== null && !rb.ok) expect(await send(s, b, a.at(-1), other)).toMatchObject({ ok: true, data: { accepted: 1000 } });
  }
  expect(await stored(s)).toEqual({ seqs: seqsOf(chain), verified: ['true'], findings: 0 });
  expect(await server.asOwner((cl) => verifyCentralChain(cl))).toMatchObject({ ok: true });
});

it('an `after` that is not a chain head is bad input', async () => {
  const { s, chain } = await device(2);
  const r = await call(server.url, 'audit.ingest', { ...ingestInput(s, chain), after: { seq: 0, hash: 'x' } }, s.token);
  expect(r).toMatchObject({ ok: false, status: 400, error: { data: { lanternCode: 'BAD_INPUT' } } });
});
