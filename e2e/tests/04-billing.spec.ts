import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';

async function tabsOfFirstPatient(page: Page): Promise<string[]> {
  const row = page.getByRole('option').first();
  const mrn = ((await row.textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  await page.reload();
  await openChartByKeyboard(page, mrn);
  return page.getByRole('tab').allTextContents();
}

/** The HTTP status the host answers when the page asks for the first own patient's observations. */
function observationsStatus(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pid = (await (await fetch(`/trpc/patients.mine`)).json()) as { result: { data: { patientId: string }[] } };
    const r = await fetch(`/trpc/chart.observations?input=${encodeURIComponent(JSON.stringify({ patientId: pid.result.data[0]?.patientId }))}`);
    return r.status;
  });
}

test('billing sees no notes and no observations (online)', async ({ app: page }) => {
  await signIn(page, 'billing.cy');
  await waitSynced(page);
  const tabs = await tabsOfFirstPatient(page);
  expect(tabs).not.toContain('Notes');
  expect(tabs).not.toContain('Vitals & labs');
  expect(tabs).not.toContain('Medications');
  expect(tabs).toContain('Problems');
  expect(tabs).toContain('Encounters');
  await expect(page.getByRole('heading', { name: 'Latest vitals' })).toHaveCount(0);
  await expect(page.getByTestId('banner-weight')).toHaveCount(0);
  // Not merely hidden: the host refuses to hand observations to this role.
  expect(await observationsStatus(page)).toBe(403);
  await expectAccessible(page, 'billing chart');
  await screenshot(page, '09-billing-chart');
});

// Offline, the role's grant stored at the last online sign-in decides: the same tabs stay hidden and a
// wrong password is still refused without the server.
test('billing sees no notes and no observations offline, from the stored grant', async ({ app: page, server }) => {
  await signIn(page, 'billing.cy');
  await waitSynced(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await server.stop();
  try {
    await signIn(page, 'billing.cy');
    await expect(page.getByTestId('current-user')).toContainText('signed in offline');
    const offlineTabs = await tabsOfFirstPatient(page);
    expect(offlineTabs).not.toContain('Notes');
    expect(offlineTabs).not.toContain('Vitals & labs');
    expect(offlineTabs).not.toContain('Medications');
    // Offline, too, the host refuses observations to this role rather than hiding the tab.
    expect(await observationsStatus(page)).toBe(403);
    // A wrong password is refused offline too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('billing.cy');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('not correct');
  } finally {
    await server.start();
  }
});
