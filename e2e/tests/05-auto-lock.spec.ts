import { test, expect, expectAccessible, launch, openApp, openChartByKeyboard, screenshot, signIn } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';

test('auto-lock after the configured idle time hides the chart; unlock needs the password; a new user never sees the last chart', async ({ browser, server }) => {
  const proc = await startWorkstation(server.url, { autoLockMs: 5000 });
  try {
    const ws = await launch(browser, proc);
    const { context, page } = await openApp(browser, ws);
    await signIn(page, 'dr.ada');
    // The first sync may outlast the short timeout: keep "typing" (Shift) until a patient is listed.
    const row = page.getByRole('option').first();
    for (let i = 0; i < 120 && !(await row.isVisible()); i += 1) {
      await page.keyboard.press('Shift');
      await page.waitForTimeout(500);
    }
    const text = (await row.textContent()) ?? '';
    const mrn = text.match(/MRN (\S+)/)?.[1] ?? '';
    await page.reload();
    await openChartByKeyboard(page, mrn);

    // No input for longer than the timeout: the screen locks and the chart is gone from the page.
    await expect(page.getByRole('heading', { name: 'Workstation locked' })).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('patient-banner')).toHaveCount(0);
    await expect(page.getByText(mrn)).toHaveCount(0);
    await expect(page.getByLabel('Password')).toBeFocused();
    await expectAccessible(page, 'lock screen');
    await screenshot(page, '10-locked');

    // Data calls fail while locked, whatever the screen does.
    const locked = await page.evaluate(async () => (await fetch('/trpc/patients.mine')).status);
    expect(locked).toBe(401);

    await page.getByLabel('Password').fill('wrong-password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('not correct');
    await page.getByLabel('Password').fill('lantern-demo');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-user')).toContainText('Dr. Ada Lovelace');

    // Lock again, then switch user: the nurse lands on the finder, not on the physician's chart.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Sign in as a different user' }).click();
    await page.getByLabel('Username').fill('rn.ben');
    await page.getByLabel('Password', { exact: true }).fill('lantern-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toContainText('Ben Carter, RN');
    await expect(page.getByRole('heading', { name: 'Find a patient' })).toBeVisible();
    await expect(page.getByTestId('patient-banner')).toHaveCount(0);
    await context.close();
  } finally {
    await proc.close();
  }
});
