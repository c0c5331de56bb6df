import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { generatePatientsOnly } from '@lantern/core/synthetic';
import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced, signInPatiently } from './fixtures.ts';
import { auditEvents, login } from './harness/server-client.ts';

/** Demo patient by index (seed 20261101): #3 is on dr.ada's care team and shares her staff surname (demo seed). */
const demoPatient = (index: number) => {
  const [p] = [...generatePatientsOnly({ seed: 20_261_101, start: index, count: 1, heavyIndex: null })];
  if (p === undefined) throw new Error('no demo patient');
  return { id: p.patient.id ?? '', mrn: p.patient.identifier?.[0]?.value ?? '', family: p.patient.name?.[0]?.family ?? '' };
};

/** The text a PDF page draws (pdfkit writes uncompressed hex strings for the standard fonts). */
const pdfText = (pdf: Buffer): string => [...pdf.toString('latin1').matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1] ?? '', 'hex').toString('latin1')).join('');


test('privacy officer: finds a chart viewed offline and synced later, exports CSV and PDF, reviews a break-glass, sees the same-surname alert', async ({ app: page, server }) => {
  test.setTimeout(300_000);
  const relative = demoPatient(3);
  const outside = demoPatient(55);

  // dr.ada views the chart of patient #3 while the server is down; it syncs when the server is back.
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  await server.stop();
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });
  await page.reload();
  await openChartByKeyboard(page, relative.mrn);
  await server.start();
  await waitSynced(page);
  const officerToken = await login(server.url, 'privacy.dee');
  await expect.poll(async () => (await auditEvents(server.url, officerToken, { patientId: relative.id, action: 'chart-view' })).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

  // A break-glass grant to review.
  const adaToken = await login(server.url, 'dr.ada');
  const bg = await fetch(`${server.url}/trpc/access.breakGlass`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adaToken}` }, body: JSON.stringify({ patientId: outside.id, reason: 'Unconscious in the ED, no ID bracelet' }) });
  expect(bg.status).toBe(200);

  // The privacy officer lands on the patient access report.
  await signInPatiently(page, 'privacy.dee');
  await expect(page).toHaveURL(/#\/privacy\/access$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Patient access report' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Patient' }).fill(relative.mrn);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: new RegExp(`MRN ${relative.mrn} ·`) }).click();
  const table = page.getByRole('table', { name: /Accesses to/ });
  const offlineView = table.getByRole('row').filter({ hasText: 'dr.ada' }).filter({ hasText: 'Chart viewed' }).filter({ hasText: 'Workstation (synced)' });
  await expect(offlineView.first()).toBeVisible();
  await expectAccessible(page, 'patient access report');
  await screenshot(page, '40-privacy-patient-access');

  // CSV and PDF: both open and hold the offline chart view by dr.ada.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await readFile(await csvDl.path(), 'utf8');
  expect(csv).toContain('# Prepared by: privacy.dee');
  expect(csv).toMatch(/# Audit chain: verified/);
  expect(csv.split('\r\n').filter((l) => l.includes('dr.ada') && l.includes(',chart-view,') && l.includes(',workstation,')).length).toBeGreaterThanOrEqual(1);
  const [pdfDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
  const pdf = await readFile(await pdfDl.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain('Patient access report');
  expect(text).toContain('privacy.dee');
  expect(text).toContain('dr.ada');
  expect(text).toContain('chart-view');
  expect(text).toContain('workstation');

  // The break-glass review queue: review with a required note; the reviewed grant stays searchable.
  await page.getByRole('tab', { name: 'Break-glass review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Break-glass review' })).toBeVisible();
  await expect(page.getByText('Unconscious in the ED, no ID bracelet').first()).toBeVisible();
  await screenshot(page, '41-privacy-break-glass-queue');
  await page.getByRole('button', { name: 'Review break-glass by dr.ada' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Review break-glass access' });
  await expect(dialog.getByRole('button', { name: 'Record review' })).toBeDisabled();
  await dialog.getByRole('radio', { name: 'Refer for investigation' }).check();
  await dialog.getByLabel('Review note').fill('No ED encounter recorded at that time: referred to HR.');
  // The export toasts' close buttons have no name (design/notify.ts): let them time out first.
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 20_000 });
  await expectAccessible(page, 'break-glass review dialog');
  await dialog.getByRole('button', { name: 'Record review' }).click();
  await expect(dialog).toBeHidden();
  await page.getByText('Reviewed', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Search' }).fill('referred to HR');
  await expect(page.getByRole('row').filter({ hasText: 'Referred' }).filter({ hasText: 'dr.ada' })).toHaveCount(1);

  // The same-surname alert from the seeded scenario, with the user and the patient.
  await page.getByRole('tab', { name: 'Alerts' }).click();
  const alert = page.getByRole('listitem', { name: 'Same surname as the user' }).filter({ hasText: 'dr.ada' }).filter({ hasText: `MRN ${relative.mrn}` });
  await expect(alert.first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 20_000 });
  await expectAccessible(page, 'privacy alerts');
  await screenshot(page, '42-privacy-alerts');

  // User activity, audit integrity and alert fatigue.
  await page.getByRole('tab', { name: 'User activity' }).click();
  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: /^dr\.ada/ }).click();
  await expect(page.getByRole('table', { name: 'Patients accessed' })).toContainText(relative.mrn);
  await expectAccessible(page, 'user activity');
  await screenshot(page, '43-privacy-user-activity');
  await page.getByRole('tab', { name: 'Audit integrity' }).click();
  await expect(page.getByText('Audit chain intact')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'audit integrity');
  await screenshot(page, '44-privacy-audit-integrity');
  await page.getByRole('tab', { name: 'Alert fatigue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alert-fatigue review' })).toBeVisible();
  await expectAccessible(page, 'alert fatigue');
  await screenshot(page, '45-privacy-alert-fatigue');
});

/** One tRPC call over plain JSON, as any client would make it. */
async function trpc<T>(base: string, path: string, input: unknown, token?: string, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
  const res = kind === 'query'
    ? await fetch(`${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
    : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: { message?: string } };
  if (!res.ok || body.result === undefined) throw new Error(`${path}: HTTP ${res.status} ${body.error?.message ?? ''}`);
  return body.result.data;
}

