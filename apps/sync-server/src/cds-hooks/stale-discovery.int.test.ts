/**
 * A stale knowledge base over real HTTP: the server's clock moved past the knowledge base's
 * review-by date, GET /cds-services (https://cds-hooks.hl7.org/2.0/#discovery) tells an
 * integrator that decision support is out of date, in every service's description and in the
 * `lantern.knowledgeBase` extension; before it, it does not.
 */
import { KB_REVIEW_BY, KB_VERSION } from '@lantern/core/cds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';

interface Discovery { services: { id: string; description: string; extension: { 'lantern.knowledgeBase': { version: string; reviewBy: string; stale: boolean } } }[] }

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg);
}, 180_000);

afterAll(async () => {
  await server.close();
  await pg.stop();
});

const discovery = async (): Promise<Discovery> => {
  const r = await fetch(`${server.url}/cds-services`);
  expect(r.status).toBe(200);
  return (await r.json()) as Discovery;
};

describe('CDS Hooks discovery with a stale knowledge base', () => {
  it('says decision support is out of date once the server clock is past the review-by date, and not before', async () => {
    const reviewByMs = Date.parse(`${KB_REVIEW_BY}T00:00:00Z`);
    // Before the review-by date (the clock moved to the day before it if today is later).
    server.clock.advance(reviewByMs - 86_400_000 - server.clock.now().getTime());
    const before = await discovery();
    expect(before.services.length).toBeGreaterThan(0);
    for (const s of before.services) {
      expect(s.extension['lantern.knowledgeBase']).toEqual({ version: KB_VERSION, reviewBy: KB_REVIEW_BY, stale: false });
      expect(s.description).not.toMatch(/out of date/);
    }
    // Two days past it.
    server.clock.advance(3 * 86_400_000);
    const after = await discovery();
    for (const s of after.services) {
      expect(s.extension['lantern.knowledgeBase']).toEqual({ version: KB_VERSION, reviewBy: KB_REVIEW_BY, stale: true });
      expect(s.description).toMatch(/^Decision support is out of date/);
    }
  });
});
