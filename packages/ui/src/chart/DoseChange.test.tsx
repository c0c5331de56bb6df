// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { renderWithLantern as render } from '../design/testing/render.tsx';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { MedicationRequest } from '@lantern/core';
import { buildMedicationOrder } from '@lantern/core/orders';
import { OVERRIDE_REASONS, type Card } from '@lantern/core/cds';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import type { KnowledgeBaseStatus, OrderChange, OrderChangePreview, OrderOverride } from '../api/ClinicalApi.ts';
import { DoseChange } from './DoseChange.tsx';
import { OrderStatusChange } from './OrderStatusChange.tsx';

afterEach(cleanup);

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const med = (id: string, name: string, dose: number, status: MedicationRequest['status']): MedicationRequest => ({
  resourceType: 'MedicationRequest', id, status, intent: 'order', subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '17767' }], text: name },
  dosageInstruction: [{ text: `${dose} mg by mouth once daily`, doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg' } }] }],
});
const built = buildMedicationOrder({ id: 'a0000000-0000-4000-8000-000000000003', patientId: PATIENT, requester: { reference: 'Practitioner/p1', display: 'Dr. Test' }, medication: { rxcui: '6851', name: 'methotrexate' }, dose: { value: 7.5, unit: 'mg' }, route: 'oral', frequency: 'QWK', authoredOn: '2026-11-20T09:00:00Z' });
if (!built.ok) throw built.error;
const METHOTREXATE: MedicationRequest = { ...built.value, status: 'active' };
const AMLODIPINE = med('a0000000-0000-4000-8000-000000000001', 'amlodipine', 5, 'active');
const SIMVASTATIN = med('a0000000-0000-4000-8000-000000000002', 'simvastatin', 20, 'on-hold');

const card = (over: Partial<Card> & Pick<Card, 'uuid' | 'summary' | 'indicator'>): Card => ({
  detail: 'detail', source: { label: 'Norvasc (amlodipine) label' }, suggestions: [], overrideReasons: [...OVERRIDE_REASONS], selectionBehavior: 'at-most-one',
  extension: { 'lantern.rule': 'dose-range', 'lantern.kbEntry': 'k', 'lantern.kbVersion': 'v', 'lantern.suppressionKey': 's', 'lantern.draftOrder': `MedicationRequest/${AMLODIPINE.id ?? ''}`, 'lantern.related': [] },
  ...over,
});
const HARD_STOP = card({
  uuid: 'c0000000-0000-4000-8000-000000000001', indicator: 'critical', overrideReasons: [],
  suggestions: [{ label: 'Cancel this order', uuid: 's1', isRecommended: true, actions: [{ type: 'delete', description: 'Remove the draft order', resourceId: `MedicationRequest/${AMLODIPINE.id ?? ''}` }] }],
  summary: 'amlodipine 1000 mg/day is 100 times the 10 mg/day maximum', detail: 'No patient can receive this dose: it is at least ten times the labelled maximum.',
  extension: { ...card({ uuid: 'x', summary: 'x', indicator: 'critical' }).extension, 'lantern.rule': 'hard-stop', 'lantern.hardStop': true, 'lantern.field': 'dosageInstruction[0].doseAndRate[0].doseQuantity.value' },
});
const INTERACTION = card({ uuid: 'c0000000-0000-4000-8000-000000000002', indicator: 'critical', summary: 'simvastatin with clarithromycin: rhabdomyolysis risk' });

function setup(preview: (change: OrderChange) => OrderChangePreview, kb: KnowledgeBaseStatus = { version: '2026.11', reviewBy: '2027-05-01', stale: false }) {
  const signChange = vi.fn((_p: string, _o: string, _c: OrderChange, _ov: readonly OrderOverride[], _pw: string) => Promise.resolve({ orderId: 'x', status: 'active', text: '10 mg by mouth once daily', overridden: 1 }));
  const previewChange = vi.fn((_p: string, _o: string, c: OrderChange) => Promise.resolve(preview(c)));
  const api = {
    chart: { lists: () => Promise.resolve({ medications: [AMLODIPINE, SIMVASTATIN, METHOTREXATE] }) },
    orders: { knowledgeBase: () => Promise.resolve(kb), previewChange, signChange, setStatus: vi.fn() },
  } as unknown as WorkstationApi;
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}><DoseChange patientId={PATIENT} /><OrderStatusChange patientId={PATIENT} /></ApiProvider>
    </QueryClientProvider>,
  );
  return { signChange, previewChange };
}

