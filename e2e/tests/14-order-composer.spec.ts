import { test, expect, expectAccessible, launch, openApp, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { startWorkstation } from './harness/lantern.ts';
import { login, pullAll } from './harness/server-client.ts';
import type { Page } from '@playwright/test';
const checkAccessible = (page: Page, name: string) => expectAccessible(page, name);

test.setTimeout(300_000);

const PASSWORD = 'lantern-demo';
const draftList = (page: Page) => page.getByRole('list', { name: 'Draft orders' });
/** The composer's areas: medications, labs and imaging, order sets. */
const area = (page: Page, name: string) => page.getByRole('radiogroup', { name: 'What to order' }).getByText(name, { exact: true }).click();

async function openOrders(page: Page, nth: number): Promise<string> {
  const mrn = ((await page.getByRole('option').nth(nth).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Orders' }).click();
  await expect(page.getByRole('combobox', { name: 'Find a drug' })).toBeVisible();
  return mrn;
}

test('the order composer: a highlighted drug search, one-click dose sentences, labs apart, the critical card beside its order and in view, one sign action', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  await openOrders(page, 9);
  await checkAccessible(page, 'order composer, empty');
  await screenshot(page, '14-composer-empty');

  // The option the arrow keys reach is highlighted on screen; Enter picks exactly that one.
  const search = page.getByRole('combobox', { name: 'Find a drug' });
  await search.fill('amox');
  const options = page.getByRole('listbox', { name: 'Matching drugs' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  await search.press('ArrowDown');
  await search.press('ArrowDown');
  const highlighted = page.locator('[role="option"][aria-selected="true"][data-active]');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toHaveId(/-opt-2$/);
  const colours = await highlighted.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el.parentElement?.querySelector('[data-index="0"]') ?? el).backgroundColor]);
  expect(colours[0], 'the highlighted option has its own background').not.toBe(colours[1]);
  const picked = ((await highlighted.textContent()) ?? '').trim();
  await screenshot(page, '14-drug-search-highlight');
  await search.press('ArrowUp');
  await search.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  // The first match for "amox" is amoxicillin, not what two presses had reached.
  await expect(page.getByRole('heading', { name: 'Order amoxicillin' })).toBeVisible();
  expect(picked.startsWith('amoxicillin')).toBe(false);

  // Strengths and forms from the knowledge base; the default dose sentence is one click.
  await expect(page.getByTestId('drug-forms')).toContainText('amoxicillin 500 MG Oral Capsule');
  await page.getByRole('group', { name: 'Default dose sentences' }).getByRole('button', { name: /amoxicillin 500 mg oral three times daily for 10 days/ }).click();
  await expect(draftList(page)).toContainText('amoxicillin 500 mg oral three times daily for 10 days');

  // Labs and imaging are their own area.
  await area(page, 'Labs and imaging');
  await page.getByLabel('Find a test or study').fill('lactate');
  await page.getByLabel('Priority').selectOption('stat');
  await page.getByRole('button', { name: 'Add Lactate, serum or plasma' }).click();
  await expect(draftList(page)).toContainText('Lactate, serum or plasma (stat)');

  // Two drafts that must not go together: the critical card sits under the order it concerns, in view with Sign.
  await area(page, 'Medications');
  for (const [q, dose, freq] of [['clarithro', '500', 'BID'], ['simva', '20', 'HS']] as const) {
    await search.fill(q);
    await expect(options.first()).toBeVisible();
    await search.press('Enter');
    await page.getByLabel('Dose', { exact: true }).fill(dose);
    await page.getByLabel('Frequency').selectOption(freq);
    await page.getByRole('button', { name: 'Add to orders' }).click();
  }
  const critical = page.getByTestId('cds-card-critical').filter({ hasText: /clarithromycin/i }).first();
  await expect(critical).toBeVisible();
  const basket = page.getByTestId('draft-basket');
  const sign = basket.getByRole('button', { name: 'Sign 4 orders' });
  await expect(sign).toBeDisabled();
  await expect(critical).toBeInViewport();
  await expect(sign).toBeInViewport();
  // Scrolling the page does not carry the basket away.
  await page.mouse.wheel(0, 600);
  await expect(sign).toBeInViewport();
  await checkAccessible(page, 'order composer with a critical card');
  await screenshot(page, '14-composer-critical-in-view');

  // Criticals given reasons, the password, one action signs all four.
  const required = basket.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await basket.getByLabel('Password to sign').fill(PASSWORD);
  await expect(sign).toBeEnabled();
  await sign.click();
  await expect(page.getByTestId('orders-signed')).toContainText('4 orders signed');
  await expect(draftList(page)).toHaveCount(0);
  await waitSynced(page);
  // The server re-checks each order as it arrives; the interaction overridden at signing is accepted
  // whichever of the two drugs reaches it second, so both are active there and nothing comes back refused.
  const patientId = /#\/patients\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
  const token = await login(server.url, 'dr.ada');
  await expect.poll(async () => (await pullAll(server.url, token))
    .filter((c) => c.resourceType === 'MedicationRequest' && c.resource?.['status'] === 'active' && JSON.stringify(c.resource['subject'] ?? {}).includes(patientId))
    .map((c) => JSON.stringify(c.resource?.['medicationCodeableConcept'] ?? {}).match(/clarithromycin|simvastatin|amoxicillin/)?.[0] ?? '')
    .filter((n) => n !== '').sort(), { timeout: 60_000 }).toEqual(['amoxicillin', 'clarithromycin', 'simvastatin']);
  await expect(page.getByRole('button', { name: /^Conflicts: [1-9]/ })).toHaveCount(0);
});

test('order sets: five cited sets; the sepsis bundle opens with its recommended items pre-checked, each drug checked by CDS, signed in one action', async ({ app: page }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  await openOrders(page, 10);
  await area(page, 'Order sets');
  const sets = page.getByRole('list', { name: 'Order sets' }).getByRole('listitem');
  await expect(sets).toHaveCount(5);
  for (const name of ['Sepsis bundle', 'Community-acquired pneumonia admission', 'Diabetic ketoacidosis', 'Post-operative care', 'Chest pain workup']) {
    await expect(page.getByRole('button', { name: new RegExp(`Open order set ${name}`) })).toBeVisible();
  }
  await screenshot(page, '14-order-sets');
  await page.getByRole('button', { name: /Open order set Sepsis bundle/ }).click();
  await expect(page.getByRole('link', { name: /Surviving Sepsis Campaign.*2021/ })).toHaveAttribute('href', 'https://doi.org/10.1097/CCM.0000000000005337');
  const items = page.getByRole('group', { name: /Items of Sepsis bundle/ });
  await expect(items.getByRole('checkbox', { name: /ceftriaxone 2 g IV once daily/ })).toBeChecked();
  await expect(items.getByRole('checkbox', { name: /vancomycin 1 g IV every 12 hours/ })).toBeChecked();
  await expect(items.getByRole('checkbox', { name: /acetaminophen/ })).not.toBeChecked();
  await checkAccessible(page, 'sepsis bundle order set');
  await screenshot(page, '14-order-set-sepsis');
  await page.getByRole('button', { name: 'Add 6 orders to the draft list' }).click();
  await expect(draftList(page).getByTestId('draft-order')).toHaveCount(6);
  await expect(draftList(page)).toContainText('ceftriaxone 2 g IV once daily');
  // Checked by decision support like any order: nothing critical for this patient, so one action signs the set.
  const basket = page.getByTestId('draft-basket');
  await expect(basket.getByText('Checking…')).toHaveCount(0);
  await screenshot(page, '14-order-set-in-basket');
  const required = basket.getByLabel('Override reason (required to sign)');
  for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).selectOption({ index: 1 });
  await basket.getByLabel('Password to sign').fill(PASSWORD);
  await basket.getByRole('button', { name: 'Sign 6 orders' }).click();
  await expect(page.getByTestId('orders-signed')).toContainText('6 orders signed');
  await waitSynced(page);
});