/** A workstation that signs in (enrolling its device key) and syncs, keeping its device id and cursor. */
async function workstation(base: string, username: string) {
  const deviceId = `e2e-lost-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { nonce } = await trpc<{ nonce: string }>(base, 'auth.challenge', { deviceId });
  const proof = sign(null, Buffer.from(['lantern-device-proof/v1', 'login', deviceId, nonce, username].join('\n'), 'utf8'), privateKey).toString('base64url');
  const out = await trpc<{ accessToken: string; user: { id: string } }>(base, 'auth.login', { username, password: 'lantern-demo', deviceId, devicePublicKey: { kty: 'OKP', crv: 'Ed25519', x: publicKey.export({ format: 'jwk' }).x }, nonce, proof });
  let cursor: string | null = null;
  /** The MRN (first identifier) of each patient it received. */
  const mrns = new Map<string, string>();
  return {
    deviceId, userId: out.user.id, token: out.accessToken, mrns,
    /** Pulls to the end from where it stopped; the patients it was told to purge. */
    pull: async (): Promise<string[]> => {
      const purged: string[] = [];
      for (;;) {
        const page: { cursor: string; hasMore: boolean; purgePatients: string[]; changes: { resourceType: string; resourceId: string; resource: { identifier?: { value?: string }[] } | null }[] } =
          await trpc(base, 'sync.pull', { cursor, limit: 5000 }, out.accessToken);
        for (const c of page.changes) if (c.resourceType === 'Patient' && c.resource?.identifier?.[0]?.value !== undefined) mrns.set(c.resourceId, c.resource.identifier[0].value);
        purged.push(...page.purgePatients);
        cursor = page.cursor;
        if (!page.hasMore) return purged;
      }
    },
  };
}

test('privacy officer: a workstation told to purge a patient that never synced again is listed with the patient by MRN and a remote wipe link', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  // dr.ada's second workstation syncs, she leaves one patient's care team, it is told to purge that patient and is never seen again.
  const cart = await workstation(server.url, 'dr.ada');
  await cart.pull();
  const scope = await trpc<{ careTeam: string[]; unit: string[] }>(server.url, 'sync.scope', undefined, cart.token, 'query');
  const leaving = scope.careTeam.find((p) => !scope.unit.includes(p)) ?? '';
  const adminToken = await login(server.url, 'admin.eve');
  await trpc(server.url, 'admin.assignCareTeam', { userId: cart.userId, patientId: leaving, assigned: false }, adminToken);
  try {
    expect(await cart.pull()).toContain(leaving);
  } finally {
    // Back on the care team for the other specs; the purge that workstation owes stays owed.
    await trpc(server.url, 'admin.assignCareTeam', { userId: cart.userId, patientId: leaving, assigned: true }, adminToken);
  }
  const mrn = cart.mrns.get(leaving) ?? 'no MRN received';

  await signInPatiently(page, 'privacy.dee');
  await page.getByRole('tab', { name: 'Owed purges' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Owed purges' })).toBeVisible();
  const days = page.getByRole('textbox', { name: 'Owed for more than (days)' });
  await days.fill('0');
  const row = page.getByTestId(`owed-${cart.deviceId}`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('dr.ada');
  await expect(row.getByRole('list')).toContainText(mrn);
  await expect(row.getByRole('link', { name: /^Remote wipe/ })).toHaveAttribute('href', '#/admin/devices');
  await expectAccessible(page, 'owed purges');
  await screenshot(page, '46-privacy-owed-purges');
});
