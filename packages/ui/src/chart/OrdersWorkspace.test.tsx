// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Link, RouterProvider, createMemoryRouter } from 'react-router';
import type { PatientBanner } from '@lantern/core';
import { OVERRIDE_REASONS, type Card, type DraftOrder } from '@lantern/core/cds';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import { LeaveGuardProvider } from '../design/useLeaveGuard.tsx';
import { renderWithLantern } from '../design/testing/render.tsx';
import { DrugSearch } from '../orders/DrugSearch.tsx';
import { OrdersWorkspace } from './OrdersWorkspace.tsx';

afterEach(cleanup);

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const banner: PatientBanner = {
  patientId: PATIENT, mrn: 'MRN000000001', name: 'Test Patient', sex: 'female', birthDate: '1970-01-01', ageYears: 56,
  allergyStatus: 'nka', allergies: [], latestWeight: { value: 70, unit: 'kg', effective: '2026-11-20' }, pendingSync: false,
};
const user = { userId: 'u-doc', username: 'dr.test', displayName: 'Dr. Test', role: 'physician' as const };

/** A host that keeps the basket as the encrypted store does (per patient, newer revisions only) and answers CDS with `cardsFor`. */
function fakeHost(cardsFor: (drafts: readonly DraftOrder[]) => Card[] = () => []) {
  let stored: { patientId: string; drafts: DraftOrder[]; revision: number; savedAt: string } | null = null;
  const api = {
    orders: { knowledgeBase: () => Promise.resolve({ version: 'v', reviewBy: '2099-01-01', stale: false }), cards: (_p: string, d: readonly DraftOrder[]) => Promise.resolve(cardsFor(d)) },
    orderSets: {
      drafts: () => Promise.resolve(stored),
      saveDrafts: vi.fn((input: { patientId: string; drafts: DraftOrder[]; revision: number }) => {
        if (stored === null || input.revision > stored.revision) stored = input.drafts.length === 0 ? null : { ...input, savedAt: 'now' };
        return Promise.resolve({ saved: true });
      }),
      discardDrafts: () => Promise.resolve(true),
    },
  } as unknown as WorkstationApi;
  return { api, stored: () => stored };
}

function Workspace({ api }: { api: WorkstationApi }) {
  return (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}><OrdersWorkspace banner={banner} user={user} /></ApiProvider>
    </QueryClientProvider>
  );
}

async function addCbc(u: ReturnType<typeof userEvent.setup>) {
  await u.click(screen.getByRole('radio', { name: 'Labs and imaging' }));
  await u.type(screen.getByLabelText(/find a test or study/i), 'cbc');
  await u.click(screen.getByRole('button', { name: /add cbc panel/i }));
}

