/** Break-glass on a real database: granted with a reason, flagged, reviewable, read-only, time-boxed. */
import { randomUUID } from 'node:crypto';
import type { Change, PullOutput, PushOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, medicationRequest, mutation } from '../testing/fixtures.ts';

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

async function pullAll(s: Session, cursor: string | null = null): Promise<{ changes: Change[]; purged: string[]; cursor: string }> {
  const changes: Change[] = [];
  const purged: string[] = [];
  let c = cursor;
  for (let i = 0; i < 1000; i++) {
    const p: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor: c, limit: 1000 }, s.token);
    changes.push(...p.changes);
    purged.push(...p.purgePatients);
    c = p.cursor;
    if (!p.hasMore) break;
  }
  return { changes, purged, cursor: c ?? '0' };
}

describe('access.breakGlass', () => {
  it('grants time-boxed, flagged, read-only access that the privacy officer reviews, then expires', async () => {
    const outside = patients.outside[0] ?? '';
    const deviceId = randomUUID();
    const ada = await login(server.url, 'dr.ada', deviceId);
    const before = await pullAll(ada);
    expect(before.changes.some((c) => c.patientId === outside)).toBe(false);

    const grant = await must<{ grantId: string; expiresAt: string; flagged: boolean }>(
      server.url, 'access.breakGlass', { patientId: outside, reason: 'Unresponsive in ED, no records available' }, ada.token);
    expect(grant.flagged).toBe(true);
    const hours = (Date.parse(grant.expiresAt) - server.clock.now().getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(3.9);
    expect(hours).toBeLessThanOrEqual(4);

    // The chart arrives on the next pull (backfilled), every read of it flagged.
    const during = await pullAll(ada, before.cursor);
    expect(during.changes.some((c) => c.patientId === outside && c.resourceType === 'Patient')).toBe(true);
    const flagged = await server.asOwner((c) => c.query("SELECT action, reason FROM audit.events WHERE patient_id = $1 AND flagged ORDER BY seq", [outside]));
    expect(flagged.rows[0]).toEqual({ action: 'break-glass', reason: 'Unresponsive in ED, no records available' });
    expect(flagged.rows.some((r: { action: string }) => r.action === 'resource-read')).toBe(true);

    // Read-only: an order for the patient is still refused.
    const order = await must<PushOutput>(server.url, 'sync.push', { deviceId, mutations: [mutation(ada, { op: 'create', patientId: outside, resource: medicationRequest(outside, randomUUID(), 5) })] }, ada.token);
    expect(order.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });

    // Listed for review, to the privacy officer only.
    const privacy = await login(server.url, 'privacy.dee');
    const review = await must<{ grantId: string; username: string; reason: string; active: boolean }[]>(server.url, 'audit.breakGlassReview', {}, privacy.token);
    expect(review.find((g) => g.grantId === grant.grantId)).toMatchObject({ username: 'dr.ada', active: true, reason: 'Unresponsive in ED, no records available' });
    expect(await call(server.url, 'audit.breakGlassReview', {}, ada.token)).toMatchObject({ ok: false, status: 403 });
    const listed = await must<{ events: { action: string }[] }>(server.url, 'audit.list', { patientId: outside, flaggedOnly: true }, privacy.token);
    expect(listed.events.map((e) => e.action)).toContain('break-glass');
    await must(server.url, 'audit.markReviewed', { grantId: grant.grantId }, privacy.token);

    // Four hours later the grant has expired: the patient is purged from the workstation.
    server.clock.advance(4 * 3_600_000 + 60_000);
    try {
      const later = await login(server.url, 'dr.ada', deviceId);
      const after = await pullAll(later, during.cursor);
      expect(after.purged).toContain(outside);
      expect(after.changes.some((c) => c.patientId === outside)).toBe(false);
      const review2 = await must<{ grantId: string; active: boolean; reviewedAt: string | null }[]>(server.url, 'audit.breakGlassReview', {}, (await login(server.url, 'privacy.dee')).token);
      expect(review2.find((g) => g.grantId === grant.grantId)).toMatchObject({ active: false });
      expect(review2.find((g) => g.grantId === grant.grantId)?.reviewedAt).not.toBeNull();
    } finally {
      server.clock.advance(-(4 * 3_600_000 + 60_000));
    }
  });

  it('needs a stated reason and is not available to billing, privacy or admin', async () => {
    const outside = patients.outside[1] ?? '';
    const ada = await login(server.url, 'dr.ada');
    expect(await call(server.url, 'access.breakGlass', { patientId: outside, reason: 'x' }, ada.token)).toMatchObject({ ok: false, status: 400 });
    for (const who of ['billing.cy', 'privacy.dee', 'admin.eve']) {
      const s = await login(server.url, who);
      expect(await call(server.url, 'access.breakGlass', { patientId: outside, reason: 'Emergency, patient unresponsive' }, s.token)).toMatchObject({ ok: false, status: 403 });
    }
    const denied = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'break-glass' AND outcome = 'denied' AND patient_id = $1", [outside]));
    expect(denied.rows[0].n).toBe(3);
  });
});
