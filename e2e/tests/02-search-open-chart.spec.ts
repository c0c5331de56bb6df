import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';

test('keyboard only: search by MRN, arrow to the patient, Enter opens the chart; every tab is accessible', async ({ app: page }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const firstRow = page.getByRole('option').first();
  const mrn = ((await firstRow.textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  expect(mrn).not.toBe('');
  await page.reload();
  await openChartByKeyboard(page, mrn);

  const banner = page.getByTestId('patient-banner');
  // The MRN already reads "MRN…": the banner shows it once, not under a repeated label.
  await expect(banner).toContainText(mrn);
  await expect(banner).not.toContainText(`MRN ${mrn}`);
  await expect(banner).toContainText(/\d+ y (M|F|Other|Unknown sex)/);
  await expect(banner).toContainText(/DOB \d{2}\s\w{3}\s\d{4}/);
  await expect(page.getByTestId('banner-allergies')).toHaveText(/Allergies|No known allergies|Allergies not recorded/);
  await expect(page.getByTestId('banner-weight')).toContainText('Weight:');
  await expectAccessible(page, 'chart summary');
  await screenshot(page, '04-chart-summary');

  // Tabs by keyboard: focus the selected tab, then ArrowRight through the rest.
  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveText(['Summary', 'Problems', 'Medications', 'Orders', 'Allergies', 'Vitals & labs', 'Encounters', 'Notes']);
  await page.getByRole('tab', { name: 'Summary' }).focus();
  for (const name of ['Problems', 'Medications', 'Orders', 'Allergies', 'Vitals & labs', 'Encounters', 'Notes']) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name, selected: true })).toBeFocused();
    await expect(page.getByRole('tabpanel')).not.toContainText('Loading');
    // The banner stays in view on every tab.
    await expect(banner).toBeInViewport();
    await expectAccessible(page, `chart tab ${name}`);
    if (name === 'Vitals & labs') {
      await expect(page.getByRole('table', { name: 'Vital signs, latest of each' })).toBeVisible();
      await expect(page.getByTestId('lab-trend').or(page.getByText('No lab results.'))).toBeVisible();
      await screenshot(page, '05-chart-vitals-labs');
    }
    if (name === 'Notes') await screenshot(page, '06-chart-notes');
  }
});
