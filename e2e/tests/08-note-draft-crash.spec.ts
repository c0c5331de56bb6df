import { test, expect, launch, openApp, openChartByKeyboard, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';

test('a workstation killed while a note is being typed reopens with the autosaved draft', async ({ browser, server }) => {
  const first = await startWorkstation(server.url);
  const dataDir = first.dataDir;
  let second: Awaited<ReturnType<typeof startWorkstation>> | null = null;
  try {
    const ws = await launch(browser, first);
    const a = await openApp(browser, ws);
    await signIn(a.page, 'dr.ada');
    await waitSynced(a.page);
    const mrn = ((await a.page.getByRole('option').nth(5).textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
    await openChartByKeyboard(a.page, mrn);
    await a.page.getByRole('tab', { name: 'Notes' }).click();
    await a.page.getByRole('button', { name: 'New note' }).click();
    await a.page.getByLabel('Subjective').fill('E2E-DRAFT chest pain since this morning');
    await expect(a.page.getByTestId('autosave-status')).toContainText('Draft saved', { timeout: 10_000 });
    // Still typing when the power goes: no flush, no clean shutdown.
    await a.page.getByLabel('Assessment').pressSequentially('possible ang');
    first.kill();
    await a.context.close();

    second = await startWorkstation(server.url, { dataDir });
    const b = await openApp(browser, await launch(browser, second));
    await signIn(b.page, 'dr.ada');
    await openChartByKeyboard(b.page, mrn);
    await b.page.getByRole('tab', { name: 'Notes' }).click();
    await b.page.getByRole('button', { name: /Resume draft/ }).click();
    await expect(b.page.getByLabel('Subjective')).toHaveValue('E2E-DRAFT chest pain since this morning');
    await b.context.close();
  } finally {
    await second?.close();
    await first.close();
  }
});
