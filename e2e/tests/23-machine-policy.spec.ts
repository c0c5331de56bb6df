/**
 * Machine policy in browser mode: IT's /etc/lantern/workstation.json (here a temporary file named by
 * LANTERN_MACHINE_POLICY_FILE) overrides the environment. The environment points at a server that does
 * not exist; the policy's server URL is the one that works, so signing in at all shows it applied.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, launch, openApp, screenshot } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';

async function setScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((s) => localStorage.setItem('lantern-color-scheme', s), scheme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
}

test('machine policy: the server and auto-lock IT set are used and shown locked; an account outside allowedUsers is refused at sign-in', async ({ browser, server }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-e2e-policy-'));
  const file = join(dir, 'workstation.json');
  writeFileSync(file, JSON.stringify({ serverUrl: server.url, autoLockMinutes: 7, allowedUsers: ['dr.ada'], updateChannel: 'stable' }));
  // Port 9 (discard) on loopback: nothing answers there, so only the policy's URL can sign anyone in.
  const proc = await startWorkstation('http://127.0.0.1:9', { env: { LANTERN_MACHINE_POLICY_FILE: file } });
  try {
    const ws = await launch(browser, proc);
    const { context, page } = await openApp(browser, ws);
    await expect(page.getByTestId('sign-in-server')).toHaveText(`Server: ${server.url} · Set by your organisation`);

    // rn.ben is a real account with the right password: the workstation refuses him before asking the server.
    await page.getByLabel('Username').fill('rn.ben');
    await page.getByLabel('Password', { exact: true }).fill('lantern-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Your organisation has not allowed this account to sign in on this workstation. Use another workstation or ask IT to add you.');
    await expect(page.getByTestId('current-user')).toHaveCount(0);
    await expectAccessible(page, 'sign-in refused by machine policy');
    await screenshot(page, '23-machine-policy-sign-in-refused');

    await page.getByLabel('Username').fill('dr.ada');
    await page.getByLabel('Password', { exact: true }).fill('lantern-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toHaveAttribute('title', /\(dr\.ada\)$/, { timeout: 90_000 });

    await page.getByRole('button', { name: 'Workstation settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Workstation settings' })).toBeVisible();
    const autoLock = page.getByRole('textbox', { name: 'Auto-lock after inactivity' });
    await expect(autoLock).toHaveValue('7 minutes');
    await expect(autoLock).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('setting-autoLockMinutes')).toHaveAccessibleDescription('Set by your organisation');
    const serverUrl = page.getByRole('textbox', { name: 'Sync server' });
    await expect(serverUrl).toHaveValue(server.url);
    await expect(serverUrl).toHaveAccessibleDescription('Set by your organisation');
    await expect(page.getByRole('textbox', { name: 'Accounts allowed on this workstation' })).toHaveValue('1 account');
    // Read-only: typing changes nothing.
    await autoLock.focus();
    await page.keyboard.type('60');
    await expect(autoLock).toHaveValue('7 minutes');
    await autoLock.blur();
    await expectAccessible(page, 'workstation settings (light)');
    await screenshot(page, '23-machine-policy-settings-light');

    await setScheme(page, 'dark');
    await expect(page.getByRole('textbox', { name: 'Auto-lock after inactivity' })).toHaveValue('7 minutes');
    await expectAccessible(page, 'workstation settings (dark)');
    await screenshot(page, '23-machine-policy-settings-dark');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('sign-in-server')).toBeVisible();
    await expectAccessible(page, 'sign-in with the server IT set (dark)');
    await screenshot(page, '23-machine-policy-sign-in-dark');
    await setScheme(page, 'light');
    await context.close();
  } finally {
    await proc.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