test('unsigned drafts: leaving the chart asks first; they survive a lock, and a killed and restarted workstation', async ({ browser, server }) => {
  const first = await startWorkstation(server.url);
  const dataDir = first.dataDir;
  let second: Awaited<ReturnType<typeof startWorkstation>> | null = null;
  try {
    const a = await openApp(browser, await launch(browser, first));
    const page = a.page;
    await signIn(page, 'dr.ada');
    await waitSynced(page);
    const mrn = await openOrders(page, 11);
    await area(page, 'Labs and imaging');
    await page.getByLabel('Find a test or study').fill('troponin');
    await page.getByRole('button', { name: 'Add Troponin I, cardiac' }).click();
    await expect(draftList(page)).toContainText('Troponin I, cardiac');

    // Back to patients with an unsigned draft: asked first; Stay keeps everything.
    await page.getByRole('button', { name: 'Back to patients' }).click();
    await expect(page.getByRole('dialog', { name: 'Leave without saving?' })).toContainText('1 unsigned draft order');
    await screenshot(page, '14-leave-guard');
    await page.getByRole('dialog', { name: 'Leave without saving?' }).getByRole('button', { name: 'Stay' }).last().click();
    await expect(draftList(page)).toContainText('Troponin I, cardiac');

    // Lock and unlock: the draft is still there.
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Workstation locked' })).toBeVisible();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-user')).toContainText('Dr. Ada Lovelace');
    await page.getByRole('tab', { name: 'Orders' }).click();
    await expect(draftList(page)).toContainText('Troponin I, cardiac');

    // The power goes: no clean shutdown. The restarted workstation gives the same clinician the draft back.
    first.kill();
    await a.context.close();
    second = await startWorkstation(server.url, { dataDir });
    const b = await openApp(browser, await launch(browser, second));
    await signIn(b.page, 'dr.ada');
    await openChartByKeyboard(b.page, mrn);
    await b.page.getByRole('tab', { name: 'Orders' }).click();
    await expect(b.page.getByTestId('drafts-restored')).toContainText('1 unsigned draft order was kept');
    await expect(draftList(b.page)).toContainText('Troponin I, cardiac');
    await screenshot(b.page, '14-drafts-restored');
    // Another user of the same workstation never sees them (a nurse is not offered order entry at all).
    await signIn(b.page, 'rn.ben');
    await openChartByKeyboard(b.page, mrn);
    await expect(b.page.getByRole('tab', { name: 'Medications' })).toBeVisible();
    await expect(b.page.getByRole('tab', { name: 'Orders' })).toHaveCount(0);
    await expect(b.page.getByText('Troponin I, cardiac')).toHaveCount(0);
    await b.context.close();
  } finally {
    await second?.close();
    await first.close();
  }
});
