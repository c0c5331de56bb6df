import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, expectAccessible, screenshot, signInPatiently } from './fixtures.ts';

/** A sign-in over the server's public API (device key, nonce, proof), as an integration would. */
async function serverLogin(base: string, username: string): Promise<{ token: string; userId: string }> {
  const post = async (path: string, input: unknown) => fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const deviceId = `e2e-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const nonce = ((await (await post('auth.challenge', { deviceId })).json()) as { result: { data: { nonce: string } } }).result.data.nonce;
  const proof = sign(null, Buffer.from(['lantern-device-proof/v1', 'login', deviceId, nonce, username].join('\n'), 'utf8'), privateKey).toString('base64url');
  const res = await post('auth.login', { username, password: 'lantern-demo', deviceId, devicePublicKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, nonce, proof });
  const token = ((await res.json()) as { result: { data: { accessToken: string } } }).result.data.accessToken;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string };
  return { token, userId: claims.sub };
}

const fhir = async (base: string, token: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}/fhir/R4${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

test('administrator: sees outside systems\' subscriptions and the state of their notifications', async ({ app: page, server }) => {
  test.setTimeout(240_000);
  const hits: string[] = [];
  const receiver = createServer((req, res) => { req.resume(); req.on('end', () => { hits.push(req.url ?? ''); res.writeHead(200).end(); }); });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/results`;
  try {
    const admin = await serverLogin(server.url, 'admin.eve');
    const ada = await serverLogin(server.url, 'dr.ada');
    const reg = await fetch(`${server.url}/trpc/subscriptions.registerClient`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ clientId: 'ward-results', name: 'Ward 4B results feed', userId: ada.userId, allowedTypes: ['DiagnosticReport', 'Observation'] }),
    });
    expect(reg.status).toBe(200);
    const subscription = (criteria: string, endpoint: string) => ({ resourceType: 'Subscription', status: 'requested', reason: 'results', criteria, channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json' } });
    expect((await fhir(server.url, ada.token, '/Subscription', subscription(`DiagnosticReport?patient.care-team=${ada.userId}`, hook))).status).toBe(201);
    // A receiver that is down: its notifications wait for their next attempt.
    expect((await fhir(server.url, ada.token, '/Subscription', subscription(`DiagnosticReport?patient.care-team=${ada.userId}&status=final`, 'http://127.0.0.1:9/down'))).status).toBe(201);
    const scope = await fetch(`${server.url}/trpc/sync.scope`, { headers: { authorization: `Bearer ${ada.token}` } });
    const patientId = String(((await scope.json()) as { result: { data: { careTeam: string[] } } }).result.data.careTeam[0]);
    const report = { resourceType: 'DiagnosticReport', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '24320-4', display: 'Basic metabolic panel' }] }, subject: { reference: `Patient/${patientId}` }, effectiveDateTime: '2026-12-04T08:00:00Z' };
    expect((await fhir(server.url, ada.token, '/DiagnosticReport', report)).status).toBe(201);
    await expect.poll(() => hits.length, { timeout: 20_000 }).toBeGreaterThan(0);

    await signInPatiently(page, 'admin.eve');
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
    const subs = page.getByRole('table', { name: 'Subscriptions' });
    await expect(subs.getByRole('row', { name: /Ward 4B results feed/ }).first()).toBeVisible();
    // Keyboard: from the selected filter (dead letters) one step right to the notifications being retried.
    await page.getByRole('radio', { name: 'Dead letters' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Retrying' })).toBeChecked();
    const retrying = page.getByRole('table', { name: 'Notifications' });
    await expect(retrying.getByText(/ECONNREFUSED|network error/).first()).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, 'admin subscriptions');
    await screenshot(page, '83-admin-subscriptions');
  } finally {
    receiver.close();
  }
});
