// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import type { MachinePolicyView } from '../api/features/machine-policy-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { IdleWarning } from './IdleWarning.tsx';
import { LockScreen } from './LockScreen.tsx';

const source = { kind: 'file', location: '/etc/lantern/workstation.json' } as const;
/** What the host answers (machine-policy-view.ts): the auto-lock that applies and who set it. */
const view = (value: string, origin: 'machine' | 'organisation' | 'workstation'): MachinePolicyView => ({
  status: origin === 'machine' ? 'ok' : 'absent', source, problem: null, serverUrl: 'https://sync.hospital.example',
  settings: [{ key: 'autoLockMinutes', value, origin }],
});
/** The organisation's policy as heard on sync: 10 minutes. */
const ORG = { policy: { autoLockMinutes: 10, offlineGrantHours: 72, syncIntervalSeconds: 30, cdsSuppressionHours: 0, updatedAt: '2026-12-01T00:00:00Z', receivedAt: '2026-12-01T00:00:00Z' }, wipedAt: null, mustChangePassword: false };
const user = { userId: 'u-1', username: 'dr.ada', displayName: 'Dr. Ada', role: 'physician' } as const;

function show(ui: ReactElement, machine: MachinePolicyView | null): void {
  const api = fakeApi({
    session: { organisation: () => Promise.resolve(ORG) } as never,
    ...(machine === null ? {} : { machinePolicy: { current: () => Promise.resolve(machine) } }),
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider>{ui}</LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('the auto-lock the lock screen and the idle warning name', () => {
  it("names the machine policy's shorter timeout, not the organisation's, as set by the organisation", async () => {
    show(<LockScreen user={user} />, view('5 minutes', 'machine'));
    expect((await screen.findByTestId('auto-lock-policy')).textContent).toBe('Auto-lock after 5 minutes without activity: set by your organisation.');
    expect(screen.queryByText(/10 minutes/)).toBeNull();
    cleanup();
    show(<IdleWarning locksAt={Date.now() + 30_000} onStay={() => undefined} />, view('5 minutes', 'machine'));
    expect((await screen.findByTestId('idle-warning-policy')).textContent).toBe('Auto-lock after 5 minutes: set by your organisation.');
    expect(screen.getByTestId('idle-warning').textContent).toContain('locks in 30 seconds');
  });

  it("names the organisation's when it is the shorter", async () => {
    show(<LockScreen user={user} />, view('1 minute', 'organisation'));
    expect((await screen.findByTestId('auto-lock-policy')).textContent).toBe('Auto-lock after 1 minute without activity: set by your organisation.');
  });

  it("says nothing of the organisation when the workstation's own setting applies", async () => {
    show(<LockScreen user={user} />, view('10 minutes', 'workstation'));
    await screen.findByText('Workstation locked');
    // Let both queries answer before looking for the line that must not be there.
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('auto-lock-policy')).toBeNull();
  });

  it("falls back to the organisation's policy on a host without machine policy", async () => {
    show(<LockScreen user={user} />, null);
    expect((await screen.findByTestId('auto-lock-policy')).textContent).toBe('Auto-lock after 10 minutes without activity: set by your organisation.');
  });
});
