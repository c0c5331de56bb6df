import { test, expect, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';

test('signed in while the server was down: the top bar says sync waits for a sign-in; once the server answers, signing in again sends the queued change without leaving the chart', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(1).textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  await server.stop();
  try {
    await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });
    // Signed in again with the server down: an offline sign-in, with no way to sync as this user.
    await signIn(page, 'dr.ada');
    const offline = page.getByTestId('sync-offline-session');
    await expect(offline).toHaveText('Signed in offline: sign in again to sync', { timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Sign in again' })).toHaveCount(0);
    // A change made now stays queued.
    await page.reload();
    await openChartByKeyboard(page, mrn);
    await page.getByRole('tab', { name: 'Vitals & labs' }).click();
    await page.getByRole('button', { name: 'Record vitals' }).click();
    await page.getByLabel('Heart rate (/min)').fill('77');
    await page.getByRole('button', { name: 'Save vitals' }).click();
    await expect(page.getByTestId('sync-pending')).not.toHaveText('Pending: 0');
    await screenshot(page, '19-offline-session-status');
  } finally {
    await server.start();
  }
  const again = page.getByRole('button', { name: 'Sign in again' });
  await expect(again).toBeVisible({ timeout: 20_000 });
  await screenshot(page, '19-offline-session-sign-in-again');
  await again.click();
  await page.getByLabel('Your password').fill('lantern-demo');
  await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-offline-session')).toHaveCount(0, { timeout: 20_000 });
  await waitSynced(page);
  await expect(page.getByTestId('sync-last')).toBeVisible();
  await expect(page.getByTestId('patient-banner')).toBeVisible();
});
