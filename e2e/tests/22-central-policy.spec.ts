import { test, expect, expectAccessible, launch, openApp, screenshot, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';
import { login } from './harness/server-client.ts';

/** A tRPC call to the sync server as the administrator (plain JSON over HTTP). */
async function admin(base: string, token: string, path: string, input: unknown, kind: 'query' | 'mutation'): Promise<unknown> {
  const res = kind === 'query'
    ? await fetch(`${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: { authorization: `Bearer ${token}` } })
    : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  expect(res.status, `${path} answered ${res.status}`).toBe(200);
  return ((await res.json()) as { result: { data: unknown } }).result.data;
}

const POLICY = { offlineGrantHours: 72, syncIntervalSeconds: 30, cdsSuppressionHours: 24 };
type DeviceRow = { deviceId: string; appVersion: string | null };

test('central policy: the administrator sets auto-lock to 1 minute; the workstation picks it up on its next sync, says it is set by the organisation, and locks after it', async ({ browser, server }) => {
  test.setTimeout(240_000);
  const eve = await login(server.url, 'admin.eve');
  // Its own workstation: it ends locked, and nothing an earlier spec left on the shared one decides it.
  const proc = await startWorkstation(server.url);
  const { context, page } = await openApp(browser, await launch(browser, proc));
  try {
    await admin(server.url, eve, 'admin.setPolicy', { ...POLICY, autoLockMinutes: 1 }, 'mutation');
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    // Nothing typed or clicked from here: half a minute in, the warning names the organisation's setting.
    const warning = page.getByTestId('idle-warning');
    await expect(warning).toContainText('Auto-lock after 1 minute: set by your organisation.', { timeout: 60_000 });
    await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeVisible();
    await screenshot(page, '80-central-policy-idle-warning');
    await expect(page.getByRole('heading', { name: 'Workstation locked' })).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId('auto-lock-policy')).toHaveText('Auto-lock after 1 minute without activity: set by your organisation.');
    await expectAccessible(page, 'lock screen with the organisation policy');
    await screenshot(page, '81-central-policy-locked');
  } finally {
    // The worker's server is shared with later specs: put the default back.
    await admin(server.url, eve, 'admin.setPolicy', { ...POLICY, autoLockMinutes: 10 }, 'mutation');
    await context.close();
    await proc.close();
  }
});

test('remote wipe: the workstation pushes, purges its store at its next contact and says it was wiped by the organisation', async ({ browser, server }) => {
  test.setTimeout(180_000);
  const eve = await login(server.url, 'admin.eve');
  const known = new Set(((await admin(server.url, eve, 'admin.devices', undefined, 'query')) as DeviceRow[]).map((d) => d.deviceId));
  const proc = await startWorkstation(server.url);
  try {
    const ws = await launch(browser, proc);
    const { context, page } = await openApp(browser, ws);
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    // This workstation's own report is how the administrator's list knows it.
    let mine: DeviceRow | undefined;
    await expect.poll(async () => {
      mine = ((await admin(server.url, eve, 'admin.devices', undefined, 'query')) as DeviceRow[]).find((d) => !known.has(d.deviceId) && d.appVersion !== null);
      return mine?.appVersion ?? null;
    }, { timeout: 30_000 }).toBe('0.1.0');
    await admin(server.url, eve, 'admin.requestWipe', { deviceId: mine?.deviceId }, 'mutation');
    await expect(page.getByRole('heading', { level: 1, name: 'This workstation was wiped by your organisation' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel('Username')).toHaveCount(0);
    await expectAccessible(page, 'wiped workstation');
    await screenshot(page, '82-workstation-wiped');
    // Nothing of a chart answers any more.
    expect(await page.evaluate(async () => (await fetch('/trpc/patients.mine')).status)).toBe(401);
    await context.close();
  } finally {
    await proc.close();
  }
});
