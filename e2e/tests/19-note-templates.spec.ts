import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { login, pullAll } from './harness/server-client.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core (WCAG 2.2 AA, contrast included) on the notes workspace in light and dark: no serious or
 * critical violations. Scoped to the workspace so that this spec judges the screen it is about.
 */
async function expectNotesAccessible(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  for (const scheme of ['light', 'dark'] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
    const bad = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Element | null, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const r = await axe.run(document.querySelector('section[aria-label="Write notes"]'), { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.slice(0, 3).map((n) => String(n.target[0])) }));
    });
    expect(bad, `${screen} (${scheme}): serious/critical axe violations`).toEqual([]);
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-mantine-color-scheme', 'light'));
}

// A time zone far from the machine's (UTC): note times must be the clinician's local time.
test.use({ timezoneId: 'Pacific/Auckland' });

test('a history and physical from the template pulls in the chart as editable text, is signed under the clinician\'s name, and shows local times', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(2).textContent()) ?? '').match(/MRN (\d+)/)?.[1] ?? '';
  await page.reload();
  await openChartByKeyboard(page, mrn);
  await page.getByRole('tab', { name: 'Notes' }).click();

  // Keyboard: pick the template, start the note.
  await page.getByLabel('Template').selectOption({ label: 'History and physical' });
  await page.getByRole('button', { name: 'New note' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('History and physical');
  const subjective = page.getByLabel('Subjective');
  await expect(subjective).toHaveValue(/^Chief complaint:/);
  await expect(subjective).toHaveValue(/Active problems:|Active problems: none recorded\./);
  await expect(subjective).toHaveValue(/Active medications:/);
  // Allergies: the chart's, or plainly "no known allergies" / "not recorded", never silently empty.
  await expect(subjective).toHaveValue(/Allergies(:\n- |: no known allergies\.|: not recorded)/);
  await expect(page.getByLabel('Objective')).toHaveValue(/^(Vitals \(latest\):\n- |Vitals: none recorded\.)/);
  await expect(page.getByLabel('Objective')).toHaveValue(/Physical examination:/);
  await expect(page.getByTestId('note-template-label')).toContainText('History and physical');
  await screenshot(page, '19-note-template-history-and-physical');
  await expectNotesAccessible(page, 'notes: template note');

  // The inserted text is the clinician's to edit: what is signed is what they leave.
  await page.getByLabel('Assessment').fill('E2E-TEMPLATE community-acquired pneumonia, CURB-65 of 1');
  await page.getByLabel('Plan').fill('Amoxicillin; review in 48 hours.');
  await expect(page.getByTestId('autosave-status')).toContainText('Draft saved', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Sign note' }).click();
  await page.getByLabel('Your password, to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Confirm signature' }).click();

  const signed = page.getByTestId('signed-note').filter({ hasText: 'E2E-TEMPLATE' });
  await expect(signed).toContainText('History and physical');
  await expect(signed).toContainText('signature valid');
  // The author is the clinician's name, never a user id.
  await expect(signed).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  await expect(signed).toContainText(/ada/i);
  // The time shown is local (Auckland), not the machine's UTC.
  const shown = ((await signed.textContent()) ?? '').match(/(\d{2}):(\d{2})/);
  const localHours = await page.evaluate(() => [0, 3].map((m) => String(new Date(Date.now() - m * 60_000).getHours()).padStart(2, '0')));
  expect(localHours).toContain(shown?.[1]);
  await screenshot(page, '19-note-template-signed');
  await expectNotesAccessible(page, 'notes: signed template note');
  // The signed note and its signature leave the workstation: the server holds it.
  await waitSynced(page);
  const token = await login(server.url, 'dr.ada');
  // The note's text travels as a base64 attachment (DocumentReference.content).
  const noteTexts = (r: Record<string, unknown> | null): string[] =>
    ((r?.['content'] ?? []) as { attachment?: { data?: string } }[]).map((c) => Buffer.from(c.attachment?.data ?? '', 'base64').toString('utf8'));
  await expect.poll(async () => (await pullAll(server.url, token))
    .some((c) => c.resourceType === 'DocumentReference' && noteTexts(c.resource).some((t) => t.includes('E2E-TEMPLATE community-acquired pneumonia'))), { timeout: 30_000 }).toBe(true);
});
