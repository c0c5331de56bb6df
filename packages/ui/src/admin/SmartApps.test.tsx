// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { ApiError, type WorkstationApi } from '../api/WorkstationApi.ts';
import type { AppsApi, RegisterClientInput, RegisteredClient, SmartClient } from '../api/features/apps-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { SmartAppsScreen } from './SmartApps.tsx';

const growth: SmartClient = {
  client_id: 'app-growth', name: 'Growth charts', kind: 'public', purpose: null, launch_url: 'https://growth.example/launch',
  redirect_uris: ['https://growth.example/callback', 'https://growth.example/cb2'],
  scope: 'launch openid fhirUser patient/Observation.rs', active: true, created_at: '2026-12-01T08:00:00Z',
};
const lab: SmartClient = {
  client_id: 'app-lab', name: 'Central lab', kind: 'backend', purpose: 'lab', launch_url: null, redirect_uris: [],
  scope: 'system/Observation.c system/DiagnosticReport.c', active: false, created_at: '2026-12-01T08:00:00Z',
};

function setup(opts: { clients?: SmartClient[]; register?: (input: RegisterClientInput) => Promise<RegisteredClient> } = {}) {
  const apps: AppsApi = {
    launchable: vi.fn(() => Promise.resolve([])),
    launch: vi.fn(() => Promise.resolve({ url: 'https://x.example', expiresAt: '2026-12-04T10:00:00Z' })),
    clients: vi.fn(() => Promise.resolve(opts.clients ?? [growth, lab])),
    registerClient: vi.fn(opts.register ?? (() => Promise.resolve({ clientId: 'app-new', clientSecret: 's3cr3t-shown-once' }))),
    setClientActive: vi.fn(() => Promise.resolve(true)),
  };
  // Only `apps` is reached by this screen.
  const api = new Proxy({} as WorkstationApi, { get: (_t, k) => (k === 'apps' ? apps : undefined) });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}><LanternTestProvider><SmartAppsScreen /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
  return apps;
}

afterEach(cleanup);

describe('SMART apps admin screen', { timeout: 30_000 }, () => {
  it('lists apps and system clients with kind, purpose, scopes and whether they are active', async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'SMART apps and system clients' });
    const g = within(table).getByRole('row', { name: /Growth charts/ });
    expect(within(g).getByText('app-growth')).toBeTruthy();
    expect(within(g).getByText('Public app')).toBeTruthy();
    expect(within(g).getByText('launch openid fhirUser patient/Observation.rs')).toBeTruthy();
    expect(within(g).getByText('Active')).toBeTruthy();
    // Where the app receives its authorization code, every registered address.
    expect(within(g).getByText('https://growth.example/callback')).toBeTruthy();
    expect(within(g).getByText('https://growth.example/cb2')).toBeTruthy();
    const l = within(table).getByRole('row', { name: /Central lab/ });
    expect(within(l).getByText('System client')).toBeTruthy();
    expect(within(l).getByText('lab')).toBeTruthy();
    expect(within(l).getByText('Inactive')).toBeTruthy();
    expect(within(l).getByText('None (system client)')).toBeTruthy();
  });

  it('deactivates an app only after the administrator confirms', async () => {
    const apps = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate Growth charts' }));
    expect(await screen.findByText(/tokens are refused from now on/)).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(apps.setClientActive).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Deactivate Growth charts' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate' }));
    expect(apps.setClientActive).toHaveBeenCalledWith({ clientId: 'app-growth', active: false });
  });

  it('says what is missing before sending a registration', async () => {
    const apps = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Register app' }));
    await userEvent.type(screen.getByLabelText(/Redirect URIs/), 'ftp://nope');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByText('Name the app as users will see it')).toBeTruthy();
    expect(screen.getByText(/List the scopes/)).toBeTruthy();
    expect(screen.getByText('Not an http(s) address: ftp://nope')).toBeTruthy();
    expect(apps.registerClient).not.toHaveBeenCalled();
  });

  it('registers a confidential app and shows its secret once, clearly', async () => {
    const apps = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Register app' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Confidential app' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Risk calculator');
    await userEvent.type(screen.getByLabelText(/Scopes/), 'launch openid patient/Observation.rs');
    await userEvent.type(screen.getByLabelText(/Redirect URIs/), 'https://risk.example/cb');
    await userEvent.type(screen.getByLabelText(/Launch URL/), 'https://risk.example/launch');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(apps.registerClient).toHaveBeenCalledWith({
      kind: 'confidential', name: 'Risk calculator', scope: 'launch openid patient/Observation.rs',
      redirectUris: ['https://risk.example/cb'], launchUrl: 'https://risk.example/launch',
    });
    const dialog = await screen.findByRole('dialog', { name: 'Risk calculator registered' });
    expect(within(dialog).getByText('app-new')).toBeTruthy();
    expect(within(dialog).getByText('s3cr3t-shown-once')).toBeTruthy();
    expect(within(dialog).getByText(/shown only this once/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('s3cr3t-shown-once')).toBeNull();
  });

  it('refuses a private key for a system client, and shows the server refusing a scope beyond its purpose', async () => {
    const apps = setup({ register: () => Promise.reject(new ApiError('BAD_INPUT', 'Scopes beyond what a lab system is for: system/Patient.rs', [{ path: 'scope', message: 'not allowed' }])) });
    await userEvent.click(await screen.findByRole('button', { name: 'Register app' }));
    await userEvent.click(screen.getByRole('radio', { name: 'System client' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Central lab 2');
    await userEvent.type(screen.getByLabelText(/Scopes/), 'system/Patient.rs');
    const jwks = screen.getByLabelText(/Public key set/);
    await userEvent.click(jwks);
    await userEvent.paste('{"keys":[{"kty":"EC","crv":"P-384","x":"a","y":"b","d":"secret"}]}');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByText(/This is a private key/)).toBeTruthy();
    expect(apps.registerClient).not.toHaveBeenCalled();
    await userEvent.clear(jwks);
    await userEvent.click(jwks);
    await userEvent.paste('{"keys":[{"kty":"EC","crv":"P-384","x":"a","y":"b","kid":"k1"}]}');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(apps.registerClient).toHaveBeenCalledWith({ kind: 'backend', name: 'Central lab 2', purpose: 'lab', scope: 'system/Patient.rs', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', kid: 'k1' }] } });
    expect(await screen.findByText('Scopes beyond what a lab system is for: system/Patient.rs')).toBeTruthy();
  });

  it('explains what registering is for when nothing is registered', async () => {
    setup({ clients: [] });
    expect(await screen.findByText('No apps registered')).toBeTruthy();
  });
});
