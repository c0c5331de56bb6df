import type { Page } from '@playwright/test';
import { test, expect, launch, openApp, screenshot, signIn, waitSynced } from './fixtures.ts';
import { expectNoSeriousA11y } from './harness/axe.ts';
import { startWorkstation } from './harness/lantern.ts';

const hashPath = (page: Page): string => decodeURIComponent(new URL(page.url()).hash.replace(/^#/, ''));

test('the shell: every screen accessible in light and dark; URLs for charts and tabs, Back, reopen, unlock returns; Ctrl-K, ? and Alt+digit', async ({ app: page }) => {
  test.setTimeout(240_000);
  await expect(page.getByLabel('Username').or(page.getByRole('button', { name: 'Sign out' })).first()).toBeVisible();
  if (await page.getByLabel('Username').isVisible()) {
    await expectNoSeriousA11y(page, 'sign-in');
    await screenshot(page, '13-01-sign-in');
  }
  await signIn(page, 'dr.ada');
  await waitSynced(page);

  // The finder for rounds: columns, last-name order; axe in both schemes.
  await expect(page.getByRole('heading', { name: 'Find a patient' })).toBeVisible();
  await expect(page.getByRole('option').first()).toBeVisible();
  expect(hashPath(page)).toBe('/patients');
  await expectNoSeriousA11y(page, 'finder');
  await screenshot(page, '13-02-finder-rounds');

  // Birth date typed the way the list shows it finds the patient.
  const first = page.getByRole('option').first();
  const name = ((await first.locator('.patient-name').textContent()) ?? '').trim();
  const dob = (((await first.textContent()) ?? '').match(/DOB (\d{2}\s\w{3}\s\d{4})/)?.[1] ?? '').replace(/\s/g, ' ');
  expect(dob).not.toBe('');
  await page.getByRole('combobox', { name: /Search by name, MRN or date of birth/ }).fill(dob);
  await expect(page.getByRole('heading', { name: `Search results for “${dob}”` })).toBeVisible();
  await expect(page.getByRole('option', { name: new RegExp(name) }).first()).toBeVisible();
  await screenshot(page, '13-03-finder-dob-search');
  await page.getByRole('option', { name: new RegExp(name) }).first().click();

  // The chart has a URL per tab; Alt+digit switches; Back returns to the previous tab; reload reopens it.
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Summary', selected: true })).toBeVisible();
  const chartPath = hashPath(page);
  expect(chartPath).toMatch(/^\/patients\/[0-9a-f-]+\/summary$/);
  await expectNoSeriousA11y(page, 'chart summary');
  await screenshot(page, '13-04-chart-summary');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('tab', { name: 'Medications', selected: true })).toBeVisible();
  expect(hashPath(page)).toBe(chartPath.replace(/summary$/, 'medications'));
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Summary', selected: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Vitals & labs', selected: true })).toBeVisible();
  await expect(page.getByTestId('patient-banner')).toContainText(name);

  // Ctrl-K finds a patient from inside a chart; Esc closes it.
  await page.keyboard.press('Control+K');
  const finder = page.getByRole('dialog').or(page.locator('.mantine-Spotlight-content')).first();
  await expect(finder).toBeVisible();
  // Focus lands in the search box once the opening transition ends; typing before that goes nowhere.
  await expect(page.getByRole('textbox', { name: 'Find a patient' })).toBeFocused();
  await page.keyboard.type(name.split(' ')[0] ?? name);
  await expect(page.getByRole('button', { name: new RegExp(name) }).first()).toBeVisible();
  await screenshot(page, '13-05-spotlight');
  await page.keyboard.press('Escape');
  await expect(finder).toBeHidden();

  // ? lists the shortcuts.
  await page.locator('body').press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectNoSeriousA11y(page, 'shortcuts help');
  await screenshot(page, '13-06-shortcuts-help');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // Dark theme, persisted across a reload.
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await screenshot(page, '13-07-chart-vitals-dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Lock, unlock: back on the same chart tab.
  const before = hashPath(page);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Workstation locked' })).toBeVisible();
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
  await expectNoSeriousA11y(page, 'lock screen');
  await screenshot(page, '13-08-locked');
  await page.getByLabel('Password', { exact: true }).fill('lantern-demo');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  expect(hashPath(page)).toBe(before);

  // Workspaces other parts fill in, and an unknown address, say what they are.
  await page.goto(page.url().replace(/#.*$/, '#/conflicts'));
  await expect(page.getByRole('button', { name: 'Back to patients' })).toBeVisible();
  await expectNoSeriousA11y(page, 'conflicts');
  await screenshot(page, '13-09-conflicts');
  await page.goto(page.url().replace(/#.*$/, '#/no-such-screen'));
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectNoSeriousA11y(page, 'not found');
});

test('a minute before auto-lock a warning offers "Stay signed in"', async ({ browser, server }) => {
  // A 60 s timeout: the warning shows for the last half (the lead is a minute, or half a shorter timeout).
  test.setTimeout(150_000);
  const proc = await startWorkstation(server.url, { autoLockMs: 60_000 });
  try {
    const ws = await launch(browser, proc);
    const { context, page } = await openApp(browser, ws);
    await signIn(page, 'rn.ben');
    const warning = page.getByTestId('idle-warning');
    await expect(warning).toBeVisible({ timeout: 60_000 });
    await expect(warning).toContainText(/The workstation locks in \d+ seconds?/);
    await expectNoSeriousA11y(page, 'idle warning');
    await screenshot(page, '13-10-idle-warning');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByTestId('current-user')).toContainText('Ben Carter, RN');
    await context.close();
  } finally {
    await proc.close();
  }
});
