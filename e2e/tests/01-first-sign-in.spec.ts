import { test, expect, expectAccessible, screenshot, signIn, waitSynced } from './fixtures.ts';

test('first sign-in: online, then the first sync shows its progress with counts and finishes', async ({ app: page }) => {
  await expect(page.getByRole('heading', { name: 'Lantern' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeFocused();
  await expectAccessible(page, 'sign-in');
  await screenshot(page, '01-sign-in');

  // Watch the host's sync status from the page itself while the first sync runs.
  const progress = page.evaluate(async () => {
    const seen: { received: number; total: number }[] = [];
    for (let i = 0; i < 300; i += 1) {
      const r = await fetch('/trpc/sync.status');
      const s = (await r.json()) as { result?: { data?: { initialSync: { received: number; total: number } | null; lastSyncAt: string | null } } };
      const d = s.result?.data;
      if (d?.initialSync) seen.push(d.initialSync);
      if (d?.lastSyncAt) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    return seen;
  });
  await signIn(page, 'dr.ada');
  await expect(page.getByText('signed in offline')).toHaveCount(0);

  // The progress bar is on screen during the first sync, with "N of M records".
  await expect(page.locator('#initial-sync-progress')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText(/First sync: \d+ of \d+ records/)).toBeVisible();
  await screenshot(page, '02-first-sync-progress');

  const seen = await progress;
  expect(seen.length).toBeGreaterThan(0);
  const last = seen[seen.length - 1];
  expect(last?.total).toBeGreaterThan(1000);
  // Counts only ever grow, and never pass the total.
  for (let i = 1; i < seen.length; i += 1) expect(seen[i]?.received ?? 0).toBeGreaterThanOrEqual(seen[i - 1]?.received ?? 0);
  expect(seen.every((s) => s.received <= s.total)).toBe(true);

  await waitSynced(page);
  await expect(page.locator('#initial-sync-progress')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'My patients' })).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(20);
  await expectAccessible(page, 'patient finder');
  await screenshot(page, '03-patient-finder');

  await page.getByRole('button', { name: 'Unit census' }).click();
  await expect(page.getByRole('heading', { name: 'Unit census' })).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(40);
});
