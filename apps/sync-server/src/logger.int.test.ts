/**
 * No PHI in the server log: a FHIR search by name and birth date, a form-encoded FHIR search, a
 * tRPC query carrying PHI in its URL input and a tRPC mutation carrying it in its body all leave
 * log lines with method, route pattern, status, time, user id and request id, and neither the
 * name nor the birth date anywhere.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from './testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
    done();
  },
});

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false, logLevel: 'info', logStream: capture });
  ada = await login(server.url, 'dr.ada');
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('request logging', () => {
  it('never writes a searched name or birth date, from FHIR or tRPC, in the URL or the body', async () => {
    const p = (await server.asOwner((c) => c.query("SELECT patient_id, resource FROM resources WHERE resource_type = 'Patient' AND resource ? 'birthDate' LIMIT 1"))).rows[0] as {
      patient_id: string; resource: { name: { family: string; given: string[] }[]; birthDate: string };
    };
    const family = p.resource.name[0]?.family ?? '';
    const given = p.resource.name[0]?.given[0] ?? '';
    const birth = p.resource.birthDate;
    expect(family.length).toBeGreaterThan(2);
    const auth = { authorization: `Bearer ${ada.token}` };

    const search = await fetch(`${server.url}/fhir/R4/Patient?family=${encodeURIComponent(family)}&given=${encodeURIComponent(given)}&birthdate=${birth}`, { headers: auth });
    expect(search.status).toBe(200);
    const form = await fetch(`${server.url}/fhir/R4/Patient/_search`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: `name=${encodeURIComponent(family)}&birthdate=${birth}` });
    expect(form.status).toBe(200);
    const input = encodeURIComponent(JSON.stringify({ family, birthDate: birth }));
    await fetch(`${server.url}/trpc/access.myGrants?input=${input}`, { headers: auth });
    await fetch(`${server.url}/trpc/access.breakGlass`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: p.patient_id, reason: `chest pain, ${family} ${given} born ${birth}` }),
    });
    // The last request's line is written when its response completes.
    await new Promise((r) => setTimeout(r, 200));

    const log = lines.join('\n');
    expect(log).not.toContain(family);
    expect(log).not.toContain(encodeURIComponent(family));
    expect(log).not.toContain(birth);
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'request');
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '/fhir/R4/:type', status: 200, userId: ada.userId, reqId: expect.any(String) as unknown }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', route: '/trpc/:path', procedure: 'access.breakGlass', userId: ada.userId }));
    expect(requests.every((r) => r['url'] === undefined && r['req'] === undefined && typeof r['ms'] === 'number')).toBe(true);
  });
});
