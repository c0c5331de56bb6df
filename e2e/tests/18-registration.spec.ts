import type { Page } from '@playwright/test';
import { test, expect, screenshot, signIn, waitSynced } from './fixtures.ts';
import { login, pullAll } from './harness/server-client.ts';

const PROVISIONAL = 'urn:lantern:mrn:provisional';
const ENTERPRISE = 'urn:lantern:mrn';

async function fillPerson(page: Page, p: { given: string; family: string; birthDate: string; phone: string; ssn: string }): Promise<void> {
  await page.getByLabel('First name').fill(p.given);
  await page.getByLabel('Last name').fill(p.family);
  await page.getByRole('combobox', { name: 'Sex' }).click();
  await page.getByRole('option', { name: 'Female', exact: true }).click();
  await page.getByLabel('Date of birth').fill(p.birthDate);
  await page.getByLabel('Street address').fill('48 Juniper Ave');
  await page.getByLabel('City').fill('Gallup');
  await page.getByLabel('ZIP code').fill('87301');
  await page.getByLabel('Phone', { exact: true }).fill(p.phone);
  await page.getByLabel('ID number').fill(p.ssn);
  await page.getByLabel('Contact name').fill('Kofi Mensah');
  await page.getByLabel('Relationship').fill('brother');
}

test('offline registration: a provisional MRN at once, the likely existing patient side by side, and both registrations reach the server with enterprise MRNs', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  await signIn(page, 'dr.ada');
  await waitSynced(page);

  // Online once: the registration screen receives this workstation's provisional MRN range.
  await page.goto(page.url().replace(/#.*$/, '#/register'));
  await expect(page.getByRole('heading', { level: 1, name: 'Register a patient' })).toBeVisible();
  await expect(page.getByText(/provisional MRNs left on this workstation/)).toBeVisible();

  await server.stop();
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });

  // First registration, offline: no likely match, registered with a provisional MRN.
  await page.getByLabel('First name').focus();
  await fillPerson(page, { given: 'Abena', family: 'Mensah-Owusu', birthDate: '1986-03-07', phone: '(505) 555-0161', ssn: '900-71-3344' });
  await screenshot(page, '70-register-form');
  await page.getByRole('button', { name: 'Register patient' }).click();
  const done = page.getByRole('status').filter({ hasText: 'Patient registered' });
  await expect(done).toContainText(/provisional MRN P\d{10}/);
  const firstMrn = ((await done.textContent()) ?? '').match(/P\d{10}/)?.[0] ?? '';
  await screenshot(page, '71-registered-offline');

  // The same person again, with a typo in the family name: the screen shows her first.
  await page.getByRole('button', { name: 'Register another patient' }).click();
  await fillPerson(page, { given: 'Abena', family: 'Mensah-Owsuu', birthDate: '1986-03-07', phone: '(505) 555-0161', ssn: '' });
  await page.getByRole('button', { name: 'Register patient' }).click();
  const panel = page.getByRole('region', { name: 'This may be the same person' });
  await expect(panel).toBeVisible();
  const candidate = panel.getByTestId('likely-match').first();
  await expect(candidate).toContainText('Abena Mensah-Owusu');
  await expect(candidate.getByRole('row', { name: /^Name/ })).toContainText('differs');
  await expect(candidate.getByRole('row', { name: /^Date of birth/ })).not.toContainText('differs');
  await expect(candidate.getByRole('row', { name: /^MRN/ })).toContainText(firstMrn);
  await screenshot(page, '72-likely-existing-patient');

  // The registrar decides it is someone else (HIM reviews it later): registered, chart opens offline.
  await panel.getByRole('button', { name: 'None of these: register as a new patient' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Patient registered' })).toBeVisible();
  await page.getByRole('link', { name: 'Open chart' }).click();
  await expect(page.getByTestId('patient-banner')).toContainText('Mensah-Owsuu');
  await screenshot(page, '73-new-chart-offline');

  // Back online: both registrations sync; the server gives each an enterprise MRN, the provisional kept.
  await server.start();
  await waitSynced(page);
  const token = await login(server.url, 'dr.ada');
  let patients: Record<string, unknown>[] = [];
  await expect.poll(async () => {
    patients = (await pullAll(server.url, token)).filter((c) => c.resourceType === 'Patient' && JSON.stringify(c.resource ?? {}).includes('Mensah-Ow')).map((c) => c.resource ?? {});
    return patients.filter((p) => JSON.stringify(p['identifier'] ?? []).includes(ENTERPRISE + '"')).length;
  }, { timeout: 30_000 }).toBe(2);
  for (const p of patients) {
    const ids = p['identifier'] as { system: string; use?: string }[];
    expect(ids[0]?.system).toBe(ENTERPRISE);
    expect(ids.find((i) => i.system === PROVISIONAL)?.use).toBe('secondary');
  }
});
