/**
 * SMART Backend Services (https://hl7.org/fhir/smart-app-launch/backend-services.html) over real
 * HTTP: a laboratory system registered by an administrator with its public JWKS authenticates with
 * a signed JWT (ES384, then RS384), gets a `system/` token, and files a result. Its purpose bounds
 * what it may do whatever it asks for, every use is audited with its client id, and a bad
 * assertion gets no token.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let admin: Session;
let patient: string;

const ownerRows = <T>(sql: string, values: unknown[] = []) => server.asOwner(async (c) => (await c.query(sql, values)).rows as T[]);

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 25, demoHeavyPatient: false });
  admin = await login(server.url, 'admin.eve');
  patient = (await ownerRows<{ p: string }>("SELECT patient_id::text AS p FROM resources WHERE resource_type = 'Patient' ORDER BY 1 LIMIT 1"))[0]?.p ?? '';
}, 180_000);

afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

interface LabSystem { clientId: string; key: CryptoKey; kid: string; alg: 'ES384' | 'RS384' }

async function registerLab(alg: 'ES384' | 'RS384', scope = 'system/Observation.c system/DiagnosticReport.c system/ServiceRequest.rs'): Promise<LabSystem> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg };
  const r = await must<{ clientId: string }>(server.url, 'smart.registerClient', { kind: 'backend', name: 'Acme Lab', purpose: 'lab', jwks: { keys: [jwk] }, scope }, admin.token);
  return { clientId: r.clientId, key: privateKey, kid, alg };
}

async function assertion(lab: LabSystem, aud = `${server.url}/smart/token`, key: CryptoKey = lab.key): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: lab.alg, kid: lab.kid, typ: 'JWT' })
    .setIssuer(lab.clientId).setSubject(lab.clientId).setAudience(aud).setJti(randomUUID()).setIssuedAt(now).setExpirationTime(now + 240).sign(key);
}

async function tokenFor(lab: LabSystem, scope: string, jwt?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${server.url}/smart/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials', scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt ?? await assertion(lab),
    }).toString(),
  });
  return { status: r.status, body: await r.json() as Record<string, unknown> };
}

const fhir = (token: string, path: string, init: { method?: string; body?: unknown } = {}) => fetch(`${server.url}/fhir/R4/${path}`, {
  method: init.method ?? 'GET',
  headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...(init.body === undefined ? {} : { 'content-type': 'application/fhir+json' }) },
  ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
});

const result = (id: string) => ({
  resourceType: 'Observation', id, status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma' }] },
  subject: { reference: `Patient/${patient}` }, effectiveDateTime: '2026-12-04T01:00:00Z',
  valueQuantity: { value: 4.1, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
});

describe('SMART Backend Services', () => {
  it('a lab system gets a token with an ES384 client assertion and files a result, audited with its client id', async () => {
    const lab = await registerLab('ES384');
    const t = await tokenFor(lab, 'system/Observation.c system/ServiceRequest.rs');
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    expect(t.body['token_type']).toBe('Bearer');
    expect(String(t.body['scope']).split(' ').sort()).toEqual(['system/Observation.c', 'system/ServiceRequest.rs']);
    const token = String(t.body['access_token']);
    // The order reached the lab: its service account joins that patient's care team (as the demo lab does).
    await ownerRows("INSERT INTO care_team (patient_id, user_id) SELECT $1, service_user_id FROM smart_clients WHERE client_id = $2", [patient, lab.clientId]);
    const id = randomUUID();
    const created = await fhir(token, `Observation/${id}`, { method: 'PUT', body: result(id) });
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await fhir(token, `ServiceRequest?patient=${patient}`)).status).toBe(200);
    // Reading the chart is not what a lab is for, and its token cannot read it either.
    const chart = await fhir(token, `Patient/${patient}`);
    expect(chart.status).toBe(403);
    expect((await chart.json() as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fhir(token, `Observation/${id}`)).status).toBe(403);
    const events = await ownerRows<{ action: string; outcome: string }>("SELECT action, outcome FROM audit.events WHERE detail->>'clientId' = $1 ORDER BY seq", [lab.clientId]);
    expect(events).toEqual(expect.arrayContaining([{ action: 'resource-create', outcome: 'success' }, { action: 'access-denied', outcome: 'denied' }]));
  }, 60_000);

  it('RS384 works too; scopes beyond the purpose are refused at registration and never granted', async () => {
    const wide = await call(server.url, 'smart.registerClient', { kind: 'backend', name: 'Greedy Lab', purpose: 'lab', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y' }] }, scope: 'system/Patient.rs' }, admin.token);
    expect(wide.ok).toBe(false);
    const lab = await registerLab('RS384');
    const t = await tokenFor(lab, 'system/Observation.c system/Patient.rs system/*.cruds');
    expect(t.status).toBe(200);
    expect(t.body['scope']).toBe('system/Observation.c');
  }, 60_000);

  it('no token for a forged, replayed or misaddressed assertion, or for a deactivated client', async () => {
    const lab = await registerLab('ES384');
    const other = await generateKeyPair('ES384');
    expect((await tokenFor(lab, 'system/Observation.c', await assertion(lab, undefined, other.privateKey))).status).toBe(401);
    expect((await tokenFor(lab, 'system/Observation.c', await assertion(lab, 'https://elsewhere.example/token'))).status).toBe(401);
    const once = await assertion(lab);
    expect((await tokenFor(lab, 'system/Observation.c', once)).status).toBe(200);
    expect((await tokenFor(lab, 'system/Observation.c', once)).status).toBe(401);
    const good = String((await tokenFor(lab, 'system/Observation.c')).body['access_token']);
    await must(server.url, 'smart.setClientActive', { clientId: lab.clientId, active: false }, admin.token);
    expect((await fhir(good, 'Observation?patient=' + patient)).status).toBe(401);
    expect((await tokenFor(lab, 'system/Observation.c')).status).toBe(401);
  }, 60_000);

  it('an admin may register apps; a physician may not', async () => {
    const ada = await login(server.url, 'dr.ada');
    const r = await call(server.url, 'smart.registerClient', { kind: 'public', name: 'X', redirectUris: ['http://127.0.0.1:9/cb'], scope: 'openid patient/*.rs' }, ada.token);
    expect(r.ok).toBe(false);
    expect(r.status).toBe(403);
  });
});
