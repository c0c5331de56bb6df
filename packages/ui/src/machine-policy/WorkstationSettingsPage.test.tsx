// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import type { MachinePolicyView } from '../api/features/machine-policy-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { WorkstationSettingsPage } from './WorkstationSettingsPage.tsx';
import { SignInPolicyNotice } from './SignInPolicyNotice.tsx';

const source = { kind: 'file', location: '/etc/lantern/workstation.json' } as const;
const OK: MachinePolicyView = {
  status: 'ok', source, problem: null, serverUrl: 'https://sync.hospital.example',
  settings: [
    { key: 'serverUrl', value: 'https://sync.hospital.example', origin: 'machine' },
    { key: 'autoLockMinutes', value: '5 minutes', origin: 'machine' },
    { key: 'offlineGrantHours', value: '24 hours', origin: 'organisation' },
    { key: 'proxy', value: null, origin: 'workstation' },
  ],
};
const BAD: MachinePolicyView = { status: 'invalid', source, problem: 'autoLockMinutes: must be between 1 and 240', serverUrl: 'http://127.0.0.1:4000', settings: [{ key: 'serverUrl', value: 'http://127.0.0.1:4000', origin: 'workstation' }] };

function show(ui: ReactElement, view: MachinePolicyView): void {
  const api = fakeApi({ machinePolicy: { current: () => Promise.resolve(view) } });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider>{ui}</LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('workstation settings set by the organisation', () => {
  it('shows machine and organisation settings locked and read-only; the workstation’s own are not marked', async () => {
    show(<WorkstationSettingsPage />, OK);
    const autoLock = await screen.findByRole('textbox', { name: 'Auto-lock after inactivity' });
    expect(autoLock).toHaveProperty('value', '5 minutes');
    expect(autoLock).toHaveProperty('readOnly', true);
    expect(autoLock.getAttribute('aria-describedby')).not.toBeNull();
    expect(screen.getByRole('textbox', { name: 'Auto-lock after inactivity', description: 'Set by your organisation' })).toBe(autoLock);
    expect(screen.getByRole('textbox', { name: 'Sync server', description: 'Set by your organisation' })).toHaveProperty('value', 'https://sync.hospital.example');
    expect(screen.getByRole('textbox', { name: 'Offline sign-in allowed for', description: 'Set by your organisation' })).toHaveProperty('value', '24 hours');
    expect(screen.getByRole('textbox', { name: 'Proxy', description: 'Not set by your organisation' })).toHaveProperty('value', 'Not set');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tells IT which key of the policy is bad, on the settings screen and at sign-in', async () => {
    show(<WorkstationSettingsPage />, BAD);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('autoLockMinutes: must be between 1 and 240');
    expect(alert.textContent).toContain('sign-in is paused');
    cleanup();
    show(<SignInPolicyNotice />, BAD);
    expect((await screen.findByTestId('sign-in-policy-problem')).textContent).toContain('Ask IT to correct /etc/lantern/workstation.json');
    expect(screen.getByTestId('sign-in-server').textContent).toBe('Server: http://127.0.0.1:4000');
  });

  it('shows the server IT set at sign-in as locked', async () => {
    show(<SignInPolicyNotice />, OK);
    const server = await screen.findByTestId('sign-in-server');
    expect(within(server).getByText('Server: https://sync.hospital.example · Set by your organisation')).toBeTruthy();
  });
});
