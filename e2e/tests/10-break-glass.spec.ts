import { test, expect, expectAccessible, screenshot, signIn, waitSynced } from './fixtures.ts';
import { generatePatientsOnly } from '@lantern/core/synthetic';
import { auditEvents, login } from './harness/server-client.ts';

/** The demo server's patient #55 (seed 20261101): outside every care team and unit. */
const outside = (): string => {
  const [p] = [...generatePatientsOnly({ seed: 20_261_101, start: 55, count: 1, heavyIndex: null })];
  return p?.patient.id ?? '';
};

async function call(base: string, path: string, token: string): Promise<unknown> {
  const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({}))}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { result?: { data?: unknown } }).result?.data;
}

test('break-glass: a patient outside the care team, a required reason, a countdown banner, the chart opens; the privacy officer sees the flagged grant', async ({ app: page, server }) => {
  const patientId = outside();
  await signIn(page, 'dr.ada');
  await waitSynced(page);

  // A scanned wristband id that is not on this workstation: emergency access is offered.
  const search = page.getByRole('combobox', { name: /Search by name, MRN or date of birth/ });
  await search.fill(patientId);
  await expect(page.getByText('No patients found.')).toBeVisible();
  await page.getByRole('button', { name: 'Request emergency access' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // No reason, no access.
  await expect(dialog.getByRole('button', { name: 'Open chart with emergency access' })).toHaveAttribute('aria-disabled', 'true');
  await expectAccessible(page, 'break-glass dialog');
  await dialog.getByLabel('Reason (required)').selectOption({ index: 1 });
  await dialog.getByRole('button', { name: 'Open chart with emergency access' }).click();

  // The grant reaches the server, the next pull brings the chart, and it opens under a countdown.
  await expect(page.getByTestId('patient-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Emergency access' })).toContainText('flagged for review');
  await expect(page.getByTestId('break-glass-left')).toHaveText(/^(2[0-3][0-9]|240):[0-5][0-9] left$/);
  await expectAccessible(page, 'chart under emergency access');
  await screenshot(page, '13-break-glass-chart');

  // The privacy officer's review list has it, with the reason.
  const privacy = await login(server.url, 'privacy.dee');
  const review = (await call(server.url, 'audit.breakGlassReview', privacy)) as { patientId: string; username: string; reason: string; active: boolean }[];
  const grant = review.find((g) => g.patientId === patientId);
  expect(grant).toMatchObject({ username: 'dr.ada', active: true });
  expect(grant?.reason.length ?? 0).toBeGreaterThanOrEqual(10);
  // The workstation's own record of the chart view under emergency access reaches the server at the next sync.
  await expect.poll(async () => (await auditEvents(server.url, privacy, { patientId, action: 'chart-view' })).filter((e) => e.detail['breakGlass'] === true).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(1);
});
