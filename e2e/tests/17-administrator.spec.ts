import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { generatePatientsOnly } from '@lantern/core/synthetic';
import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signInPatiently, waitSynced } from './fixtures.ts';

/** A workstation's sign-in over the server's public API (device key, nonce, proof), any password. */
async function serverLogin(base: string, username: string, password: string, deviceId = `e2e-${randomUUID()}`): Promise<{ status: number; token: string; deviceId: string }> {
  const post = async (path: string, input: unknown, token?: string) => fetch(`${base}/trpc/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }, body: JSON.stringify(input),
  });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const nonce = ((await (await post('auth.challenge', { deviceId })).json()) as { result: { data: { nonce: string } } }).result.data.nonce;
  const proof = sign(null, Buffer.from(['lantern-device-proof/v1', 'login', deviceId, nonce, username].join('\n'), 'utf8'), privateKey).toString('base64url');
  const res = await post('auth.login', { username, password, deviceId, devicePublicKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, nonce, proof });
  const body = (await res.json()) as { result?: { data: { accessToken: string } } };
  return { status: res.status, token: body.result?.data.accessToken ?? '', deviceId };
}

async function trpc(base: string, path: string, token: string, input: unknown, kind: 'query' | 'mutation' = 'query'): Promise<{ status: number; data: unknown }> {
  const res = kind === 'query'
    ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { authorization: `Bearer ${token}` } })
    : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  return { status: res.status, data: ((await res.json()) as { result?: { data?: unknown } }).result?.data };
}


test('administrator: creates a user, deactivates one whose session stops at once, lifts a lockout, assigns a care team, wipes a device', async ({ app: page, server }) => {
  test.setTimeout(300_000);
  await signInPatiently(page, 'admin.eve');
  await expect(page).toHaveURL(/#\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expectAccessible(page, 'admin users');
  await screenshot(page, '50-admin-users');

  // Create a nurse with a unit.
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByRole('textbox', { name: 'Username' }).fill('rn.e2e');
  await form.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Nurse' }).click();
  await form.getByLabel('First password').fill('a-first-password-1');
  await form.getByLabel('Units', { exact: true }).fill('WARD-4B');
  await page.keyboard.press('Enter');
  await expectAccessible(page, 'new user form');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('user-rn.e2e')).toContainText('WARD-4B');

  // Deactivate rn.ben while his session is open: his next call is refused at once.
  const ben = await serverLogin(server.url, 'rn.ben', 'lantern-demo');
  expect((await trpc(server.url, 'sync.scope', ben.token, {})).status).toBe(200);
  await page.getByRole('button', { name: 'Actions for rn.ben' }).click();
  await page.getByRole('menuitem', { name: 'Deactivate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('user-rn.ben')).toContainText('Deactivated');
  expect((await trpc(server.url, 'sync.scope', ben.token, {})).status).toBe(401);
  await page.getByRole('button', { name: 'Actions for rn.ben' }).click();
  await page.getByRole('menuitem', { name: 'Reactivate' }).click();
  await expect(page.getByTestId('user-rn.ben')).toContainText('Active');

  // Eleven wrong passwords lock rn.e2e; the administrator lifts the lockout and the right password works.
  for (let i = 0; i < 11; i++) await serverLogin(server.url, 'rn.e2e', 'not-the-password');
  expect((await serverLogin(server.url, 'rn.e2e', 'a-first-password-1')).status).not.toBe(200);
  await page.getByRole('textbox', { name: 'Search users' }).fill('rn.e2e');
  await expect(page.getByTestId('user-rn.e2e')).toContainText('Locked', { timeout: 20_000 });
  await screenshot(page, '51-admin-user-locked');
  await page.getByRole('button', { name: 'Actions for rn.e2e' }).click();
  await page.getByRole('menuitem', { name: 'Lift lockout' }).click();
  await expect(page.getByTestId('user-rn.e2e')).not.toContainText('Locked');
  expect((await serverLogin(server.url, 'rn.e2e', 'a-first-password-1')).status).toBe(200);

  // Care team: patient #57 (outside every team) is assigned to dr.ada; her next sync is scoped to it.
  const [p] = [...generatePatientsOnly({ seed: 20_261_101, start: 57, count: 1, heavyIndex: null })];
  const mrn = p?.patient.identifier?.[0]?.value ?? '';
  const pid = p?.patient.id ?? '';
  await page.getByRole('tab', { name: 'Care teams' }).click();
  await page.getByRole('textbox', { name: 'Patient' }).fill(mrn);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: new RegExp(`MRN ${mrn} ·`) }).click();
  await page.getByRole('combobox', { name: 'Add to care team' }).click();
  await page.getByRole('option', { name: /^dr\.ada/ }).click();
  await page.getByRole('button', { name: 'Assign' }).click();
  const who = page.getByRole('table', { name: 'Who can see this patient' });
  await expect(who.getByRole('row').filter({ hasText: 'dr.ada' })).toContainText('Care team');
  await expectAccessible(page, 'care teams');
  await screenshot(page, '52-admin-care-teams');
  const ada = await serverLogin(server.url, 'dr.ada', 'lantern-demo');
  expect(((await trpc(server.url, 'sync.scope', ada.token, {})).data as { careTeam: string[] }).careTeam).toContain(pid);

  // Devices: wipe dr.ada's second workstation; it learns at its next contact.
  await trpc(server.url, 'workstation.report', ada.token, { appVersion: '0.9.0', kbVersion: 'kb-e2e', pendingCount: 2 }, 'mutation');
  await page.getByRole('tab', { name: 'Devices' }).click();
  const row = page.getByTestId(`device-${ada.deviceId}`);
  await expect(row).toContainText('kb-e2e');
  await row.getByRole('button', { name: /^Wipe / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Request wipe' }).click();
  await expect(row).toContainText('Wipe pending');
  // The confirmation fades out: axe must not judge its half-transparent text.
  await expect(page.getByRole('dialog')).toBeHidden();
  await expectAccessible(page, 'devices');
  await screenshot(page, '53-admin-devices');
  expect(((await trpc(server.url, 'workstation.report', ada.token, { appVersion: '0.9.0', kbVersion: 'kb-e2e', pendingCount: 0 }, 'mutation')).data as { wipe: boolean }).wipe).toBe(true);

  // Workstation policy.
  await page.getByRole('tab', { name: 'Workstation policy' }).click();
  await page.getByLabel('Auto-lock after (minutes idle)', { exact: true }).fill('8');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect.poll(async () => ((await trpc(server.url, 'workstation.report', ada.token, { appVersion: '0.9.0', kbVersion: 'kb-e2e', pendingCount: 0 }, 'mutation')).data as { policy: { autoLockMinutes: number } }).policy.autoLockMinutes).toBe(8);
  await expectAccessible(page, 'workstation policy');
  await screenshot(page, '54-admin-policy');
});

test('administrator: registers a SMART app and sees its secret once', async ({ app: page }) => {
  test.setTimeout(180_000);
  await signInPatiently(page, 'admin.eve');
  await expect(page).toHaveURL(/#\/admin\/users$/);
  await page.getByRole('tab', { name: 'SMART apps' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'SMART apps' })).toBeVisible();
  await page.getByRole('button', { name: 'Register app' }).click();
  const form = page.getByRole('form', { name: 'Register app' });
  await form.getByText('Confidential app', { exact: true }).click();
  await expect(form.getByRole('radio', { name: 'Confidential app' })).toBeChecked();
  await form.getByRole('textbox', { name: 'Name' }).fill('Growth charts e2e');
  await form.getByLabel('Launch URL').fill('https://growth.example/launch');
  await form.getByLabel('Scopes').fill('launch openid fhirUser patient/Patient.rs patient/Observation.rs');
  await form.getByLabel('Redirect URIs').fill('https://growth.example/callback');
  await form.getByRole('button', { name: 'Register', exact: true }).click();
  const result = page.getByRole('dialog', { name: 'Growth charts e2e registered' });
  await expect(result.getByTestId('registered-client-id')).toContainText('app-');
  await expect(result.getByTestId('registered-client-secret')).not.toBeEmpty();
  await expectAccessible(page, 'smart app registered');
  await screenshot(page, '17-smart-apps-registered');
  await result.getByRole('button', { name: 'Done' }).click();
  await expect(result).toBeHidden();
  const table = page.getByRole('table', { name: 'SMART apps and system clients' });
  await expect(table.getByRole('row').filter({ hasText: 'Growth charts e2e' })).toContainText('Active');
  await screenshot(page, '17-smart-apps');

  // A physician opens it from a chart: the server mints an EHR launch for that patient.
  await signInPatiently(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').first().textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  await page.reload();
  await openChartByKeyboard(page, mrn);
  // Record the new tab's address instead of leaving for an outside site.
  await page.evaluate(() => {
    const w: Window & { lanternOpened?: string } = window;
    w.open = (url?: string | URL) => { w.lanternOpened = String(url); return null; };
  });
  await page.getByRole('button', { name: 'Apps' }).click();
  await expect(page.getByRole('menuitem', { name: 'Growth charts e2e' })).toBeVisible();
  await screenshot(page, '17-smart-apps-chart-menu');
  await page.getByRole('menuitem', { name: 'Growth charts e2e' }).click();
  await expect.poll(() => page.evaluate(() => (window as Window & { lanternOpened?: string }).lanternOpened ?? '')).toMatch(/^https:\/\/growth\.example\/launch\?.*launch=/);
});