describe('the order composer', { timeout: 30_000 }, () => {
  it('the highlighted drug follows the arrow keys, and Enter picks exactly the highlighted one', async () => {
    const u = userEvent.setup();
    const onSelect = vi.fn();
    renderWithLantern(<DrugSearch onSelect={onSelect} />);
    await u.type(screen.getByRole('combobox', { name: 'Find a drug' }), 'amox');
    const options = () => screen.getAllByRole('option');
    expect(options().length).toBeGreaterThan(1);
    const highlighted = () => options().filter((o) => o.getAttribute('aria-selected') === 'true' && o.hasAttribute('data-active'));
    expect(highlighted().map((o) => o.textContent)).toEqual([options()[0]?.textContent]);
    await u.keyboard('{ArrowDown}');
    expect(highlighted()).toEqual([options()[1]]);
    // The combobox names the highlighted option for a screen reader too.
    expect(screen.getByRole('combobox').getAttribute('aria-activedescendant')).toBe(options()[1]?.id);
    await u.keyboard('{ArrowUp}');
    expect(highlighted()).toEqual([options()[0]]);
    const first = options()[0]?.textContent ?? '';
    await u.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(first.startsWith(onSelect.mock.calls[0]?.[0]?.name ?? '-')).toBe(true);
    expect(onSelect.mock.calls[0]?.[0]?.name).toBe('amoxicillin');
  });

  it('unsigned drafts survive leaving the chart: saved to the host on every change and back when the composer opens again', async () => {
    const u = userEvent.setup();
    const host = fakeHost();
    const first = renderWithLantern(<Workspace api={host.api} />);
    await addCbc(u);
    const list = await screen.findByRole('list', { name: 'Draft orders' });
    expect(list.textContent).toMatch(/CBC panel/);
    await waitFor(() => expect(host.stored()?.drafts.length).toBe(1));
    first.unmount();

    renderWithLantern(<Workspace api={host.api} />);
    expect((await screen.findByTestId('drafts-restored')).textContent).toMatch(/1 unsigned draft order was kept/);
    expect((await screen.findByRole('list', { name: 'Draft orders' })).textContent).toMatch(/CBC panel/);
    // Removing it empties the stored basket too.
    await u.click(screen.getByRole('button', { name: /remove cbc panel/i }));
    await waitFor(() => expect(host.stored()).toBeNull());
  });

  it('a critical card sits with the order it concerns, inside the basket that holds Sign (which stays beside the search)', async () => {
    const u = userEvent.setup();
    const critical = (d: DraftOrder): Card => ({
      uuid: 'c0000000-0000-4000-8000-00000000000c', indicator: 'critical', summary: 'CBC ordered twice today', detail: 'detail', source: { label: 'source' },
      suggestions: [], overrideReasons: [...OVERRIDE_REASONS], selectionBehavior: 'at-most-one',
      extension: { 'lantern.rule': 'duplicate-order', 'lantern.kbEntry': 'k', 'lantern.kbVersion': 'v', 'lantern.suppressionKey': 's', 'lantern.draftOrder': `${d.resourceType}/${d.id ?? ''}`, 'lantern.related': [] },
    });
    const host = fakeHost((drafts) => drafts.map(critical));
    renderWithLantern(<Workspace api={host.api} />);
    await addCbc(u);
    const card = await screen.findByTestId('cds-card-critical');
    const draft = screen.getByTestId('draft-order');
    expect(draft.contains(card)).toBe(true);
    const basket = screen.getByTestId('draft-basket');
    const sign = within(basket).getByRole('button', { name: 'Sign 1 order' }) as HTMLButtonElement;
    expect(sign.disabled).toBe(true);
    expect(within(basket).getByText(/1 critical alert needs an override reason/)).toBeTruthy();
    // The basket column is sticky: it does not scroll away with the search and forms.
    expect(basket.parentElement?.style.position).toBe('sticky');
    await u.selectOptions(within(card).getByLabelText('Override reason (required to sign)'), OVERRIDE_REASONS[0]?.code ?? '');
    await u.type(within(basket).getByLabelText('Password to sign'), 'pw');
    expect((within(basket).getByRole('button', { name: 'Sign 1 order' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('leaving the chart with unsigned drafts asks first', async () => {
    const u = userEvent.setup();
    const host = fakeHost();
    const router = createMemoryRouter([
      { path: '/patients', element: <p>Patient list</p> },
      { path: '/patients/:id/orders', element: <LeaveGuardProvider><Link to="/patients">Back to patients</Link><Workspace api={host.api} /></LeaveGuardProvider> },
    ], { initialEntries: [`/patients/${PATIENT}/orders`] });
    renderWithLantern(<RouterProvider router={router} />);
    await addCbc(u);
    await screen.findByRole('list', { name: 'Draft orders' });
    await u.click(screen.getByRole('link', { name: 'Back to patients' }));
    expect(await screen.findByText('Leave without saving?')).toBeTruthy();
    expect(screen.getByText(/1 unsigned draft order/)).toBeTruthy();
    // The dialog's own Stay (its close control answers the same).
    const [stay] = screen.getAllByRole('button', { name: 'Stay' });
    if (stay === undefined) throw new Error('no Stay');
    await u.click(stay);
    await act(() => Promise.resolve());
    expect(screen.queryByText('Patient list')).toBeNull();
  });
});
