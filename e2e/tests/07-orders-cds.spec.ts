import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { auditEvents, login, pullAll } from './harness/server-client.ts';
import type { Page } from '@playwright/test';

// A long scenario on a shared 2-core machine: more than the default 90 s.
test.setTimeout(300_000);

/** Find a drug by keyboard, fill the dose form, add it to the draft list. */
async function addDrug(page: Page, query: string, dose: string, frequency: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Find a drug' }).fill(query);
  await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
  await page.getByLabel('Dose', { exact: true }).fill(dose);
  await page.getByLabel('Frequency').selectOption(frequency);
  await page.getByRole('button', { name: 'Add to orders' }).click();
}

/**
 * One of her patients (from the finder) on no statin and no clarithromycin, so every card below is
 * the one this scenario causes: the demo population gives some patients a statin already.
 */
async function patientWithoutStatin(page: Page, serverUrl: string): Promise<string> {
  const all = await pullAll(serverUrl, await login(serverUrl, 'dr.ada'));
  const onOne = new Set(all
    .filter((c) => c.resourceType === 'MedicationRequest' && c.resource?.['status'] === 'active' && /statin|clarithro/i.test(JSON.stringify(c.resource['medicationCodeableConcept'] ?? {})))
    .map((c) => ((c.resource?.['subject'] as { reference?: string } | undefined)?.reference ?? '').replace('Patient/', '')));
  const idByMrn = new Map(all.filter((c) => c.resourceType === 'Patient').flatMap((c) =>
    ((c.resource?.['identifier'] as { value?: string }[] | undefined) ?? []).map((i): [string, string] => [i.value ?? '', c.resourceId])));
  const options = await page.getByRole('option').allTextContents();
  const mrns = options.slice(4).map((t) => t.match(/MRN\d+/)?.[0] ?? '').filter((m) => m !== '');
  const mrn = mrns.find((m) => !onOne.has(idByMrn.get(m) ?? ''));
  expect(mrn, 'a demo patient on no statin').toBeDefined();
  return mrn ?? '';
}

/** Any critical card already blocking (not the one under test) gets a reason so the set can be signed. */
async function overrideAllCritical(page: Page): Promise<void> {
  const required = page.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
}

