/**
 * Shared e2e fixtures: one sync server and one browser-mode workstation per worker (the run uses one
 * worker), a signed-in-capable page per test, axe-core checks, and screenshots under e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Cookie, type Page } from '@playwright/test';
import { runAxe } from './harness/axe.ts';
import { ROOT } from './harness/processes.ts';
import { startSyncServer, startWorkstation, type SyncServer, type WorkstationProc } from './harness/lantern.ts';

export { expect };
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export interface Workstation extends WorkstationProc {
  cookies: Cookie[];
}

/** Visits the one-time launch URL once and keeps the session cookie for every later page. */
export async function launch(browser: Browser, ws: WorkstationProc): Promise<Workstation> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(ws.launchUrl);
  const cookies = await ctx.cookies();
  await ctx.close();
  if (!cookies.some((c) => c.name === 'lantern_ws')) throw new Error('the launch URL did not set the session cookie');
  return { ...ws, cookies };
}

export async function openApp(browser: Browser, ws: Workstation): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only so axe-core can be injected; the app itself runs under its CSP in the other specs' contexts too.
  const context = await browser.newContext({ bypassCSP: true });
  await context.addCookies(ws.cookies);
  const page = await context.newPage();
  await page.goto(ws.origin + '/');
  return { context, page };
}

export const test = base.extend<{ app: Page }, { server: SyncServer; ws: Workstation }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern for fixtures without dependencies
    async ({}, use) => {
      const s = await startSyncServer();
      await use(s);
      await s.close();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  ws: [
    async ({ server, browser }, use) => {
      const w = await startWorkstation(server.url);
      await use(await launch(browser, w));
      await w.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  app: async ({ browser, ws }, use, testInfo) => {
    const { context, page } = await openApp(browser, ws);
    await use(page);
    // A failing spec on the shared workstation prints its host's recent log (sync cycles and their errors; no PHI).
    if (testInfo.status !== testInfo.expectedStatus) console.log(`shared workstation, recent log:\n${ws.recentOutput()}`);
    await context.close();
  },
});

/**
 * A previous test that left writes unsynced (a refused order, a conflict) makes sign-out ask first:
 * name it at once instead of waiting out the test for a sign-in form that never comes.
 */
async function failOnUnsyncedSignOut(page: Page): Promise<void> {
  const ask = page.getByRole('dialog', { name: /Sign out with changes not yet synced/ });
  const form = page.getByLabel('Username');
  await expect(ask.or(form).first()).toBeVisible({ timeout: 15_000 });
  if (!(await ask.isVisible())) return;
  // Changes merely still on their way (none refused) on a loaded machine: let them sync, then sign out.
  if (/\b0 not accepted/.test((await ask.textContent()) ?? '')) {
    await ask.getByRole('button', { name: 'Stay signed in' }).first().click();
    const synced = await waitSynced(page).then(() => true, () => false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(ask.or(form).first()).toBeVisible({ timeout: 15_000 });
    if (!synced && (await ask.isVisible())) {
      // Still not sent (waitSynced printed why): sign out anyway, as a clinician may. Nothing is deleted: the
      // changes stay queued and go at that user's next sign-in here. A later waitSynced as them checks that.
      console.log('sign-in: the previous user signed out with changes still queued');
      await ask.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(form).toBeVisible({ timeout: 15_000 });
    }
  }
  if (await ask.isVisible()) throw new Error(`the previous user left changes not yet synced: ${(await ask.textContent()) ?? ''}`);
}

/** Signs in from whatever screen the shared workstation is on (signing out a previous user first). */
/** The top bar shows the user's name ("Dr. Ada Lovelace"); its title adds the username: "Dr. Ada Lovelace (dr.ada)". */
const signedInAs = (username: string): RegExp => new RegExp(`\\(${username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`);

export async function signIn(page: Page, username: string, password = 'lantern-demo'): Promise<void> {
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const other = page.getByRole('button', { name: 'Sign in as a different user' });
  const userBox = page.getByLabel('Username');
  await expect(signOut.or(other).or(userBox).first()).toBeVisible();
  if (await signOut.isVisible()) {
    await signOut.click();
    await failOnUnsyncedSignOut(page);
  } else if (await other.isVisible()) await other.click();
  await userBox.fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveAttribute('title', signedInAs(username));
}

export async function waitSynced(page: Page): Promise<void> {
  await expect(page.getByTestId('sync-online')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 }).catch(async (e: unknown) => {
    // Name what is stuck: the loop's last error and what it still holds (no PHI: counts and codes only).
    const status = await page.evaluate(async () => (await (await fetch('/trpc/sync.status')).text()).slice(0, 600)).catch(() => 'unavailable');
    console.log(`waitSynced: still pending; sync.status ${status}`);
    throw e;
  });
  await expect(page.getByTestId('sync-last')).not.toHaveText('Last sync: never', { timeout: 60_000 });
}

/** axe-core: no serious or critical violations on the current screen (as it is, in its current colour scheme). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // The screen at rest: the pointer off whatever was clicked last, so no tooltip opens (or is judged
  // half faded in) under it while axe reads the colours.
  await page.mouse.move(1, (page.viewportSize()?.height ?? 900) - 1);
  await page.waitForTimeout(150);
  const bad = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${screen}: serious/critical axe violations`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Keyboard-only: focus is in the search box on arrival; type, ArrowDown, Enter. */
export async function openChartByKeyboard(page: Page, query: string, downs = 0): Promise<void> {
  const search = page.getByRole('combobox', { name: /Search by name, MRN or date of birth/ });
  await expect(search).toBeFocused();
  await page.keyboard.type(query);
  await expect(page.getByRole('option').first()).toBeVisible();
  for (let i = 0; i < downs; i += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('patient-banner')).toBeVisible();
}

/** The fixture's sign-in with a longer wait: argon2id on a loaded 2-core machine right after a server restart can take over 15 s. */
export async function signInPatiently(page: Page, username: string): Promise<void> {
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const other = page.getByRole('button', { name: 'Sign in as a different user' });
  const userBox = page.getByLabel('Username');
  await expect(signOut.or(other).or(userBox).first()).toBeVisible({ timeout: 30_000 });
  if (await signOut.isVisible()) {
    await signOut.click();
    await failOnUnsyncedSignOut(page);
  } else if (await other.isVisible()) await other.click();
  await userBox.fill(username);
  await page.getByLabel('Password', { exact: true }).fill('lantern-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveAttribute('title', signedInAs(username), { timeout: 90_000 });
}
