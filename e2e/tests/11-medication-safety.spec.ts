import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { login, pullAll } from './harness/server-client.ts';
import { fhirPut, pushUpdate, withDose } from './harness/direct-writes.ts';
import type { Page } from '@playwright/test';
const checkAccessible = (page: Page, name: string) => expectAccessible(page, name);

const PASSWORD = 'lantern-demo';

/** Orders amlodipine 5 mg once daily through the sign flow (every critical card overridden, the password given). */
async function orderAmlodipine(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Find a drug' }).fill('amlodi');
  await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
  await page.getByLabel('Dose', { exact: true }).fill('5');
  await page.getByLabel('Frequency').selectOption('QD');
  await page.getByRole('button', { name: 'Add to orders' }).click();
  const sign = page.getByRole('button', { name: 'Sign 1 order' });
  await expect(sign).toBeVisible();
  const required = page.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  // The password confirms the signature: Sign stays disabled without it.
  await expect(sign).toBeDisabled();
  await page.getByLabel('Password to sign').fill(PASSWORD);
  await sign.click();
  await expect(page.getByTestId('orders-signed')).toContainText('1 order signed');
}

const subjectOf = (r: Record<string, unknown> | null) => (r?.['subject'] as { reference?: string } | undefined)?.reference;
const doseOf = (r: Record<string, unknown> | null | undefined) => (r?.['dosageInstruction'] as { doseAndRate?: { doseQuantity?: { value?: number } }[] }[] | undefined)?.[0]?.doseAndRate?.[0]?.doseQuantity?.value;

test.setTimeout(300_000);

test('a dose 100x the maximum is a hard stop on the workstation and refused by the server; a nurse cannot change a dose on the workstation, over sync or over FHIR', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(7).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
  await openChartByKeyboard(page, mrn);
  const patientId = await page.evaluate(async (m) => {
    const r = await fetch(`/trpc/patients.search?input=${encodeURIComponent(JSON.stringify({ query: m }))}`);
    return ((await r.json()) as { result: { data: { patientId: string }[] } }).result.data[0]?.patientId ?? '';
  }, mrn);
  await page.getByRole('tab', { name: 'Orders' }).click();
  await orderAmlodipine(page);
  await waitSynced(page);
  await page.getByRole('tab', { name: 'Medications' }).click();

  // Amlodipine's maximum is 10 mg a day: 1000 mg is 100 times that. The hard stop says why and what
  // to do, offers no override reason, and Sign stays disabled.
  const medSelect = page.getByLabel('Medication', { exact: true });
  // The order just signed (the patient may hold another amlodipine order).
  const orderId = (await medSelect.locator('option', { hasText: /amlodipine 5 mg/ }).first().getAttribute('value')) ?? '';
  await medSelect.selectOption(orderId);
  await page.getByLabel('New dose').fill('1000');
  await page.getByRole('button', { name: 'Check dose change' }).click();
  const stop = page.getByTestId('cds-card-hardstop');
  await expect(stop).toBeVisible();
  await expect(stop).toContainText('What to do');
  await expect(stop.getByLabel(/Override reason/)).toHaveCount(0);
  const signChange = page.getByRole('button', { name: 'Sign dose change' });
  await expect(signChange).toBeDisabled();
  await expect(page.getByText('this cannot be signed as written')).toBeVisible();
  await stop.scrollIntoViewIfNeeded();
  await checkAccessible(page, 'dose change with a hard stop');
  await screenshot(page, '11-dose-change-hard-stop');
  await signChange.scrollIntoViewIfNeeded();
  await screenshot(page, '11-dose-change-sign-disabled');
  await page.getByRole('button', { name: 'Cancel change' }).click();
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0');

  // The same change pushed straight at the server, as a modified workstation would: refused.
  const ada = await login(server.url, 'dr.ada');
  const held = (await pullAll(server.url, ada)).find((c) => c.resourceId === orderId);
  expect(subjectOf(held?.resource ?? null)).toBe(`Patient/${patientId}`);
  const version = String((held?.resource?.['meta'] as { versionId?: string } | undefined)?.versionId ?? '1');
  const pushed = await pushUpdate(server.url, ada, withDose(held?.resource ?? {}, 1000), patientId, version);
  expect(pushed, 'the server answers the push and refuses the mutation').toMatchObject({ http: 'ok', results: [{ status: 'rejected' }] });
  expect(doseOf((await pullAll(server.url, ada)).find((c) => c.resourceId === orderId)?.resource)).toBe(5);

  // A nurse: no dose change on the workstation...
  await signIn(page, 'rn.ben');
  await waitSynced(page);
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Medications' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('amlodipine');
  await expect(page.getByRole('heading', { name: 'Change dose, route or frequency' })).toHaveCount(0);
  await expect(page.getByLabel('New frequency')).toHaveCount(0);
  await expect(page.getByLabel('New route')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Orders' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check dose change' })).toHaveCount(0);
  await expect(page.getByLabel('New dose')).toHaveCount(0);
  await screenshot(page, '11-nurse-medications-no-dose-change');
  // ...nor through the workstation's own API...
  const hostRefusal = await page.evaluate(async ({ patientId: p, orderId: o }) => {
    const r = await fetch('/trpc/orders.signChange', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patientId: p, orderId: o, change: { kind: 'dose', dose: 10 }, overrides: [], password: 'lantern-demo' }) });
    return { status: r.status, code: ((await r.json()) as { error?: { data?: { lanternCode?: string } } }).error?.data?.lanternCode };
  }, { patientId, orderId });
  expect(hostRefusal).toEqual({ status: 403, code: 'FORBIDDEN' });
  // ...nor over sync...
  const ben = await login(server.url, 'rn.ben');
  const benPush = await pushUpdate(server.url, ben, withDose(held?.resource ?? {}, 10), patientId, version);
  const benCode = benPush.http === 'ok' ? (benPush.results[0]?.status === 'rejected' ? benPush.results[0]?.code : benPush.results[0]?.status) : benPush.code;
  expect(benCode).toBe('FORBIDDEN');
  // ...nor over FHIR.
  const put = await fhirPut(server.url, ben, { ...withDose(held?.resource ?? {}, 10), meta: { versionId: version } }, version);
  expect(put.status).toBe(403);
  expect(doseOf((await pullAll(server.url, ada)).find((c) => c.resourceId === orderId)?.resource)).toBe(5);
});

