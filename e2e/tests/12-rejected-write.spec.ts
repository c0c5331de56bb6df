import { randomUUID } from 'node:crypto';
import { unwrap } from '@lantern/core';
import { buildAllergy } from '@lantern/core/clinical-lists';
import { test, expect, expectAccessible, launch, openApp, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation, type WorkstationProc } from './harness/lantern.ts';
import { tempDir } from './harness/processes.ts';
import { tokenClaims } from './harness/direct-writes.ts';
import { login, pullAll } from './harness/server-client.ts';
import type { Browser, BrowserContext, Page } from '@playwright/test';

/**
 * A write the server refuses for good is never silently lost and never left on screen as if it had
 * been accepted (ARCHITECTURE.md, safety rule): Dr. Ada raises an amlodipine dose on a workstation
 * that is offline; meanwhile an amlodipine allergy (high criticality) is recorded for the patient at
 * another workstation. When hers syncs, the server's medication gate re-runs CDS with the allergy and
 * refuses the change (a critical alert without an override reason). The change waits in the
 * conflicts inbox as "not accepted by the server" with that reason, through a restart of the
 * workstation; the chart shows the server's dose; discarding the change closes it and keeps the
 * server's version on screen.
 */
test.setTimeout(420_000);

const PASSWORD = 'lantern-demo';
const AMLODIPINE = { rxcui: '17767', name: 'amlodipine' };
const doseOf = (r: Record<string, unknown> | null | undefined) => (r?.['dosageInstruction'] as { doseAndRate?: { doseQuantity?: { value?: number } }[] }[] | undefined)?.[0]?.doseAndRate?.[0]?.doseQuantity?.value;

/** Required override reasons (if the patient's record raises any) chosen, then the password. */
async function completeSign(page: Page): Promise<void> {
  const required = page.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await page.getByLabel('Password to sign').fill(PASSWORD);
}

/** The workstation process on a store that outlives it, as a restart would find it. */
async function openWorkstation(browser: Browser, serverUrl: string, dataDir: string): Promise<{ ws: WorkstationProc; page: Page; context: BrowserContext }> {
  const ws = await startWorkstation(serverUrl, { dataDir });
  const { page, context } = await openApp(browser, await launch(browser, ws));
  return { ws, page, context };
}

async function openInbox(page: Page): Promise<void> {
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 1', { timeout: 60_000 });
  await page.getByTestId('sync-conflicts').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Conflicts' })).toBeVisible();
}

