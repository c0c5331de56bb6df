import { test, expect, expectAccessible, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { login, pullAll } from './harness/server-client.ts';
import { serverNoteSignature } from './harness/note-signature.ts';
import type { Page } from '@playwright/test';

async function hostQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(async ([p, i]) => {
    const r = await fetch(`/trpc/${p}?input=${encodeURIComponent(JSON.stringify(i))}`);
    return ((await r.json()) as { result: { data: unknown } }).result.data;
  }, [path, input] as const) as Promise<T>;
}

test('a note written and signed offline syncs; the server holds it with a valid signature (Provenance); an addendum and an amended version follow, with their history', async ({ app: page, server }) => {
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(3).textContent()) ?? '').match(/MRN (\S+)/)?.[1] ?? '';

  await server.stop();
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 20_000 });
  await page.reload();
  await openChartByKeyboard(page, mrn);
  const patientId = (await hostQuery<{ patientId: string }[]>(page, 'patients.search', { query: mrn }))[0]?.patientId ?? '';

  await page.getByRole('tab', { name: 'Notes' }).click();
  await page.getByRole('button', { name: 'New note' }).click();
  await page.getByLabel('Subjective').fill('Cough for three days, no fever.');
  await page.getByLabel('Assessment').fill('E2E-SIGNED viral bronchitis');
  await page.getByLabel('Plan').fill('Fluids, review in one week.');
  await expect(page.getByTestId('autosave-status')).toContainText('Draft saved', { timeout: 10_000 });
  await expectAccessible(page, 'note editor');
  await page.getByRole('button', { name: 'Sign note' }).click();
  await page.getByLabel('Your password, to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Confirm signature' }).click();

  const signed = page.getByTestId('signed-note').filter({ hasText: 'E2E-SIGNED' });
  await expect(signed).toContainText('signature valid');
  await expect(signed).toContainText('not yet synced');
  await expect(page.getByTestId('sync-pending')).not.toHaveText('Pending: 0');
  await screenshot(page, '10-note-signed-offline');

  await server.start();
  await expect(page.getByTestId('sync-online')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 });

  // The server has the note and its Provenance; the signature verifies with the author's public key.
  const key = await hostQuery<{ keyId: string; userId: string; algorithm: 'Ed25519'; spki: string } | null>(page, 'notes.myKey', undefined);
  expect(key).not.toBeNull();
  const all = await pullAll(server.url, await login(server.url, 'dr.ada'));
  const notes = all.filter((c) => c.resourceType === 'DocumentReference' && c.resource !== null && (c.resource['subject'] as { reference?: string }).reference === `Patient/${patientId}`
    && Buffer.from(String((c.resource['content'] as { attachment: { data?: string } }[])[0]?.attachment.data ?? ''), 'base64').toString('utf8').includes('E2E-SIGNED'));
  expect(notes).toHaveLength(1);
  const note = notes[0]?.resource ?? {};
  expect(note['docStatus']).toBe('final');
  const prov = all.find((c) => c.resourceType === 'Provenance' && (c.resource?.['target'] as { reference: string }[] | undefined)?.[0]?.reference === `DocumentReference/${String(note['id'])}`)?.resource ?? null;
  expect(prov).not.toBeNull();
  if (key === null) throw new Error('no key');
  expect(await serverNoteSignature(note, prov, key)).toBe('valid');
  // A changed copy does not verify: tampering shows.
  expect(await serverNoteSignature({ ...note, description: 'changed later' }, prov, key)).toBe('tampered');

  // Addendum to the signed note.
  await page.getByRole('button', { name: /Add addendum to/ }).first().click();
  await page.getByLabel('Assessment').fill('E2E-ADDENDUM sputum culture pending');
  await page.getByRole('button', { name: 'Sign note' }).click();
  await page.getByLabel('Your password, to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Confirm signature' }).click();
  await expect(page.getByTestId('signed-note').filter({ hasText: 'E2E-ADDENDUM' })).toContainText('addendum');
  await expect(page.getByTestId('signed-note').filter({ hasText: 'E2E-ADDENDUM' })).toContainText('signature valid');

  // An amended version: a new signed resource replacing the original, which is kept and marked superseded.
  await page.getByRole('button', { name: /Write amended version of/ }).first().click();
  await expect(page.getByLabel('Assessment')).toHaveValue('E2E-SIGNED viral bronchitis');
  await page.getByLabel('Assessment').fill('E2E-AMENDED acute bronchitis, not viral');
  await page.getByRole('button', { name: 'Sign note' }).click();
  await page.getByLabel('Your password, to sign').fill('lantern-demo');
  await page.getByRole('button', { name: 'Confirm signature' }).click();
  await expect(page.getByTestId('signed-note').filter({ hasText: 'E2E-AMENDED' })).toContainText('signature valid');
  await expect(page.getByTestId('signed-note').filter({ hasText: 'E2E-SIGNED' })).toContainText('signature valid');
  const history = page.getByTestId('note-history').filter({ hasText: 'Amended version' });
  await expect(history).toContainText('Original');
  await expect(history).toContainText('superseded');
  await expect(history).toContainText('Addendum');
  await expectAccessible(page, 'signed notes and history');
  await screenshot(page, '10b-note-history');
  await expect(page.getByTestId('sync-pending')).toHaveText('Pending: 0', { timeout: 30_000 });
  // Accepted by the server, not refused: no conflict or rejected write waiting in the inbox.
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Conflicts: 0');
});
