import { test, expect, expectAccessible, launch, openApp, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';
import { login, pullAll } from './harness/server-client.ts';
import type { Page } from '@playwright/test';

async function changeDose(page: Page, drug: string, dose: string): Promise<void> {
  const select = page.getByLabel('Medication', { exact: true });
  const value = await select.locator('option', { hasText: drug }).first().getAttribute('value');
  await select.selectOption(value ?? '');
  await page.getByLabel('New dose').fill(dose);
  // A dose change is checked and signed like a new order.
  await page.getByRole('button', { name: 'Check dose change' }).click();
  await expect(page.getByRole('button', { name: 'Sign dose change' })).toBeVisible();
  const required = page.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await page.getByLabel('Password to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Sign dose change' }).click();
  await expect(page.getByTestId('dose-changed')).toContainText(`${dose} mg`);
}

const conflictsOf = async (page: Page): Promise<number> => Number(((await page.getByTestId('sync-conflicts').textContent()) ?? '').match(/\d+/)?.[0] ?? 0);

test('two workstations change the same dose offline: the second to sync sees the conflict side by side and resolves it', async ({ app: a, server, browser }) => {
  await signIn(a, 'dr.ada');
  await waitSynced(a);
  const mrn = ((await a.getByRole('option').nth(6).textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  await openChartByKeyboard(a, mrn);
  await a.getByRole('tab', { name: 'Orders' }).click();
  // A lisinopril order both workstations will hold.
  await a.getByRole('combobox', { name: 'Find a drug' }).fill('lisino');
  await a.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
  await a.getByLabel('Dose', { exact: true }).fill('10');
  await a.getByRole('button', { name: 'Add to orders' }).click();
  const required = a.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await a.getByLabel('Password to sign').fill('lantern-demo');
  await a.getByRole('button', { name: 'Sign 1 order' }).click();
  await expect(a.getByTestId('orders-signed')).toBeVisible();
  await waitSynced(a);
  await a.getByRole('tab', { name: 'Medications' }).click();
  await expect(a.getByLabel('Medication', { exact: true })).toContainText('lisinopril');

  const wsB = await startWorkstation(server.url);
  try {
    const { page: b, context } = await openApp(browser, await launch(browser, wsB));
    await signIn(b, 'dr.ada');
    await waitSynced(b);
    await openChartByKeyboard(b, mrn);
    await b.getByRole('tab', { name: 'Medications' }).click();
    await expect(b.getByLabel('Medication', { exact: true })).toContainText('lisinopril');

    await server.stop();
    await expect(a.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });
    await changeDose(a, 'lisinopril', '20');
    await changeDose(b, 'lisinopril', '40');

    await server.start();
    for (const p of [a, b]) await expect(p.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 });
    await expect.poll(async () => (await conflictsOf(a)) + (await conflictsOf(b)), { timeout: 30_000 }).toBe(1);
    const [second, mine] = (await conflictsOf(a)) === 1 ? [a, '20'] : [b, '40'];

    // Nothing disappears without a decision: the conflict is in the inbox, mine beside the server's.
    await second.getByTestId('sync-conflicts').click();
    const card = second.getByTestId('conflict');
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(mine);
    await expect(card).toContainText(mine === '20' ? '40' : '20');
    await expectAccessible(second, 'conflicts inbox');
    await screenshot(second, '09-conflicts-inbox');
    await card.getByRole('button', { name: 'Keep mine' }).click();
    await expect(second.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0', { timeout: 30_000 });
    await expect(second.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 });

    // The resolution went out as a new mutation: the server now holds the kept dose.
    const patientId = await a.evaluate(async (m) => {
      const r = await fetch(`/trpc/patients.search?input=${encodeURIComponent(JSON.stringify({ query: m }))}`);
      return ((await r.json()) as { result: { data: { patientId: string }[] } }).result.data[0]?.patientId ?? '';
    }, mrn);
    const all = await pullAll(server.url, await login(server.url, 'dr.ada'));
    const lis = all.filter((c) => c.resourceType === 'MedicationRequest' && JSON.stringify(c.resource?.['medicationCodeableConcept'] ?? {}).toLowerCase().includes('lisinopril')
      && (c.resource?.['subject'] as { reference?: string } | undefined)?.reference === `Patient/${patientId}`);
    const doses = lis.map((c) => (c.resource?.['dosageInstruction'] as { doseAndRate?: { doseQuantity?: { value?: number } }[] }[] | undefined)?.[0]?.doseAndRate?.[0]?.doseQuantity?.value);
    expect(doses).toContain(Number(mine));
    await context.close();
  } finally {
    await wsB.close();
  }
});
