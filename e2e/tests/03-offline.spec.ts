import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { auditEvents, login, pullAll } from './harness/server-client.ts';

test('server down: charts still open, vitals queue locally; server back: they sync with the chart-view audit events', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const row = page.getByRole('option').nth(1);
  const mrn = ((await row.textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';
  const before = await page.evaluate(() => new Date().toISOString());

  await server.stop();
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });

  // The chart opens from the local store.
  await page.reload();
  await openChartByKeyboard(page, mrn);
  await expect(page.getByTestId('patient-banner')).toContainText(mrn);
  const patientId = await page.evaluate(async (m) => {
    const r = await fetch(`/trpc/patients.search?input=${encodeURIComponent(JSON.stringify({ query: m }))}`);
    return ((await r.json()) as { result: { data: { patientId: string }[] } }).result.data[0]?.patientId ?? '';
  }, mrn);

  // Record vitals offline.
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  await page.getByRole('button', { name: 'Record vitals' }).click();
  await expectAccessible(page, 'record vitals form');
  await page.getByLabel('Systolic BP (mmHg)').fill('152');
  await page.getByLabel('Diastolic BP (mmHg)').fill('97');
  await page.getByLabel('Heart rate (/min)').fill('118');
  await page.getByLabel('SpO2 (%)').fill('91');
  await page.getByRole('button', { name: 'Save vitals' }).click();

  // Saved at once, marked as not yet synced, and counted as pending; the status says offline.
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 3');
  await expect(page.getByTestId('sync-online')).toHaveText('Offline');
  const latest = page.getByRole('table', { name: 'Vital signs, latest of each' });
  await expect(latest.getByRole('row', { name: /^HR / })).toContainText('118');
  await expect(latest.getByRole('row', { name: /^HR / })).toContainText('Not yet synced');
  await expect(latest.getByRole('row', { name: /^HR / }).getByLabel('High')).toBeVisible();
  await screenshot(page, '07-offline-vitals-pending');

  // Server back: the loop notices by itself and drains the outbox.
  await server.start();
  await expect(page.getByTestId('sync-online')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Summary' }).click();
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  await expect(page.getByRole('table', { name: 'Vital signs, latest of each' }).getByRole('row', { name: /^HR / })).not.toContainText('Not yet synced', { timeout: 15_000 });
  await screenshot(page, '08-back-online-synced');

  // The server has the vitals...
  const token = await login(server.url, 'dr.ada');
  const all = await pullAll(server.url, token);
  const mine = all.filter((c) => c.resourceType === 'Observation' && c.resource !== null && (c.resource['subject'] as { reference?: string } | undefined)?.reference === `Patient/${patientId}` && String(c.resource['effectiveDateTime'] ?? '') >= before);
  const values = mine.map((c) => (c.resource?.['valueQuantity'] as { value?: number } | undefined)?.value);
  expect(values).toContain(118);
  expect(values).toContain(91);
  expect(mine.some((c) => Array.isArray(c.resource?.['component']))).toBe(true);

  // ...and the chart-view audit events recorded on the workstation while it was offline.
  const privacy = await login(server.url, 'privacy.dee');
  await expect
    .poll(async () => (await auditEvents(server.url, privacy, { patientId, action: 'chart-view' })).length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  const views = await auditEvents(server.url, privacy, { patientId, action: 'chart-view' });
  expect(views.every((v) => v.detail['ingest.verified'] === true)).toBe(true);
});