async function askDose(user: ReturnType<typeof userEvent.setup>, dose: string) {
  await user.selectOptions(await screen.findByLabelText('Medication'), AMLODIPINE.id ?? '');
  await user.type(screen.getByLabelText('New dose'), dose);
  await user.click(screen.getByRole('button', { name: 'Check dose change' }));
}

describe('dose change and re-activation go through the sign flow', { timeout: 30_000 }, () => {
  it('100x the maximum: the hard stop says why and what to do, offers no override, and Sign is disabled even with a password', async () => {
    const user = userEvent.setup();
    const { signChange } = setup((c) => ({ order: { ...AMLODIPINE, status: 'draft', dosageInstruction: [{ text: `${c.kind === 'dosage' ? c.dose ?? 0 : 0} mg by mouth once daily` }] }, cards: [HARD_STOP], canSign: false, refusals: [{ path: 'dosageInstruction[0].doseAndRate[0].doseQuantity.value', message: HARD_STOP.summary }] }));
    await askDose(user, '1000');
    const stop = await screen.findByTestId('cds-card-hardstop');
    expect(stop.textContent).toMatch(/100 times/);
    expect(stop.textContent).toMatch(/What to do: correct the dose or cancel this order/);
    expect(within(stop).queryByLabelText(/override reason/i)).toBeNull();
    const sign = screen.getByRole('button', { name: 'Sign dose change' });
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    expect(sign.className).toContain('sign-button');
    expect(screen.getByText(/cannot be signed as written/i)).toBeTruthy();
    expect((screen.getByLabelText('Password to sign') as HTMLInputElement).disabled).toBe(true);
    await user.click(sign);
    expect(signChange).not.toHaveBeenCalled();
    // The card's way out keeps the order as it is.
    await user.click(within(stop).getByRole('button', { name: /Keep the current order \(cancel this change\)/ }));
    expect(screen.queryByRole('button', { name: 'Sign dose change' })).toBeNull();
    expect(signChange).not.toHaveBeenCalled();
  });

  it('a critical card needs a reason and the password; then the change is signed with both', async () => {
    const user = userEvent.setup();
    const { signChange } = setup(() => ({ order: { ...AMLODIPINE, status: 'draft' }, cards: [INTERACTION], canSign: true, refusals: [] }));
    await askDose(user, '10');
    const critical = await screen.findByTestId('cds-card-critical');
    const sign = screen.getByRole('button', { name: 'Sign dose change' }) as HTMLButtonElement;
    expect(sign.disabled).toBe(true);
    await user.selectOptions(within(critical).getByLabelText(/override reason \(required to sign\)/i), 'will-monitor');
    expect(sign.disabled).toBe(true);
    await user.type(screen.getByLabelText('Password to sign'), 'pw-secret');
    expect(sign.disabled).toBe(false);
    await user.click(sign);
    await waitFor(() => expect(signChange).toHaveBeenCalledWith(PATIENT, AMLODIPINE.id, { kind: 'dosage', dose: 10 }, [{ cardUuid: INTERACTION.uuid, reasonCode: 'will-monitor' }], 'pw-secret'));
    expect((await screen.findByTestId('dose-changed')).textContent).toMatch(/signed: 10 mg/);
  });

  it('an on-hold order is made active again only through the check-and-sign step, never a plain status update', async () => {
    const user = userEvent.setup();
    const { signChange, previewChange } = setup(() => ({ order: { ...SIMVASTATIN, status: 'draft' }, cards: [INTERACTION], canSign: true, refusals: [] }));
    await user.selectOptions(await screen.findByLabelText('Order'), SIMVASTATIN.id ?? '');
    await user.selectOptions(screen.getByLabelText('New status'), 'active');
    await user.click(screen.getByRole('button', { name: 'Check re-activation' }));
    await waitFor(() => expect(previewChange).toHaveBeenCalledWith(PATIENT, SIMVASTATIN.id, { kind: 'reactivate' }));
    await user.selectOptions(within(await screen.findByTestId('cds-card-critical')).getByLabelText(/required to sign/i), 'benefit-outweighs-risk');
    await user.type(screen.getByLabelText('Password to sign'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign re-activation' }));
    await waitFor(() => expect(signChange).toHaveBeenCalledWith(PATIENT, SIMVASTATIN.id, { kind: 'reactivate' }, [{ cardUuid: INTERACTION.uuid, reasonCode: 'benefit-outweighs-risk' }], 'pw'));
    expect((await screen.findByTestId('order-status-changed')).textContent).toMatch(/now active/);
  });

  it('methotrexate weekly changed to daily: the frequency change shows the critical card and is signed as a frequency change with a reason', async () => {
    const user = userEvent.setup();
    const DAILY = card({ uuid: 'c0000000-0000-4000-8000-000000000003', indicator: 'critical', summary: 'methotrexate once daily: the label allows once weekly' });
    const { signChange, previewChange } = setup(() => ({ order: { ...METHOTREXATE, status: 'draft', dosageInstruction: [{ text: '7.5 mg oral once daily' }] }, cards: [DAILY], canSign: true, refusals: [] }));
    await user.selectOptions(await screen.findByLabelText('Medication'), METHOTREXATE.id ?? '');
    // The form starts from what the order says now.
    expect((screen.getByLabelText('New frequency') as HTMLSelectElement).value).toBe('QWK');
    expect((screen.getByLabelText('New route') as HTMLSelectElement).value).toBe('oral');
    expect((screen.getByRole('button', { name: /^Check .* change$/ }) as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText('New frequency'), 'QD');
    await user.click(screen.getByRole('button', { name: 'Check frequency change' }));
    await waitFor(() => expect(previewChange).toHaveBeenCalledWith(PATIENT, METHOTREXATE.id, { kind: 'dosage', frequency: 'QD' }));
    expect((await screen.findByTestId('change-proposed')).textContent).toMatch(/once daily/);
    const critical = await screen.findByTestId('cds-card-critical');
    expect(critical.textContent).toMatch(/once weekly/);
    const sign = screen.getByRole('button', { name: 'Sign frequency change' }) as HTMLButtonElement;
    await user.type(screen.getByLabelText('Password to sign'), 'pw');
    expect(sign.disabled).toBe(true);
    await user.selectOptions(within(critical).getByLabelText(/required to sign/i), 'benefit-outweighs-risk');
    await user.click(sign);
    await waitFor(() => expect(signChange).toHaveBeenCalledWith(PATIENT, METHOTREXATE.id, { kind: 'dosage', frequency: 'QD' }, [{ cardUuid: DAILY.uuid, reasonCode: 'benefit-outweighs-risk' }], 'pw'));
    expect((await screen.findByTestId('dose-changed')).textContent).toMatch(/^Frequency changed and signed/);
  });

  it('a route change and a dose change together are named as such', async () => {
    const user = userEvent.setup();
    const { previewChange } = setup(() => ({ order: { ...METHOTREXATE, status: 'draft' }, cards: [], canSign: true, refusals: [] }));
    await user.selectOptions(await screen.findByLabelText('Medication'), METHOTREXATE.id ?? '');
    await user.type(screen.getByLabelText('New dose'), '10');
    await user.selectOptions(screen.getByLabelText('New route'), 'subcut');
    await user.click(screen.getByRole('button', { name: 'Check dose and route change' }));
    await waitFor(() => expect(previewChange).toHaveBeenCalledWith(PATIENT, METHOTREXATE.id, { kind: 'dosage', dose: 10, route: 'subcut' }));
    expect(await screen.findByRole('button', { name: 'Sign dose and route change' })).toBeTruthy();
  });

  it('a knowledge base past its review-by date says decision support is out of date', async () => {
    setup(() => ({ order: AMLODIPINE, cards: [], canSign: true, refusals: [] }), { version: '2025.01', reviewBy: '2025-07-01', stale: true });
    const banner = await screen.findByTestId('kb-stale');
    expect(banner.textContent).toMatch(/Decision support is out of date/);
    expect(banner.textContent).toMatch(/2025-07-01/);
  });

  it('while a dose change is checked, the out-of-date banner shows once, in the check-and-sign step', async () => {
    const user = userEvent.setup();
    setup(() => ({ order: AMLODIPINE, cards: [], canSign: true, refusals: [] }), { version: '2025.01', reviewBy: '2025-07-01', stale: true });
    expect(await screen.findAllByTestId('kb-stale')).toHaveLength(1);
    await askDose(user, '10');
    await user.click(screen.getByRole('button', { name: 'Check dose change' }));
    await screen.findByRole('button', { name: 'Sign dose change' });
    const banners = screen.getAllByTestId('kb-stale');
    expect(banners).toHaveLength(1);
    expect(within(screen.getByRole('region', { name: 'Check and sign' })).getByTestId('kb-stale')).toBe(banners[0]);
  });
});
