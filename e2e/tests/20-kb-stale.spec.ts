import { test, expect, expectAccessible, launch, openApp, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';
import type { Locator, Page } from '@playwright/test';

/**
 * Decision support that is past its knowledge base's review-by date says so wherever a clinician
 * orders or signs (the knowledge base keeps working: stale advice beats none, but the clinician must
 * check by hand). A workstation configured with an old review-by date (LANTERN_CDS_KB_REVIEW_BY, as a
 * training workstation would be) shows the banner on the orders screen, beside the sign button, and
 * on the check-and-sign step of a dose change; a workstation on a current knowledge base shows none.
 */
test.setTimeout(300_000);

const PASSWORD = 'lantern-demo';
const REVIEW_BY = '2026-01-31';
const MEANING = 'Check doses, interactions and allergies by hand.';

async function openSomeChart(page: Page, nth: number): Promise<void> {
  const mrn = ((await page.getByRole('option').nth(nth).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
  expect(mrn).not.toBe('');
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Orders' }).click();
}

const expectStaleBanner = async (within: Page | Locator): Promise<void> => {
  const banner = within.getByTestId('kb-stale');
  await expect(banner).toHaveCount(1);
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('Decision support is out of date');
  await expect(banner).toContainText(`due for review by ${REVIEW_BY}`);
  await expect(banner).toContainText(MEANING);
};

test('a workstation whose knowledge base is past its review-by date says so on the orders screen, when signing and on a dose change', async ({ server, browser }) => {
  const ws = await startWorkstation(server.url, { env: { LANTERN_CDS_KB_REVIEW_BY: REVIEW_BY } });
  const { page, context } = await openApp(browser, await launch(browser, ws));
  try {
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    await openSomeChart(page, 5);
    await expectStaleBanner(page);
    await expectAccessible(page, 'orders with a stale knowledge base');
    await screenshot(page, '20-kb-stale-orders');

    // A new order: the banner stays above the cards and the sign button; the order can still be signed.
    await page.getByRole('combobox', { name: 'Find a drug' }).fill('amlodi');
    await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
    await page.getByLabel('Dose', { exact: true }).fill('5');
    await page.getByLabel('Frequency').selectOption('QD');
    await page.getByRole('button', { name: 'Add to orders' }).click();
    const sign = page.getByRole('button', { name: 'Sign 1 order' });
    await expect(sign).toBeVisible();
    await expectStaleBanner(page);
    await screenshot(page, '20-kb-stale-sign');
    const required = page.getByLabel('Override reason (required to sign)');
    for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
    await page.getByLabel('Password to sign').fill(PASSWORD);
    await sign.click();
    await expect(page.getByTestId('orders-signed')).toContainText('1 order signed');
    await waitSynced(page);

    // A dose change: the check-and-sign step says it too.
    await page.getByRole('tab', { name: 'Medications' }).click();
    const medSelect = page.getByLabel('Medication', { exact: true });
    const orderId = (await medSelect.locator('option', { hasText: /amlodipine 5 mg/ }).first().getAttribute('value')) ?? '';
    expect(orderId).not.toBe('');
    await medSelect.selectOption(orderId);
    await page.getByLabel('New dose').fill('10');
    await page.getByRole('button', { name: 'Check dose change' }).click();
    await expect(page.getByRole('button', { name: 'Sign dose change' })).toBeVisible();
    const review = page.getByRole('region', { name: 'Check and sign' });
    await expectStaleBanner(review);
    await review.getByTestId('kb-stale').scrollIntoViewIfNeeded();
    await screenshot(page, '20-kb-stale-dose-change');
    await page.getByRole('button', { name: 'Cancel change' }).click();
    await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0');
  } finally {
    await context.close();
    await ws.close();
  }
});

// Its own workstation, as above: the shared one may still hold an earlier spec's user and changes.
test('a workstation on a current knowledge base shows no out-of-date banner', async ({ server, browser }) => {
  const ws = await startWorkstation(server.url);
  const { page, context } = await openApp(browser, await launch(browser, ws));
  try {
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    await openSomeChart(page, 5);
    await expect(page.getByRole('combobox', { name: 'Find a drug' })).toBeVisible();
    await expect(page.getByTestId('kb-stale')).toHaveCount(0);
  } finally {
    await context.close();
    await ws.close();
  }
});
