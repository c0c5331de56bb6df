import { test, expect, expectAccessible, screenshot, signInPatiently } from './fixtures.ts';

test('administrator: the updates screen lists signed packages per channel, and says how to add one', async ({ app: page }) => {
  test.setTimeout(180_000);
  await signInPatiently(page, 'admin.eve');
  await page.getByRole('tab', { name: 'Updates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Workstation updates' })).toBeVisible();
  await expect(page.getByText('No packages on the stable channel')).toBeVisible();
  // Keyboard: the channel switch is a radio group.
  await page.getByRole('radio', { name: 'Stable' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText('No packages on the pilot channel')).toBeVisible();
  // The banner says nothing while this workstation is current and no update is waiting.
  await expect(page.getByTestId('update-required')).toHaveCount(0);
  await expectAccessible(page, 'admin updates');
  await screenshot(page, '84-admin-updates');
});
