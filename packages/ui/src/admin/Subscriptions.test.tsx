// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import type { SubscriptionDelivery, SubscriptionSummary } from '../api/features/integrations-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { SubscriptionsScreen } from './Subscriptions.tsx';

const SUB = '00000000-0000-4000-8000-000000000001';
const sub: SubscriptionSummary = {
  id: SUB, clientId: 'ward-results', clientName: 'Ward results feed', status: 'active', criteria: 'DiagnosticReport?status=final',
  endpoint: 'https://results.example', payload: 'full-resource', createdAt: '2026-12-04T08:00:00Z',
  counts: { pending: 1, delivered: 12, failed: 0, deadLettered: 1 },
};
const dead: SubscriptionDelivery = {
  id: '42', subscriptionId: SUB, resource: 'DiagnosticReport/abc', version: 1, status: 'dead-lettered', attempts: 8, lastError: 'HTTP 500',
  createdAt: '2026-12-04T08:00:00Z', lastAttemptAt: '2026-12-04T09:00:00Z', nextAttemptAt: null, deliveredAt: null,
};

function setup(subs: SubscriptionSummary[] = [sub]) {
  const retryDelivery = vi.fn(() => Promise.resolve({ ok: true }));
  const deliveries = vi.fn((input: { status?: string | undefined }) => Promise.resolve(input.status === 'delivered' ? [] : [dead]));
  const api = fakeApi({ integrations: { subscriptions: () => Promise.resolve(subs), deliveries, retryDelivery } });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider><SubscriptionsScreen /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
  return { retryDelivery, deliveries };
}

afterEach(cleanup);

describe('subscriptions admin screen', { timeout: 30_000 }, () => {
  it('shows each subscriber with its delivery counts and lists dead letters first, with the error and attempts', async () => {
    setup();
    const subs = await screen.findByRole('table', { name: 'Subscriptions' });
    const row = within(subs).getByRole('row', { name: /Ward results feed/ });
    expect(within(row).getByText('DiagnosticReport?status=final')).toBeTruthy();
    expect(within(row).getByText('12')).toBeTruthy();
    const letters = await screen.findByRole('table', { name: 'Notifications' });
    const d = within(letters).getByRole('row', { name: /DiagnosticReport\/abc v1/ });
    expect(within(d).getByText('HTTP 500')).toBeTruthy();
    expect(within(d).getByText('8')).toBeTruthy();
    expect(within(d).getByText('Dead letter')).toBeTruthy();
  });

  it('sends a dead letter again from the keyboard', async () => {
    const { retryDelivery } = setup();
    const button = await screen.findByRole('button', { name: 'Send DiagnosticReport/abc again' });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(retryDelivery).toHaveBeenCalledWith({ deliveryId: '42' });
  });

  it('filters notifications by state, and says so when there are none', async () => {
    const { deliveries } = setup();
    await screen.findByRole('table', { name: 'Notifications' });
    await userEvent.click(screen.getByRole('radio', { name: 'Delivered' }));
    expect(await screen.findByText('No notifications')).toBeTruthy();
    expect(deliveries).toHaveBeenCalledWith({ status: 'delivered', limit: 200 });
  });

  it('explains how a subscription is made when there is none', async () => {
    setup([]);
    expect(await screen.findByText('No subscriptions')).toBeTruthy();
  });
});
