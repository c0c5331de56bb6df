/**
 * SMART App Launch 2 conformance with a real client: the SMART client library for JavaScript
 * (fhirclient) runs an app on loopback; a clinician's browser signs in and consents at the real
 * server over real HTTP. EHR launch (a launch minted for the open patient) and standalone launch
 * (patient picker) both end with the app reading its patient, and being refused (403
 * OperationOutcome) what its scopes or its patient context do not allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { formAction, startTestApp, TestBrowser, type TestApp } from './smart-test-app.ts';
import { launchUrlFor } from './launch.ts';

let pg: TestPostgres;
let server: TestServer;
let app: TestApp;
let admin: Session;
let ada: Session;
let mine: string[] = [];
let notMine: string;

const ownerRows = <T>(sql: string, values: unknown[] = []) => server.asOwner(async (c) => (await c.query(sql, values)).rows as T[]);

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 60, demoHeavyPatient: false });
  app = await startTestApp();
  admin = await login(server.url, 'admin.eve');
  ada = await login(server.url, 'dr.ada');
  mine = (await ownerRows<{ p: string }>("SELECT ct.patient_id::text AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada' ORDER BY 1 LIMIT 2")).map((r) => r.p);
  notMine = (await ownerRows<{ p: string }>(`SELECT patient_id::text AS p FROM resources WHERE resource_type = 'Patient' AND patient_id NOT IN
    (SELECT patient_id FROM care_team WHERE user_id = $1) AND patient_id NOT IN (SELECT pu.patient_id FROM patient_units pu JOIN user_units uu ON uu.unit = pu.unit WHERE uu.user_id = $1) LIMIT 1`, [ada.userId]))[0]?.p ?? '';
}, 180_000);

afterAll(async () => {
  await app?.close();
  await server?.close();
  await pg?.stop();
});

async function registerApp(scope: string): Promise<string> {
  const r = await must<{ clientId: string; clientSecret: string | null }>(server.url, 'smart.registerClient', {
    kind: 'public', name: 'Growth Chart', redirectUris: [`${app.url}/callback`], launchUrl: `${app.url}/launch`, scope,
  }, admin.token);
  expect(r.clientSecret).toBeNull();
  return r.clientId;
}

/** The clinician's part: sign in, check the consent page, allow (picking a patient when asked). */
async function signInAndAllow(browser: TestBrowser, start: string, pick: string | null): Promise<{ consent: string; final: string }> {
  const loginPage = await browser.follow(start);
  expect(loginPage.response.status, `${loginPage.url} ${loginPage.body.slice(-900)}`).toBe(200);
  expect(loginPage.body).toContain('Sign in to Lantern');
  const consent = await browser.follow(formAction(loginPage.body, loginPage.url), { method: 'POST', form: { username: 'dr.ada', password: 'lantern-demo' } });
  expect(consent.response.status, `${consent.url} ${consent.body.slice(-700)}`).toBe(200);
  expect(consent.body).toContain('Allow Growth Chart?');
  const form: Record<string, string> = { decision: 'allow', ...(pick === null ? {} : { patient: pick }) };
  const done = await browser.follow(formAction(consent.body, consent.url), { method: 'POST', form });
  expect(done.response.status, done.body).toBe(200);
  expect(done.body).toBe('launched');
  return { consent: consent.body, final: done.url };
}