test('simvastatin for a patient on clarithromycin: critical card blocks signing; the pravastatin suggestion applies in one click; an override reason signs and reaches the server audit trail; stop with a reason; a new allergy re-checks active orders; allergy and problem list changes', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = await patientWithoutStatin(page, server.url);
  await openChartByKeyboard(page, mrn);
  const patientId = await page.evaluate(async (m) => {
    const r = await fetch(`/trpc/patients.search?input=${encodeURIComponent(JSON.stringify({ query: m }))}`);
    return ((await r.json()) as { result: { data: { patientId: string }[] } }).result.data[0]?.patientId ?? '';
  }, mrn);
  await page.getByRole('tab', { name: 'Orders' }).click();

  // Put the patient on clarithromycin (RxNorm 21212) first.
  await addDrug(page, 'clarithro', '500', 'BID');
  await expect(page.getByRole('list', { name: 'Draft orders' })).toContainText('clarithromycin');
  await expect(page.getByRole('button', { name: 'Sign 1 order' })).toBeVisible();
  await overrideAllCritical(page);
  await page.getByLabel('Password to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Sign 1 order' }).click();
  await expect(page.getByTestId('orders-signed')).toContainText('1 order signed');

  // Now simvastatin (36567): the local engine raises the critical interaction card, and signing is blocked.
  await addDrug(page, 'simva', '20', 'HS');
  const critical = page.getByTestId('cds-card-critical').filter({ hasText: /clarithromycin/i });
  await expect(critical).toBeVisible();
  const sign = page.getByRole('button', { name: 'Sign 1 order' });
  await expect(sign).toBeDisabled();
  await expect(page.getByText(/needs? an override reason before signing/)).toBeVisible();
  // Signing is confirmed with the password, as for a note.
  await page.getByLabel('Password to sign').fill('lantern-demo');
  await expect(sign).toBeDisabled();
  await expectAccessible(page, 'order entry with a critical card');
  await screenshot(page, '11-cds-critical-card');

  // The safer alternative applies in one click: pravastatin replaces simvastatin and nothing blocks.
  await critical.getByRole('button', { name: /Use pravastatin instead/ }).click();
  const drafts = page.getByRole('list', { name: 'Draft orders' });
  await expect(drafts).toContainText('pravastatin');
  await expect(drafts).not.toContainText('simvastatin');
  await expect(page.getByTestId('cds-card-critical')).toHaveCount(0);
  await expect(sign).toBeEnabled();
  // Back to simvastatin, to show the override path.
  await drafts.getByRole('button', { name: /Remove pravastatin/ }).click();
  await addDrug(page, 'simva', '20', 'HS');
  await expect(critical).toBeVisible();
  await expect(sign).toBeDisabled();
  await overrideAllCritical(page);
  await expect(sign).toBeEnabled();
  await sign.click();
  await expect(page.getByTestId('orders-signed')).toContainText('overridden');
  await waitSynced(page);

  // The server has the active simvastatin order and, in its audit trail, the override with its reason.
  const all = await pullAll(server.url, await login(server.url, 'dr.ada'));
  const simva = all.filter((c) => c.resourceType === 'MedicationRequest' && (c.resource?.['subject'] as { reference?: string } | undefined)?.reference === `Patient/${patientId}`
    && JSON.stringify(c.resource?.['medicationCodeableConcept'] ?? {}).includes('36567'));
  expect(simva.map((c) => c.resource?.['status'])).toContain('active');
  const privacy = await login(server.url, 'privacy.dee');
  await expect.poll(async () => (await auditEvents(server.url, privacy, { patientId, action: 'cds-override' })).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const overrides = await auditEvents(server.url, privacy, { patientId, action: 'cds-override' });
  const simvaIds = simva.map((c) => c.resourceId);
  // The workstation's own override event, ingested from its verified audit chain (the server's medication
  // gate records its own cds-override event for the same order beside it).
  const override = overrides.map((e) => e as typeof e & { resourceId?: string | null; reason?: string | null })
    .find((e) => e.detail['indicator'] === 'critical' && simvaIds.includes(e.resourceId ?? '') && e.detail['ingest.verified'] === true);
  expect(override, 'a critical-card override on the simvastatin order, from the workstation').toBeDefined();
  expect(override?.reason ?? '').not.toBe('');

  // Order status: stopping needs a reason; the stopped order reaches the server with it.
  await page.getByRole('tab', { name: 'Medications' }).click();
  const orderSelect = page.getByLabel('Order', { exact: true });
  const simvaOption = await orderSelect.locator('option', { hasText: 'simvastatin' }).first().getAttribute('value');
  await orderSelect.selectOption(simvaOption ?? '');
  await page.getByLabel('New status').selectOption('stopped');
  await page.getByRole('button', { name: 'Update status' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'reason is required' })).toBeVisible();
  await page.getByLabel('Reason', { exact: true }).fill('E2E-STOP myalgia');
  await page.getByRole('button', { name: 'Update status' }).click();
  await expect(page.getByTestId('order-status-changed')).toContainText('stopped');
  await waitSynced(page);
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0');
  const after = await pullAll(server.url, await login(server.url, 'dr.ada'));
  const stopped = after.find((c) => c.resourceId === simvaOption)?.resource;
  expect(stopped?.['status']).toBe('stopped');
  expect(JSON.stringify(stopped?.['statusReason'])).toContain('E2E-STOP');

  // Adding an allergy re-checks the active orders: the clarithromycin order now conflicts with it.
  await page.getByRole('tab', { name: 'Allergies' }).click();
  await page.getByRole('combobox', { name: 'Find a drug' }).fill('clarithro');
  await expect(page.getByRole('listbox', { name: 'Matching drugs' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Find a drug' }).press('Enter');
  await page.getByLabel('Reaction').fill('urticaria');
  await page.getByRole('button', { name: 'Add allergy' }).click();
  await expect(page.getByTestId('allergy-recheck')).toContainText(/clarithromycin/i);
  await expect(page.getByTestId('allergy-recheck')).toContainText('1 active order');
  await expectAccessible(page, 'allergy added, orders re-checked');
  await waitSynced(page);
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0');
  const withAllergy = await pullAll(server.url, await login(server.url, 'dr.ada'));
  const allergy = withAllergy.find((c) => c.resourceType === 'AllergyIntolerance' && JSON.stringify(c.resource?.['patient'] ?? {}).includes(patientId) && JSON.stringify(c.resource?.['code'] ?? {}).includes('21212'));
  expect(allergy).toBeDefined();

  // Lists: the allergy marked entered-in-error (reason required); a problem added, then resolved.
  const allergySelect = page.getByLabel('Allergy', { exact: true });
  await allergySelect.selectOption(allergy?.resourceId ?? '');
  const allergyForm = page.getByRole('form', { name: 'Change an allergy' });
  await allergyForm.getByLabel('Mark as').selectOption('entered-in-error');
  await allergyForm.getByLabel('Reason or note').fill('E2E recorded on the wrong patient');
  await page.getByRole('button', { name: 'Save allergy change' }).click();
  await expect(page.getByTestId('allergy-changed')).toContainText('entered-in-error');
  await page.getByRole('tab', { name: 'Problems' }).click();
  await page.getByLabel('Code', { exact: true }).fill('I10');
  await page.getByLabel('Problem name').fill('Essential hypertension');
  await page.getByRole('button', { name: 'Add problem' }).click();
  await expect(page.getByTestId('problem-added')).toBeVisible();
  const problemSelect = page.getByLabel('Problem', { exact: true });
  const problemId = await problemSelect.locator('option', { hasText: 'Essential hypertension' }).first().getAttribute('value');
  await problemSelect.selectOption(problemId ?? '');
  await page.getByRole('form', { name: 'Change a problem' }).getByLabel('Mark as').selectOption('resolved');
  await page.getByRole('button', { name: 'Save problem change' }).click();
  await expect(page.getByTestId('problem-changed')).toContainText('resolved');
  await expectAccessible(page, 'problems with add and change');
  await waitSynced(page);
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0');
  const lists = await pullAll(server.url, await login(server.url, 'dr.ada'));
  expect(JSON.stringify(lists.find((c) => c.resourceId === allergy?.resourceId)?.resource?.['verificationStatus'])).toContain('entered-in-error');
  expect(JSON.stringify(lists.find((c) => c.resourceId === problemId)?.resource?.['clinicalStatus'])).toContain('resolved');
});