test('a dose change the server refuses stays in the inbox with its reason after a restart; discarding it keeps the server\'s dose on screen', async ({ server, browser }) => {
  const data = tempDir('lantern-e2e-ws12-');
  let open = await openWorkstation(browser, server.url, data.path);
  try {
    let page = open.page;
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    const mrn = ((await page.getByRole('option').nth(9).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
    expect(mrn).not.toBe('');
    await openChartByKeyboard(page, mrn);
    const patientId = await page.evaluate(async (m) => {
      const r = await fetch(`/trpc/patients.search?input=${encodeURIComponent(JSON.stringify({ query: m }))}`);
      return ((await r.json()) as { result: { data: { patientId: string }[] } }).result.data[0]?.patientId ?? '';
    }, mrn);

    // Amlodipine 5 mg once daily, signed and synced.
    await page.getByRole('tab', { name: 'Orders' }).click();
    await page.getByRole('combobox', { name: 'Find a drug' }).fill('amlodi');
    await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
    await page.getByLabel('Dose', { exact: true }).fill('5');
    await page.getByLabel('Frequency').selectOption('QD');
    await page.getByRole('button', { name: 'Add to orders' }).click();
    await expect(page.getByRole('button', { name: 'Sign 1 order' })).toBeVisible();
    await completeSign(page);
    await page.getByRole('button', { name: 'Sign 1 order' }).click();
    await expect(page.getByTestId('orders-signed')).toContainText('1 order signed');
    await waitSynced(page);
    await page.getByRole('tab', { name: 'Medications' }).click();
    const medSelect = page.getByLabel('Medication', { exact: true });
    const orderId = (await medSelect.locator('option', { hasText: /amlodipine 5 mg/ }).first().getAttribute('value')) ?? '';
    expect(orderId).not.toBe('');

    // Offline: the dose goes to 10 mg (within the label's maximum: no alert on this workstation).
    await server.stop();
    await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 60_000 });
    await medSelect.selectOption(orderId);
    await page.getByLabel('New dose').fill('10');
    await page.getByRole('button', { name: 'Check dose change' }).click();
    await expect(page.getByRole('button', { name: 'Sign dose change' })).toBeVisible();
    await completeSign(page);
    await page.getByRole('button', { name: 'Sign dose change' }).click();
    await expect(page.getByTestId('dose-changed')).toContainText('10 mg');
    await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 1');
    await open.context.close();
    await open.ws.close();

    // Meanwhile, at another workstation: an amlodipine allergy, high criticality, reaches the server.
    await server.start();
    const other = await login(server.url, 'dr.ada');
    const { userId, deviceId } = tokenClaims(other);
    const allergy = unwrap(buildAllergy({
      id: randomUUID(), patientId, substance: { kind: 'ingredient', ...AMLODIPINE }, criticality: 'high', reaction: 'angioedema',
      recorder: { reference: `Practitioner/${userId}`, display: 'Dr. Ada Lovelace' }, recordedDate: new Date().toISOString(),
    }));
    const pushed = await fetch(`${server.url}/trpc/sync.push`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${other}` },
      body: JSON.stringify({ deviceId, mutations: [{ mutationId: randomUUID(), deviceId, userId, resourceType: 'AllergyIntolerance', resourceId: allergy.id, patientId, op: 'create', baseVersion: null, resource: allergy, createdAt: new Date().toISOString() }] }),
    });
    expect(((await pushed.json()) as { result?: { data?: { results: { status: string }[] } } }).result?.data?.results[0]?.status).toBe('applied');

    // Her workstation comes back and syncs: the server's medication gate refuses the change.
    open = await openWorkstation(browser, server.url, data.path);
    page = open.page;
    await signIn(page, 'dr.ada');
    await openInbox(page);
    const card = page.getByTestId('conflict');
    await expect(card).toHaveCount(1);
    await expect(card).toContainText('Not accepted by the server');
    await expect(card.getByTestId('conflict-reason')).toContainText(/critical alert needs an override reason/i);
    await expect(card.getByTestId('conflict-reason')).toContainText(/amlodipine/i);
    // Beside it, the server's version the chart shows meanwhile.
    await expect(card.getByRole('row', { name: /Dose/ })).toContainText('10 mg');
    await expect(card.getByRole('row', { name: /Dose/ })).toContainText('5 mg');
    await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0');
    await page.mouse.move(5, 895);
    await expectAccessible(page, 'conflicts inbox with a refused change');
    await screenshot(page, '12-rejected-write-inbox');

    // A restart (power cut, update, next shift): the refusal is still there, with its reason.
    await open.context.close();
    await open.ws.close();
    open = await openWorkstation(browser, server.url, data.path);
    page = open.page;
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    await openInbox(page);
    await expect(page.getByTestId('conflict').getByTestId('conflict-reason')).toContainText(/critical alert needs an override reason/i);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.mouse.move(5, 895);
    await expectAccessible(page, 'conflicts inbox with a refused change, dark');
    await screenshot(page, '12-rejected-write-after-restart-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    // The chart already shows the server's dose, never the refused one.
    await page.getByRole('button', { name: 'Back to patients' }).click();
    await openChartByKeyboard(page, mrn);
    await page.getByRole('tab', { name: 'Medications' }).click();
    await expect(page.getByLabel('Medication', { exact: true }).locator(`option[value="${orderId}"]`)).toHaveText(/amlodipine 5 mg/);

    // Discard, confirmed in a dialog whose focus starts on Cancel: the inbox empties, the server's 5 mg stays.
    await page.getByTestId('sync-conflicts').click();
    await page.getByTestId('conflict').getByRole('button', { name: 'Discard my change' }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard your change?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' }).filter({ hasText: 'Cancel' })).toBeFocused();
    await screenshot(page, '12-rejected-write-discard-confirm');
    await dialog.getByRole('button', { name: 'Discard my change' }).click();
    await expect(page.getByText('No conflicts')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0', { timeout: 30_000 });
    await screenshot(page, '12-rejected-write-inbox-empty');
    await page.getByRole('button', { name: 'Back to patients' }).click();
    await openChartByKeyboard(page, mrn);
    await page.getByRole('tab', { name: 'Medications' }).click();
    await expect(page.getByLabel('Medication', { exact: true }).locator(`option[value="${orderId}"]`)).toHaveText(/amlodipine 5 mg/);
    await expect(page.getByRole('tabpanel')).not.toContainText('amlodipine 10 mg');
    await waitSynced(page);
    expect(doseOf((await pullAll(server.url, await login(server.url, 'dr.ada'))).find((c) => c.resourceId === orderId)?.resource)).toBe(5);
  } finally {
    await open.context.close().catch(() => undefined);
    await open.ws.close();
    data.remove();
  }
});
