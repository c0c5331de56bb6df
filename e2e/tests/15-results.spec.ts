import { test, expect, openChartByKeyboard, screenshot, signIn, waitSynced } from './fixtures.ts';
import { expectNoSeriousA11y } from './harness/axe.ts';
import { sendMllp } from './harness/mllp.ts';
import { login, pullAll } from './harness/server-client.ts';

/** The signed-in user id from an access token (its `sub`): the workstation writes orders as Practitioner/<user id>. */
const subjectOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;

async function placeOrder(base: string, token: string, patientId: string, loinc: string, text: string): Promise<string> {
  const res = await fetch(`${base}/fhir/R4/ServiceRequest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
    body: JSON.stringify({
      resourceType: 'ServiceRequest', status: 'active', intent: 'order', priority: 'routine', authoredOn: new Date().toISOString(),
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: loinc, display: text }], text },
      subject: { reference: `Patient/${patientId}` }, requester: { reference: `Practitioner/${subjectOf(token)}`, display: 'Dr. Ada (e2e)' },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('results: the demo lab answers signed lab orders through FHIR; the orders read resulted; the inbox lists them with flags and the count in the top bar; acknowledge one, then the rest; acknowledged results stay in the chart and reach the server', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  await signIn(page, 'dr.ada');
  await waitSynced(page);
  const mrn = ((await page.getByRole('option').nth(2).textContent()) ?? '').match(/MRN\d+/)?.[0] ?? '';
  expect(mrn).not.toBe('');
  await openChartByKeyboard(page, mrn);
  // The chart's URL names the patient: #/patients/<id>/<tab>.
  const patientId = /#\/patients\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
  expect(patientId).not.toBe('');
  const token = await login(server.url, 'dr.ada');
  // Two signed orders (the order-entry screen is another spec's subject): the simulated lab answers each within seconds.
  const potassiumOrder = await placeOrder(server.url, token, patientId, '2823-3', 'Potassium, serum');
  await placeOrder(server.url, token, patientId, '58410-2', 'CBC panel (complete blood count)');
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  const orders = page.getByTestId('order-row');
  const potassium = orders.filter({ hasText: 'Potassium, serum' }).filter({ hasText: 'Dr. Ada (e2e)' });
  const cbc = orders.filter({ hasText: 'CBC panel' }).filter({ hasText: 'Dr. Ada (e2e)' });
  await expect(potassium).toContainText('Resulted', { timeout: 90_000 }).catch(async (e: unknown) => {
    const diag = await page.evaluate(async (id) => {
      const r = await fetch(`/trpc/results.forPatient?input=${encodeURIComponent(JSON.stringify({ patientId: id }))}`);
      return (await r.text()).slice(0, 1500);
    }, patientId);
    console.log('DIAG', await page.getByTestId('sync-last').textContent(), await page.getByTestId('sync-online').textContent(), diag);
    throw e;
  });
  await expect(cbc).toContainText('Resulted', { timeout: 60_000 });
  await expect(potassium).toContainText(/K \d/);
  await expect(page.getByRole('table', { name: /Lab results by date/ })).toBeVisible();
  await expect(page.getByTestId('lab-trend')).toBeVisible();
  await page.getByRole('heading', { name: 'Labs' }).scrollIntoViewIfNeeded();
  await screenshot(page, '15-results-chart-labs');
  await expectNoSeriousA11y(page, 'vitals and labs with results');

  // The top bar counts results waiting for me; it opens the inbox.
  const count = page.getByTestId('results-count');
  await expect(count).toHaveAccessibleName(/^Results \(([2-9]|\d{2,})\) waiting/, { timeout: 20_000 });
  await count.click();
  await expect(page.getByRole('heading', { name: 'Results inbox', level: 1 })).toBeVisible();
  const rows = page.getByTestId('inbox-row');
  // The inbox holds every result of my orders: other specs sign order sets (a CBC among them) for other patients.
  const mine = rows.filter({ hasText: new RegExp(`${mrn}(?!\\d)`) });
  await expect(mine.filter({ hasText: 'Potassium, serum' })).toHaveCount(1);
  await expect(mine.filter({ hasText: 'CBC panel' })).toHaveCount(1);
  // Newest first.
  const times = await rows.evaluateAll((els) => els.map((e) => e.querySelector('td:nth-child(2)')?.textContent ?? ''));
  expect(times.length).toBeGreaterThanOrEqual(2);
  await screenshot(page, '15-results-inbox');
  await expectNoSeriousA11y(page, 'results inbox');

  // Acknowledge one: it leaves the inbox.
  const before = await rows.count();
  await mine.filter({ hasText: 'Potassium, serum' }).getByRole('button', { name: /^Acknowledge Potassium/ }).click();
  await expect(rows).toHaveCount(before - 1);
  await expect(mine.filter({ hasText: 'Potassium, serum' })).toHaveCount(0);
  // Then the rest at once, by keyboard: select all, acknowledge selected.
  await page.getByRole('checkbox', { name: 'Select all results' }).check();
  await page.getByRole('button', { name: /^Acknowledge selected \(\d+\)$/ }).click();
  await expect(page.getByText('No results waiting')).toBeVisible();
  await expect(count).toHaveAccessibleName(/^Results \(0\) waiting/);
  await screenshot(page, '15-results-inbox-empty');

  // Acknowledged results stay in the chart, with who acknowledged them.
  await page.goBack();
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  await expect(potassium.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);

  // The acknowledgements sync: Provenances naming the reports reach the server.
  await waitSynced(page);
  await expect.poll(async () => {
    const all = await pullAll(server.url, token);
    return all.filter((c) => c.resourceType === 'Provenance' && JSON.stringify(c.resource ?? {}).includes('result-acknowledged')).length;
  }, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

  // The lab corrects the potassium after it was acknowledged (HL7 v2 ORU, OBR-25 "C"): the same report and result are
  // revised in place, it is back in the inbox marked Corrected, and it says whose acknowledgement it no longer carries.
  const hl7Time = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const ack = await sendMllp(server.hl7Port, [
    `MSH|^~\\&|DEMOLAB|DEMO|LANTERN|LANTERN|${hl7Time}||ORU^R01|E2E-CORRECTED-K|P|2.5.1`,
    `PID|1||${mrn}^^^LANTERN^MR`,
    `ORC|RE|${potassiumOrder}`,
    `OBR|1|${potassiumOrder}||2823-3^Potassium, serum^LN|||${hl7Time}||||||||||||||||||C`,
    'OBX|1|NM|2823-3^Potassium, serum^LN||6.1|mmol/L^mmol/L^UCUM|3.5-5.1|H|||C',
  ]);
  expect(ack).toContain('MSA|AA|E2E-CORRECTED-K');
  await expect(count).toHaveAccessibleName(/^Results \(1\) waiting/, { timeout: 60_000 });
  await count.click();
  await expect(page.getByRole('heading', { name: 'Results inbox', level: 1 })).toBeVisible();
  const corrected = mine.filter({ hasText: 'Potassium, serum' });
  await expect(corrected).toHaveCount(1);
  await expect(corrected).toContainText('Corrected');
  await expect(corrected).toContainText(/changed since .+ acknowledged it/);
  await expect(corrected).toContainText(/6\.1/);
  await screenshot(page, '15-results-inbox-corrected');
  await expectNoSeriousA11y(page, 'results inbox with a corrected result');
  // In the chart too: the order's result reads corrected, with the new value, one report (revised, not added).
  await page.goBack();
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  await expect(potassium).toHaveCount(1);
  await expect(potassium).toContainText('Corrected');
  await expect(potassium).toContainText(/6\.1 mmol\/L/);
  await potassium.scrollIntoViewIfNeeded();
  await screenshot(page, '15-results-chart-corrected');
});