describe('SMART App Launch with fhirclient', () => {
  it('discovery: smart-configuration and the metadata oauth-uris name the endpoints', async () => {
    for (const path of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
      const c = await (await fetch(`${server.url}${path}`)).json() as Record<string, unknown>;
      expect(c['token_endpoint']).toBe(`${server.url}/smart/token`);
      expect(c['code_challenge_methods_supported']).toEqual(['S256']);
      expect(c['capabilities']).toEqual(expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-confidential-asymmetric', 'permission-v2']));
    }
  });

  it('the CapabilityStatement advertises the SMART endpoints (oauth-uris extension)', async () => {
    const cs = await (await fetch(`${server.url}/fhir/R4/metadata`)).json() as { rest: { security: { extension?: { url: string; extension: { url: string; valueUri: string }[] }[] } }[] };
    const uris = cs.rest[0]?.security.extension?.find((e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
    expect(Object.fromEntries((uris?.extension ?? []).map((e) => [e.url, e.valueUri]))).toEqual({
      authorize: `${server.url}/smart/auth`, token: `${server.url}/smart/token`, revoke: `${server.url}/smart/token/revocation`,
    });
  });

  it('EHR launch: the open patient reaches the app; other types and other patients are refused', async () => {
    const clientId = await registerApp('launch openid fhirUser patient/Patient.rs patient/Observation.rs offline_access');
    const [patient = ''] = mine;
    const other = mine[1] ?? '';
    const minted = await must<{ launchUrl: string; launch: string }>(server.url, 'smart.createLaunch', { patientId: patient, clientId }, ada.token);
    app.configure({
      clientId, scope: 'launch openid fhirUser patient/Patient.rs patient/Observation.rs offline_access',
      reads: (p) => [`Patient/${p ?? ''}`, `Observation?patient=${p ?? ''}`, `Patient/${other}`, `Condition?patient=${p ?? ''}`],
    });
    const browser = new TestBrowser();
    const { consent } = await signInAndAllow(browser, launchUrlFor(minted.launchUrl, server.url, minted.launch), null);
    expect(consent).toContain('patient/Observation.rs');
    const result = app.results.at(-1);
    expect(result?.patient).toBe(patient);
    expect(result?.needPatientBanner).toBe(true);
    expect(result?.refreshed).toBe(true);
    expect(result?.reads).toEqual([
      { path: `Patient/${patient}`, status: 200, resourceType: 'Patient', code: null },
      { path: `Observation?patient=${patient}`, status: 200, resourceType: 'Bundle', code: null },
      // dr.ada may read this patient, but the token is for one patient.
      { path: `Patient/${other}`, status: 403, resourceType: 'OperationOutcome', code: 'forbidden' },
      // Conditions were not in the scopes.
      { path: `Condition?patient=${patient}`, status: 403, resourceType: 'OperationOutcome', code: 'forbidden' },
      { path: 'client.patient.read()', status: 200, resourceType: 'Patient', code: null },
    ]);
    // Every use of the token is audited with the app's client id.
    const events = await ownerRows<{ action: string; outcome: string }>("SELECT action, outcome FROM audit.events WHERE detail->>'clientId' = $1 AND detail->>'via' = 'fhir'", [clientId]);
    expect(events.filter((e) => e.action === 'resource-read' && e.outcome === 'success').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.action === 'access-denied').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('standalone launch: the picker offers only patients the user may see, and the token is for the one picked', async () => {
    const clientId = await registerApp('launch/patient openid fhirUser patient/*.rs');
    const patient = mine[1] ?? '';
    app.configure({ clientId, scope: 'launch/patient openid fhirUser patient/*.rs', iss: `${server.url}/fhir/R4`, reads: (p) => [`Patient/${p ?? ''}`, `Patient/${mine[0] ?? ''}`] });
    const browser = new TestBrowser();
    // A patient outside dr.ada's reach is not offered, and sending it anyway is refused.
    const loginPage = await browser.follow(`${app.url}/launch`);
    const consent = await browser.follow(formAction(loginPage.body, loginPage.url), { method: 'POST', form: { username: 'dr.ada', password: 'lantern-demo' } });
    expect(consent.body).toContain(`value="${patient}"`);
    expect(consent.body).not.toContain(notMine);
    const refused = await browser.follow(formAction(consent.body, consent.url), { method: 'POST', form: { decision: 'allow', patient: notMine } });
    expect(refused.response.status).toBe(400);
    expect(refused.body).toContain('Choose a patient');
    const done = await browser.follow(formAction(consent.body, consent.url), { method: 'POST', form: { decision: 'allow', patient } });
    expect(done.body).toBe('launched');
    const result = app.results.at(-1);
    expect(result?.patient).toBe(patient);
    expect(result?.reads.map((r) => r.status)).toEqual([200, 403, 200]);
    // No offline_access asked: no refresh token.
    expect(result?.refreshed).toBe(false);
  }, 120_000);

  it("the administrator's list names where each app receives its authorization code", async () => {
    const clientId = await registerApp('launch openid fhirUser patient/Patient.rs');
    const list = await must<{ client_id: string; redirect_uris: string[]; launch_url: string | null }[]>(server.url, 'smart.listClients', undefined, admin.token);
    const listed = list.find((c) => c.client_id === clientId);
    expect(listed?.redirect_uris).toEqual([`${app.url}/callback`]);
    expect(listed?.launch_url).toBe(`${app.url}/launch`);
  });

  it('an authorization request without PKCE gets no code', async () => {
    const clientId = await registerApp('launch/patient openid patient/*.rs');
    const noPkce = await fetch(`${server.url}/smart/auth?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${app.url}/callback`)}&aud=${encodeURIComponent(`${server.url}/fhir/R4`)}`, { redirect: 'manual' });
    const loc = new URL(noPkce.headers.get('location') ?? '', server.url);
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});