test('methotrexate 7.5 mg weekly changed to daily: the frequency change shows the critical card, needs a reason and the password, and reaches the server; a nurse is never offered it', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(8).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Orders' }).click();
  await page.getByRole('combobox', { name: 'Find a drug' }).fill('methotrex');
  await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
  // The knowledge base's default sentence, one click: 7.5 mg once weekly.
  await page.getByRole('group', { name: 'Default dose sentences' }).getByRole('button', { name: /methotrexate 7\.5 mg oral once weekly/ }).click();
  const required = page.getByLabel('Override reason (required to sign)');
  const sign = page.getByRole('button', { name: 'Sign 1 order' });
  await expect(sign).toBeVisible();
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await page.getByLabel('Password to sign').fill(PASSWORD);
  await sign.click();
  await expect(page.getByTestId('orders-signed')).toContainText('1 order signed');
  await waitSynced(page);

  await page.getByRole('tab', { name: 'Medications' }).click();
  const medSelect = page.getByLabel('Medication', { exact: true });
  const orderId = (await medSelect.locator('option', { hasText: /methotrexate 7\.5 mg oral once weekly/ }).first().getAttribute('value')) ?? '';
  await medSelect.selectOption(orderId);
  await expect(page.getByLabel('New frequency')).toHaveValue('QWK');
  await page.getByLabel('New frequency').selectOption('QD');
  await page.getByRole('button', { name: 'Check frequency change' }).click();
  await expect(page.getByTestId('change-proposed')).toContainText('7.5 mg oral once daily');
  const critical = page.getByTestId('cds-card-critical').filter({ hasText: /methotrexate/i }).first();
  await expect(critical).toBeVisible();
  const signChange = page.getByRole('button', { name: 'Sign frequency change' });
  await page.getByLabel('Password to sign').fill(PASSWORD);
  await expect(signChange).toBeDisabled();
  await critical.scrollIntoViewIfNeeded();
  await checkAccessible(page, 'frequency change with a critical card');
  await screenshot(page, '11-frequency-change-critical');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await expect(signChange).toBeEnabled();
  await signChange.click();
  await expect(page.getByTestId('dose-changed')).toContainText('Frequency changed and signed: 7.5 mg oral once daily');
  await waitSynced(page);
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0');
  const onServer = (await pullAll(server.url, await login(server.url, 'dr.ada'))).find((c) => c.resourceId === orderId)?.resource;
  expect(JSON.stringify(onServer?.['dosageInstruction'])).toContain('"code":"QD"');

  // A nurse is never offered a route or frequency change, and the host refuses one sent directly.
  await signIn(page, 'rn.ben');
  await waitSynced(page);
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Medications' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('methotrexate');
  await expect(page.getByLabel('New frequency')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Check .* change/ })).toHaveCount(0);
  const refused = await page.evaluate(async (o) => {
    const r = await fetch('/trpc/orders.previewChange?input=' + encodeURIComponent(JSON.stringify({ patientId: o.p, orderId: o.o, change: { kind: 'dosage', frequency: 'QWK' } })));
    return r.status;
  }, { p: (onServer?.['subject'] as { reference?: string } | undefined)?.reference?.slice('Patient/'.length) ?? '', o: orderId });
  expect(refused).toBe(403);
});
