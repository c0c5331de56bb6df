// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Role } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import type { AppsApi } from '../api/features/apps-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { AppsMenu } from './AppsMenu.tsx';

const PATIENT = '00000000-0000-4000-8000-0000000000aa';

function setup({ online = true, role = 'physician' as Role } = {}) {
  const apps: AppsApi = {
    launchable: vi.fn(() => Promise.resolve([{ clientId: 'app-growth', name: 'Growth charts', launchUrl: 'https://growth.example/launch' }])),
    launch: vi.fn(() => Promise.resolve({ url: 'https://growth.example/launch?iss=https%3A%2F%2Fehr%2Ffhir&launch=L1', expiresAt: '2026-12-04T10:00:00Z' })),
    clients: vi.fn(() => Promise.resolve([])),
    registerClient: vi.fn(() => Promise.resolve({ clientId: 'x', clientSecret: null })),
    setClientActive: vi.fn(() => Promise.resolve(true)),
  };
  const sync = { status: () => Promise.resolve({ online }) };
  // Only `apps` and `sync.status` are reached by the menu.
  const api = new Proxy({} as WorkstationApi, { get: (_t, k) => (k === 'apps' ? apps : k === 'sync' ? sync : undefined) });
  const open = vi.spyOn(window, 'open').mockImplementation(() => null);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}><LanternTestProvider><AppsMenu patientId={PATIENT} role={role} /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
  return { apps, open };
}

afterEach(() => { cleanup(); vi.restoreAllMocks(); });

describe('the chart\'s Apps menu', { timeout: 30_000 }, () => {
  it('opens a registered app for this patient in a new tab, from the keyboard', async () => {
    const { apps, open } = setup();
    const button = screen.getByRole('button', { name: 'Apps' });
    button.focus();
    await userEvent.keyboard('{Enter}');
    const item = await screen.findByRole('menuitem', { name: 'Growth charts' });
    await userEvent.click(item);
    expect(apps.launch).toHaveBeenCalledWith({ patientId: PATIENT, clientId: 'app-growth' });
    await waitFor(() => expect(open).toHaveBeenCalledWith('https://growth.example/launch?iss=https%3A%2F%2Fehr%2Ffhir&launch=L1', '_blank', 'noopener'));
  });

  it('says apps need the server when the workstation is offline, and asks the server nothing', async () => {
    const { apps } = setup({ online: false });
    await userEvent.click(screen.getByRole('button', { name: 'Apps' }));
    expect(await screen.findByText('Offline: apps need the server')).toBeTruthy();
    expect(screen.queryByRole('menuitem')).toBeNull();
    expect(apps.launchable).not.toHaveBeenCalled();
  });

  it('is not shown to a role that does not chart', () => {
    setup({ role: 'billing' });
    expect(screen.queryByRole('button', { name: 'Apps' })).toBeNull();
  });
});
